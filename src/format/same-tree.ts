// "Formatting does not change meaning": two parses are the same when their trees are
// equal once source positions are dropped, and they hold the same comments in order.
import type { Comment, SegFile } from "../syntax/ast.js";

const POSITION_KEYS = new Set(["span", "nameSpan", "unitSpan"]);

/** A deep copy of an AST without its source positions. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!POSITION_KEYS.has(k) && v !== undefined) out[k] = stripSpans(v);
  }
  return out;
}

/** A comment's text as the formatter prints it: LF line ends, no trailing blanks on any line. */
export function normalizeComment(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trimEnd();
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export function sameTree(
  a: { readonly file: SegFile; readonly comments: readonly Comment[] },
  b: { readonly file: SegFile; readonly comments: readonly Comment[] },
): boolean {
  const texts = (cs: readonly Comment[]): string[] => cs.map((c) => normalizeComment(c.text));
  return deepEqual(stripSpans(a.file), stripSpans(b.file)) && deepEqual(texts(a.comments), texts(b.comments));
}
