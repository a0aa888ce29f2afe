import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { format } from "../../src/format/format.js";
import { parse } from "../../src/syntax/parse.js";
import { expectCleanText, expectSameMeaning, FIXTURES, ROOT, segFiles } from "./helpers.js";

const inputs = segFiles(FIXTURES).filter((f) => !f.endsWith(".expected.seg"));

function formatted(text: string): string {
  const r = format(text, "x.seg");
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message} @${d.span.start}`).join("\n"));
  return r.text;
}

describe("formatter fixtures (messy input → expected output)", () => {
  it("has at least 10 pairs", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(10);
  });

  it.each(inputs.map((f) => [basename(f), f]))("%s", (_name, path) => {
    const input = readFileSync(path, "utf8");
    const expected = readFileSync(path.replace(/\.seg$/, ".expected.seg"), "utf8");
    const out = formatted(input);
    expect(out).toBe(expected);
    expectCleanText(out);
    expectSameMeaning(input, out);
    const again = format(expected, "x.seg");
    expect(again).toEqual({ ok: true, text: expected, changed: false });
  });

  it("the CRLF fixture really has CRLF line ends and its output has none", () => {
    const input = readFileSync(join(FIXTURES, "06-crlf.seg"), "utf8");
    expect(input).toContain("\r\n");
    expect(formatted(input)).not.toContain("\r");
  });

  it("CRLF and LF versions of a file format the same", () => {
    for (const path of inputs) {
      const lf = readFileSync(path, "utf8").replace(/\r\n/g, "\n");
      expect(formatted(lf.replace(/\n/g, "\r\n"))).toBe(formatted(lf));
    }
  });
});

// Every valid file in the project, whatever is there when the tests run.
const corpus = [
  ...segFiles(join(ROOT, "tests", "syntax", "fixtures", "valid")),
  ...segFiles(join(ROOT, "examples")),
  ...inputs,
  ...segFiles(FIXTURES).filter((f) => f.endsWith(".expected.seg")),
];

describe("every valid .seg file in the project", () => {
  it.each(corpus.map((f) => [relative(ROOT, f), f]))("%s: idempotent and same meaning", (_name, path) => {
    const input = readFileSync(path, "utf8");
    const once = formatted(input);
    expectCleanText(once);
    expectSameMeaning(input, once);
    expect(format(once, "x.seg")).toEqual({ ok: true, text: once, changed: false });
  });
});

// Every broken file in the project: not formatted, its syntax diagnostics returned as they are.
const brokenCorpus = segFiles(join(ROOT, "tests", "syntax", "fixtures", "broken"));

describe("every broken .seg file in the project", () => {
  it.each(brokenCorpus.map((f) => [relative(ROOT, f), f]))("%s: refused with its diagnostics", (_name, path) => {
    const input = readFileSync(path, "utf8");
    const r = format(input, path);
    expect(r).toEqual({ ok: false, diagnostics: parse(input, path).diagnostics });
  });
});

describe("API", () => {
  it("reports whether the text changed", () => {
    expect(format("segment A where true\n")).toEqual({ ok: true, text: "segment A where true\n", changed: false });
    expect(format("segment   A where true")).toEqual({ ok: true, text: "segment A where true\n", changed: true });
  });

  it("keeps an empty file empty", () => {
    expect(format("")).toEqual({ ok: true, text: "", changed: false });
    expect(format(" \n\r\n\t")).toEqual({ ok: true, text: "", changed: true });
  });

  const broken = [
    "segment A where",
    "segment A where age >",
    'entity customer from "t" key id { id: string',
    "segment A where city = 'unterminated",
    "segment A where x = 1 /* unterminated",
    "segment where x = 1",
    "segmentation S { A where }",
    "segment A where x = 1 $",
    'segment A where city = "bad \\q escape"',
    "measure m = (1 + 2",
  ];
  it.each(broken)("does not format a file with syntax errors: %s", (text) => {
    const r = format(text, "broken.seg");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.some((d) => d.severity === "error" && d.code.startsWith("SEG1"))).toBe(true);
    expect(r.diagnostics.every((d) => d.file === "broken.seg")).toBe(true);
    expect("text" in r).toBe(false);
  });
});
