// No input, however broken, makes the parser, checker, formatter or compiler throw.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, overlayHost } from "../../src/api/check.js";
import { compile } from "../../src/api/compile.js";
import { format } from "../../src/format/format.js";
import { parse } from "../../src/syntax/parse.js";

const RUNS = Number(process.env.SEG_FUZZ_RUNS ?? 1000);
const examples = new URL("../../examples/", import.meta.url).pathname;
const schemaOf = (dir: string) => readFileSync(join(examples, dir, "schema.seg"), "utf8");
/** Small valid files: each example's imports, params and measures plus one of its segments. */
const sources = readdirSync(examples)
  .filter((d) => !d.includes("."))
  .flatMap((d) => {
    const text = readFileSync(join(examples, d, "segments.seg"), "utf8");
    const decls = parse(text, "segments.seg").file.declarations;
    const slice = (x: { span: { start: number; end: number } }) => text.slice(x.span.start, x.span.end);
    const header = decls
      .filter((x) => x.kind !== "Segment" && x.kind !== "Segmentation")
      .map(slice)
      .join("\n");
    return decls
      .filter((x) => x.kind === "Segment" || x.kind === "Segmentation")
      .map((x) => ({ dir: d, schema: schemaOf(d), segments: `${header}\n${slice(x)}\n` }));
  });

const ROOT = "/virtual/property";
const empty = { readFile: () => undefined };

/** Runs every stage on a `segments.seg` next to a real schema; asserts invariants instead of throwing. */
function pipeline(schema: string, text: string): void {
  const files: Record<string, string> = { [`${ROOT}/schema.seg`]: schema, [`${ROOT}/segments.seg`]: text };
  const host = overlayHost(files, empty);
  const r = check([`${ROOT}/segments.seg`], { host });
  for (const d of r.diagnostics) {
    const len = (files[d.file] ?? "").length;
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(len);
    expect(d.code).toMatch(/^SEG[1-5]\d\d$/);
  }
  const f = format(text, "segments.seg");
  if (f.ok) expect(format(f.text, "segments.seg")).toMatchObject({ ok: true, changed: false });
  if (r.errors === 0) {
    for (const to of ["sql", "js"] as const) {
      const c = compile(`${ROOT}/segments.seg`, { to, host, dialect: "postgres" });
      expect(c.ok || c.diagnostics.length > 0).toBe(true);
    }
  }
}

const edit = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(
      "(",
      ")",
      "{",
      "}",
      " and ",
      " or ",
      "not ",
      '"',
      "'",
      "\\",
      " over ",
      " per ",
      "%",
      ".",
      "where",
      "segment",
      "\n",
      "//",
      "/*",
      "1_0",
      "-",
      "null",
      "top",
      "ago",
    ),
  }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
);

function apply(text: string, edits: { kind: string; at: number; len?: number; text?: string }[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length ? e.at % t.length : 0;
    if (e.kind === "delete") t = t.slice(0, at) + t.slice(at + e.len!);
    else if (e.kind === "insert") t = t.slice(0, at) + e.text + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + e.len!) + t.slice(at);
  }
  return t;
}

describe("the pipeline never throws", () => {
  it("starts mostly from valid files (a segment may refer to one left out)", () => {
    const clean = sources.filter((s) => {
      const files = { [`${ROOT}/schema.seg`]: s.schema, [`${ROOT}/segments.seg`]: s.segments };
      return check([`${ROOT}/segments.seg`], { host: overlayHost(files, empty) }).errors === 0;
    });
    expect(clean.length).toBeGreaterThan(sources.length * 0.75);
  });

  it(`on random text (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => pipeline(sources[0]!.schema, text)),
      { numRuns: RUNS },
    );
  });

  it(`on examples with random edits (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.nat({ max: sources.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (i, edits) => {
        const s = sources[i]!;
        pipeline(s.schema, apply(s.segments, edits));
      }),
      { numRuns: RUNS },
    );
  });
});
