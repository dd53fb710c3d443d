// What the live server's proxy (live-server.mjs) can do to one request instead of passing it
// through: the faults between a visitor's browser and the chat server that the widget must live
// through with nothing lost and nothing doubled (test/elements/faults.test.ts).

/** The CORS headers the chat server would have sent: a refusal the page may read. */
const cors = (req) => ({
  'Access-Control-Allow-Origin': req.headers.origin ?? '*',
  'Access-Control-Expose-Headers': 'Retry-After, Date, X-Conversation-Id',
  Vary: 'Origin',
  'Content-Type': 'application/json',
});

const refusal = (req, res, status, code, headers = {}) => {
  res.writeHead(status, { ...cors(req), ...headers });
  res.end(JSON.stringify({ error: { code, message: `The proxy answered ${status}.` } }));
};

/**
 * The faults by name. Each is given the request, its response, and `forward(onAnswer)`, which sends
 * the request on to the server and calls `onAnswer(answer)` with the server's response.
 */
export const FAULTS = {
  /** The server is down: a 503 before it sees the request. */
  unavailable: (req, res) => refusal(req, res, 503, 'unavailable'),
  /** Too many requests: a 429 asking to wait a second. */
  'rate-limited': (req, res) => refusal(req, res, 429, 'rate_limited', { 'Retry-After': '1' }),
  /** The connection drops before the request reaches the server. */
  'drop-request': (req) => req.socket.destroy(),
  /** The server answers in full, and the answer is lost on the way back. */
  'drop-response': (req, res, forward) =>
    forward((answer) => {
      answer.resume();
      answer.on('end', () => res.socket?.destroy());
    }),
  /** A slow server: nothing comes back for three seconds, then the answer does. */
  slow: (req, res, forward) =>
    setTimeout(
      () =>
        forward((answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        }),
      3000,
    ),
};
