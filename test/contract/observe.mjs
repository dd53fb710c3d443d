// What two implementations must agree on, with what may differ between them taken out: ids,
// times and texts become their type; codes, statuses, roles, field names and headers that change
// what a client does stay as they are.

/** Values a client branches on: kept as they are. */
const MEANINGFUL = new Set(['code', 'status', 'role', 'type', 'fields']);

/** The shape of a JSON value: object keys (sorted), array items (the first one stands for all), types. */
export function shape(value, key) {
  if (Array.isArray(value)) {
    if (key && MEANINGFUL.has(key)) return [...value].sort();
    return value.length ? [shape(value[0])] : [];
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape(value[k], k)]),
    );
  }
  if (key && MEANINGFUL.has(key)) return value;
  return value === null ? null : typeof value;
}

/** A response as the contract compares it. */
export function observe(reply) {
  return {
    status: reply.status,
    contentType: reply.headers.get('content-type')?.split(';')[0] ?? null,
    readableBy: reply.headers.get('access-control-allow-origin'),
    retryAfter: reply.headers.has('retry-after'),
    body: reply.json === undefined ? undefined : shape(reply.json),
  };
}

/**
 * Where two observations differ, as `path: a ≠ b` lines. An empty array matches any array: one
 * backend had nothing of that kind to show (no related pages for this question), which says
 * nothing about the contract; whatever both have must have the same shape.
 */
export function differences(a, b, path = '') {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === 0 || b.length === 0) return [];
    if (a.length !== b.length || typeof a[0] !== 'object') {
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
    }
    return a.flatMap((item, i) => differences(item, b[i], `${path}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) =>
      k in a && k in b
        ? differences(a[k], b[k], `${path}.${k}`)
        : [`${path}.${k}: ${k in a ? 'only in the first' : 'only in the second'}`],
    );
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}
