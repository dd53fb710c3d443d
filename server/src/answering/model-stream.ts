import { EventSourceParserStream } from 'eventsource-parser/stream';

/** A chat completion, whole (`message`) or one streamed chunk of it (`delta`). */
export interface Completion {
  choices?: { message?: { content?: unknown }; delta?: { content?: unknown } }[];
}

/**
 * The text of a streamed chat completion (`data: {choices: [{delta: {content}}]}` ... `data: [DONE]`),
 * handing each piece to `onText` as it arrives.
 */
export async function readCompletionStream(
  body: ReadableStream<Uint8Array>,
  onText?: (text: string) => void,
): Promise<string> {
  let text = '';
  const events = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  for await (const { data } of events) {
    if (data === '[DONE]') break;
    const piece = (JSON.parse(data) as Completion).choices?.[0]?.delta?.content;
    if (typeof piece === 'string' && piece) {
      text += piece;
      onText?.(piece);
    }
  }
  return text;
}
