import { mock } from 'node:test';

/** What `run` printed with console.log, a line per call (the CLI commands print their results). */
export async function printed(run: () => Promise<void>): Promise<string[]> {
  const log = mock.method(console, 'log', () => {});
  try {
    await run();
    return log.mock.calls.map((call) => String(call.arguments[0]));
  } finally {
    log.mock.restore();
  }
}
