// Random edits of valid files: `format` never throws, and whenever it formats, the result
// is clean, idempotent and means the same as the edited input.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../../src/format/format.js";
import { expectCleanText, expectSameMeaning, FIXTURES, ROOT, segFiles } from "./helpers.js";

const sources = [
  ...segFiles(FIXTURES),
  ...segFiles(join(ROOT, "tests", "syntax", "fixtures", "valid")),
  ...segFiles(join(ROOT, "examples")),
].map((f) => readFileSync(f, "utf8"));

// Pieces that make edits interesting for a formatter: comments, line ends, quotes, operators, keywords.
const pieces = [
  "\n",
  "\r\n",
  " ",
  "\t",
  "\n\n\n",
  "//",
  "/// doc\n",
  "// c\n",
  "/* c */",
  "/*\n x \n*/",
  "/*",
  "*/",
  '"',
  "'",
  "\\",
  "(",
  ")",
  "{",
  "}",
  ",",
  ".",
  ":",
  "?",
  "%",
  "=",
  "!=",
  ">=",
  "<",
  "-",
  "+",
  "*",
  "/",
  " and ",
  " or ",
  " not ",
  "where",
  " over last 3 days",
  " per week",
  " every month",
  " in top 5%",
  " is not null",
  "segment",
  "segmentation",
  "otherwise",
  "entity",
  "events",
  "measure",
  "param",
  "default window last 1 day",
  "import",
  "1_000",
  "2.50",
  "1",
  "0",
  "x",
  "orders",
  'date "2024-01-01"',
  "\u00e9",
  "\u{1F600}",
];

const edit = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...pieces) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ maxLength: 4 }) }),
);

type Edit = { kind: "insert"; at: number; text: string } | { kind: "delete"; at: number; length: number };

function apply(text: string, edits: readonly Edit[]): string {
  for (const e of edits) {
    const at = text.length === 0 ? 0 : e.at % (text.length + 1);
    text =
      e.kind === "insert" ? text.slice(0, at) + e.text + text.slice(at) : text.slice(0, at) + text.slice(at + e.length);
  }
  return text;
}

describe("format on randomly edited files", () => {
  it("has files to edit", () => {
    expect(sources.length).toBeGreaterThan(0);
  });

  it("never throws; when it formats, the result is stable and means the same", () => {
    let formattedCount = 0;
    fc.assert(
      fc.property(fc.nat({ max: sources.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (i, edits) => {
        const text = apply(sources[i]!, edits);
        const r = format(text, "fuzz.seg");
        if (!r.ok) {
          expect(r.diagnostics.length).toBeGreaterThan(0);
          // An internal formatter failure is a bug, not a property of the input.
          expect(r.diagnostics.filter((d) => d.message.includes("internal error"))).toEqual([]);
          return;
        }
        formattedCount++;
        expectCleanText(r.text);
        expectSameMeaning(text, r.text);
        expect(format(r.text, "fuzz.seg")).toEqual({ ok: true, text: r.text, changed: false });
      }),
      { numRuns: 1000 },
    );
    // The property is only worth something if many edits still parse.
    expect(formattedCount).toBeGreaterThan(100);
  });
});
