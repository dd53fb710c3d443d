import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { splitBlocks } from '../../src/markdown/blocks.js';
import { renderMarkdown } from '../../src/markdown/render.js';

// An answer is rendered block by block, so that while it is written only its last block is parsed
// again. Split or whole, a visitor must see the same thing.

const options = { newTabHint: '(opens in a new tab)' };

function markup(content: unknown): string {
  const host = document.createElement('div');
  render(content, host);
  return host.innerHTML
    .replace(/<!--[^]*?-->/g, '')
    .replace(/>\s+</g, '><')
    .trim();
}

const byBlocks = (text: string) => markup(splitBlocks(text).map((block) => renderMarkdown(block, options)));
const whole = (text: string) => markup(renderMarkdown(text, options));

const ANSWERS = [
  'First paragraph with **bold**.\n\nSecond one, with a [link](https://docs.example/a).\n\nThird [1].',
  'Steps:\n\n1. Install it\n\n2. Paste the tag\n\n3. Open the page\n\nDone.',
  '- one\n- two\n\n  still two\n\n- three\n\nAfter the list.',
  'Run this:\n\n```sh\nnpm install\n\nnpm start\n```\n\nThen open it.',
  '~~~\ncode with ``` inside\n\nmore\n~~~\n\nText.',
  '> A quote\n\n> Another quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\nEnd.',
  '    indented code\n\n    more of it\n\nText.',
];

describe('answers split into blocks', () => {
  it('looks the same rendered block by block as rendered whole', () => {
    for (const answer of ANSWERS) expect(byBlocks(answer), answer).to.equal(whole(answer));
  });

  it('splits at blank lines, but never inside a code fence or a list', () => {
    expect(splitBlocks('a\n\nb\n\nc')).to.deep.equal(['a', 'b', 'c']);
    expect(splitBlocks('```\nx\n\ny\n```\n\nz')).to.deep.equal(['```\nx\n\ny\n```', 'z']);
    expect(splitBlocks('1. a\n\n2. b\n\nc')).to.deep.equal(['1. a\n\n2. b', 'c']);
  });

  it('never shows a fence being written as text: an unclosed fence is already code', () => {
    const answer = 'Run:\n\n```sh\nnpm install\nnpm start\n```\n\nDone.';
    for (let end = 1; end <= answer.length; end++) {
      const shown = byBlocks(answer.slice(0, end));
      expect(shown, answer.slice(0, end)).not.to.contain('```');
    }
  });
});
