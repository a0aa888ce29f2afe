// Property tests: whatever the text, parsing and lexing do not fail, spans lie within the text and
// within their parents, and required fields are filled. SEG_FUZZ_RUNS sets the number of runs.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lex, parse } from "../../src/syntax/parse.js";
import { treeProblems } from "./helpers.js";

const numRuns = Number(process.env["SEG_FUZZ_RUNS"] ?? 1000);
/** Editing whole fixtures takes a few milliseconds a run: give large run counts the time they need. */
const timeout = Math.max(120_000, numRuns * 30);

function holds(text: string): boolean {
  const result = parse(text, "fuzz.seg");
  const problems = treeProblems(result, text);
  const internal = result.diagnostics.filter((d) => d.code === "SEG109").map((d) => d.message);
  expect([...problems, ...internal]).toEqual([]);
  for (const token of lex(text)) {
    expect(token.span.start).toBeGreaterThanOrEqual(0);
    expect(token.span.end).toBeLessThanOrEqual(text.length);
  }
  return true;
}

const words = [
  ...["import", "entity", "events", "measure", "param", "default", "window", "segment", "segmentation"],
  ...["from", "key", "of", "by", "at", "for", "where", "otherwise", "last", "to", "over", "per", "every"],
  ...["in", "least", "top", "bottom", "within", "ago", "between", "contains", "starts", "ends", "with"],
  ...["and", "or", "not", "is", "null", "true", "false", "now", "date", "timestamp", "days", "week"],
  ...["orders", "x", "count", "int", "decimal", "enum", "1", "12.5", "1_000", "10%", '"s"', "'t'", '"open'],
  ...["{", "}", "(", ")", ",", ":", "?", ".", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"],
  ...["//", "///", "/*", "*/", "€", "\\", "\n"],
];
const separators = [" ", "\n", "", "  "];
const tokenText = fc
  .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(...separators)), { maxLength: 60 })
  .map((parts) => parts.map(([w, s]) => w + s).join(""));

const validDir = join(import.meta.dirname, "fixtures", "valid");
const validTexts = readdirSync(validDir)
  .filter((f) => f.endsWith(".seg"))
  .sort()
  .map((f) => readFileSync(join(validDir, f), "utf8"));

type Edit = { kind: "delete" | "insert" | "duplicate"; at: number; length: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom("delete", "insert", "duplicate"),
  at: fc.nat(),
  length: fc.nat({ max: 40 }),
  text: fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 8 })),
});

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  const end = Math.min(text.length, at + e.length);
  if (e.kind === "delete") return text.slice(0, at) + text.slice(end);
  if (e.kind === "insert") return text.slice(0, at) + e.text + text.slice(at);
  return text.slice(0, end) + text.slice(at, end) + text.slice(end);
}

describe("parse never fails", () => {
  it("on random graphemes", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), holds), { numRuns });
  });

  it("on random code points", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), holds), { numRuns });
  });

  it("on random UTF-16 code units, lone surrogates included", () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: codeUnit, maxLength: 200 }), holds), { numRuns });
  });

  it("on sequences of Seg tokens", () => {
    fc.assert(fc.property(tokenText, holds), { numRuns });
  });

  it(
    "on valid files with random edits",
    () => {
      const edited = fc
        .tuple(fc.constantFrom(...validTexts), fc.array(edit, { minLength: 1, maxLength: 6 }))
        .map(([text, edits]) => edits.reduce(applyEdit, text));
      fc.assert(fc.property(edited, holds), { numRuns });
    },
    timeout,
  );
});
