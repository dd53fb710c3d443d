import { EventSourceParserStream } from 'eventsource-parser/stream';

/** A chat completion, whole (`message`) or one streamed chunk of it (`delta`). */
export interface Completion {
  choices?: { message?: { content?: unknown }; delta?: { content?: unknown }; finish_reason?: unknown }[];
}

/**
 * The text of a streamed chat completion (`data: {choices: [{delta: {content}}]}` ... `data: [DONE]`),
 * handing each piece to `onText` as it arrives and calling `alive` at each event (the caller's
 * idle timer). A stream that ends before `[DONE]` or a `finish_reason` was cut off: it throws, so a
 * truncated answer is never taken for a complete one.
 */
export async function readCompletionStream(
  body: ReadableStream<Uint8Array>,
  onText: (text: string) => void,
  alive: () => void = () => {},
): Promise<string> {
  let text = '';
  let finished = false;
  const events = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  for await (const { data } of events) {
    alive();
    if (data === '[DONE]') {
      finished = true;
      break;
    }
    const choice = (JSON.parse(data) as Completion).choices?.[0];
    const piece = choice?.delta?.content;
    if (typeof piece === 'string' && piece) {
      text += piece;
      onText(piece);
    }
    if (choice?.finish_reason) finished = true;
  }
  if (!finished) throw new Error('the stream ended before the answer did');
  return text;
}
