/**
 * Text as an answerer writes it, for a response stream to read at its own pace: `push` pieces,
 * `end` once, and iterate with `for await`. `started` resolves with the first piece (or the end).
 */
export class TextQueue implements AsyncIterable<string> {
  #pieces: string[] = [];
  #ended = false;
  #wake?: () => void;
  #start!: () => void;
  readonly started = new Promise<void>((resolve) => (this.#start = resolve));

  push(text: string): void {
    if (this.#ended) return;
    this.#pieces.push(text);
    this.#start();
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#start();
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      while (this.#pieces.length) yield this.#pieces.shift()!;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}
