// Errors about the user's data (missing files, columns, bad values): the CLI prints the message
// alone, without a stack, and exits 1. Anything else that escapes is a bug.

export class DataError extends Error {
  override readonly name = "DataError";
}

/** `1234567` → `1,234,567` (grouping fixed, whatever the locale, so output is deterministic). */
export function formatCount(n: number | bigint): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A value as it appears in a message: quoted, shortened, control characters visible. */
export function showValue(v: string): string {
  const short = v.length > 60 ? `${v.slice(0, 57)}...` : v;
  return JSON.stringify(short);
}
