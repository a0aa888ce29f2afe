// Comments anywhere: a comment of each kind inserted at every token boundary of real files
// survives formatting exactly once, and the result is stable and means the same.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { format } from "../../src/format/format.js";
import { lex } from "../../src/syntax/parse.js";
import { expectCleanText, expectSameMeaning, FIXTURES, ROOT, segFiles } from "./helpers.js";

// Between them these use every kind of declaration, expression, window and rate.
const files = [
  ...[
    "01-schema",
    "03-segmentation",
    "07-windows-rates",
    "08-typed-literals",
    "09-measures-params",
    "10-operators",
  ].map((n) => join(FIXTURES, `${n}.expected.seg`)),
  ...segFiles(join(ROOT, "examples")).slice(0, 1),
];

// Inline block, end-of-line, and own-line doc comments (the kinds the printer treats differently).
const comments = [" /* c */ ", " // c\n", "\n/// d\n"];

describe.each(files.map((f) => [f.slice(ROOT.length + 1), f]))("%s", (_name, path) => {
  const source = readFileSync(path, "utf8");
  const boundaries = [...new Set(lex(source).flatMap((t) => [t.span.start, t.span.end]))].sort((a, b) => a - b);

  it.each(comments.map((c) => [JSON.stringify(c), c]))("with %s at every token boundary", (_label, comment) => {
    let formatted = 0;
    for (const at of boundaries) {
      const text = source.slice(0, at) + comment + source.slice(at);
      const r = format(text, "x.seg");
      if (!r.ok) {
        // Only the inserted comment can make a valid file invalid (e.g. `//` before `}` on one line).
        expect(r.diagnostics.filter((d) => d.message.includes("internal error"))).toEqual([]);
        continue;
      }
      formatted++;
      expectCleanText(r.text);
      expectSameMeaning(text, r.text);
      expect(format(r.text, "x.seg")).toEqual({ ok: true, text: r.text, changed: false });
    }
    expect(formatted).toBeGreaterThan(boundaries.length / 2);
  });
});
