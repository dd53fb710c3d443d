import { bodyLimit } from 'hono/body-limit';
import { ApiProblem } from './problem.js';

/** The largest request body the widget API reads: a 4,000-character message and its fields fit with room. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Refuses a larger body with a 413 before anything reads it. */
export const limitBody = () =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiProblem(413, 'bad_request', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    },
  });
