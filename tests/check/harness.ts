// Test helpers for the checker: `[[…]]` in a source marks where a diagnostic is expected.
import { resolve } from "node:path";
import { expect } from "vitest";
import { check, overlayHost } from "../../src/api/check.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

export const SCHEMA = `entity customer from "customers" key id {
  id: string
  age: int?
  country: string
  plan: enum("free", "pro", "enterprise")
  signup_at: timestamp
  score: float?
}

events orders of customer from "orders" by customer_id at ordered_at {
  amount: decimal(2)
  status: enum("paid", "refunded", "cancelled")
  channel: string
}
`;

const ROOT = resolve("/virtual/seg-tests");

export interface Marked {
  readonly text: string;
  readonly spans: { start: number; end: number }[];
}

/** Strips `[[` and `]]` markers, returning the text and the marked spans. */
export function mark(source: string): Marked {
  const spans: { start: number; end: number }[] = [];
  let text = "";
  let open = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith("[[", i)) {
      open = text.length;
      i++;
    } else if (source.startsWith("]]", i) && open >= 0) {
      spans.push({ start: open, end: text.length });
      open = -1;
      i++;
    } else text += source[i];
  }
  return { text, spans };
}

/** Checks `main.seg` (with the schema available as `schema.seg`, plus extra files) and returns its diagnostics. */
export function diagnose(
  main: string,
  extra: Record<string, string> = {},
  options: { params?: Record<string, string> } = {},
): Diagnostic[] {
  const files: Record<string, string> = { [`${ROOT}/schema.seg`]: SCHEMA };
  for (const [k, v] of Object.entries(extra)) files[`${ROOT}/${k}`] = v;
  files[`${ROOT}/main.seg`] = main;
  const r = check([`${ROOT}/main.seg`], {
    host: overlayHost(files, { readFile: () => undefined }),
    params: options.params,
  });
  return [...r.diagnostics];
}

/** Asserts that exactly the marked spans of `source` carry diagnostics with `code` (and no other errors appear). */
export function expectDiagnostics(
  source: string,
  code: string,
  extra: Record<string, string> = {},
  options: { params?: Record<string, string> } = {},
): Diagnostic[] {
  const { text, spans } = mark(source);
  const all = diagnose(text, extra, options).filter((d) => d.file.endsWith("/main.seg"));
  const found = all.filter((d) => d.code === code).map((d) => ({ start: d.span.start, end: d.span.end }));
  expect(found).toEqual(spans);
  const others = all.filter((d) => d.code !== code && d.severity === "error").map((d) => `${d.code} ${d.message}`);
  expect(others).toEqual([]);
  return all.filter((d) => d.code === code);
}

/** Asserts a clean file: no diagnostics at all. */
export function expectClean(source: string, extra: Record<string, string> = {}): void {
  const all = diagnose(source, extra).map((d) => `${d.code} ${d.message} @${d.span.start}`);
  expect(all).toEqual([]);
}

export const withSchema = (body: string): string => `import "./schema.seg"\n${body}`;
