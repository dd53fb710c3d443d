// An answer split into its top-level blocks, so that while it is written only its last block is
// parsed and rendered again (docs/elements.md, "Streaming"): the cost of a piece of text stays the
// same however long the answer already is. A block ends at a blank line outside a code fence,
// unless what follows continues it (an indented line, or a list item that keeps the list going).

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CONTINUES = /^(\s|[-*+] |\d{1,9}[.)] )/;

export function splitBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let start = 0;
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = FENCE.exec(line)?.[1];
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence ? undefined : marker;
      continue;
    }
    if (fence || line.trim() !== '') continue;
    const next = lines[i + 1];
    if (next === undefined || next.trim() === '' || CONTINUES.test(next)) continue;
    blocks.push(lines.slice(start, i).join('\n'));
    start = i + 1;
  }
  blocks.push(lines.slice(start).join('\n'));
  return blocks.filter((b) => b.trim() !== '');
}
