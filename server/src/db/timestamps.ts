/**
 * A timestamp column as the API sends it: ISO 8601 in UTC with microseconds. Clients compare these
 * strings (history's `after` cursor), so every route formats them the same way.
 */
export const isoTimestamp = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
