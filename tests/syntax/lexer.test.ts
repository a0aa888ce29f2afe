// Tokens for editors, literal decoding and lexical diagnostics.
import { describe, expect, it } from "vitest";
import { lex, parse } from "../../src/syntax/parse.js";
import { decodeString, isWellFormedNumber, numberText } from "../../src/syntax/tokens.js";
import { lineColumn } from "./helpers.js";

describe("lex", () => {
  it("returns every token and comment in source order with a category", () => {
    const text = '/// doc\nsegment A where from >= 10% and x in ("a") // c\n/* b */ over 3 days';
    expect(lex(text).map((t) => `${t.category}:${t.type}:${t.text}`)).toEqual([
      "comment:DocComment:/// doc",
      "contextual-keyword:Segment:segment",
      "identifier:Identifier:A",
      "keyword:Where:where",
      "contextual-keyword:From:from",
      "operator:GtEq:>=",
      "number:PercentLit:10%",
      "keyword:And:and",
      "identifier:Identifier:x",
      "keyword:In:in",
      "punctuation:LParen:(",
      'string:StringLit:"a"',
      "punctuation:RParen:)",
      "comment:LineComment:// c",
      "comment:BlockComment:/* b */",
      "contextual-keyword:Over:over",
      "number:NumberLit:3",
      "unit:Unit:days",
    ]);
  });

  it("gives spans as UTF-16 offsets", () => {
    const text = 'x = "😀" and y';
    const tokens = lex(text);
    expect(tokens.map((t) => text.slice(t.span.start, t.span.end))).toEqual(["x", "=", '"😀"', "and", "y"]);
  });

  it("tells longer words from keywords they start with", () => {
    const words = "segmentation segment top to toplevel days day_of_week minutes in int isnull ordered_at";
    expect(lex(words).map((t) => t.type)).toEqual([
      "Segmentation",
      "Segment",
      "Top",
      "To",
      "Identifier",
      "Unit",
      "Identifier",
      "Unit",
      "In",
      "Identifier",
      "Identifier",
      "Identifier",
    ]);
  });

  it("never throws, even on garbage", () => {
    expect(() => lex("\u0000\uD800€\u{10FFFF}\"'/*")).not.toThrow();
  });
});

describe("strings", () => {
  it.each([
    [String.raw`"plain"`, "plain"],
    [String.raw`'single'`, "single"],
    [String.raw`"a\\b"`, "a\\b"],
    [String.raw`"\"q\""`, '"q"'],
    [String.raw`'\'q\''`, "'q'"],
    [String.raw`"l1\nl2\tx"`, "l1\nl2\tx"],
    [String.raw`"\u{41}\u{1F600}\u{10FFFF}"`, "A😀\u{10FFFF}"],
    [`"日本語"`, "日本語"],
  ])("decodes %s", (image, value) => expect(decodeString(image)).toEqual({ value, problems: [] }));

  it.each([
    [String.raw`"\q"`, [{ kind: "escape", text: "\\q", start: 1, end: 3 }]],
    [String.raw`"\u{0}"`, [{ kind: "escape", text: "\\u{0}", start: 1, end: 6 }]],
    [String.raw`"\u{DFFF}"`, [{ kind: "escape", text: "\\u{DFFF}", start: 1, end: 9 }]],
    [String.raw`"\u{110000}"`, [{ kind: "escape", text: "\\u{110000}", start: 1, end: 11 }]],
    [String.raw`"\u{1234567}"`, [{ kind: "escape", text: "\\u{1234567}", start: 1, end: 12 }]],
    [String.raw`"\u41"`, [{ kind: "escape", text: "\\u", start: 1, end: 3 }]],
    [`"open`, [{ kind: "unterminated", text: "", start: 0, end: 5 }]],
    [String.raw`"ends in escape\"`, [{ kind: "unterminated", text: "", start: 0, end: 17 }]],
  ])("reports problems in %s", (image, problems) => expect(decodeString(image).problems).toEqual(problems));

  it("reports each bad escape at its place, and an unterminated string", () => {
    const text = 'segment A where s = "a\\qb\\u{0}" or t = "open\nsegment B where x';
    const result = parse(text, "s.seg");
    expect(result.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([
      ["SEG103", "\\q"],
      ["SEG103", "\\u{0}"],
      ["SEG102", '"open'],
    ]);
    expect(result.file.declarations).toHaveLength(2);
  });
});

describe("numbers", () => {
  it.each(["0", "500", "12.5", "1_000_000", "1_000.000_1", "10%", "2.5%"])("%s is well formed", (n) =>
    expect(isWellFormedNumber(n)).toBe(true),
  );
  it.each(["1__0", "1_", "1_.5", "1._5", "1.5_"])("%s is not", (n) => expect(isWellFormedNumber(n)).toBe(false));

  it("drops `_` and `%` from the text", () => {
    expect(numberText("1_000_000")).toBe("1000000");
    expect(numberText("2.5%")).toBe("2.5");
  });

  it("reports a malformed number once and keeps parsing", () => {
    const result = parse("segment A where x > 1__0 and y < 2", "n.seg");
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([["SEG106", "invalid number `1__0`"]]);
  });
});

describe("comments and unknown characters", () => {
  it("reports an unterminated block comment at its start", () => {
    const text = "segment A where x\n/* open\nsegment B where y";
    const result = parse(text, "c.seg");
    expect(result.diagnostics.map((d) => [d.code, lineColumn(text, d.span.start)])).toEqual([
      ["SEG105", { line: 2, column: 1 }],
    ]);
    expect(result.comments.at(-1)).toMatchObject({ style: "block", text: "/* open\nsegment B where y" });
  });

  it("reports each run of unknown characters once and goes on lexing", () => {
    const text = "segment A where x > 1 €€ and y # 2\nsegment B where \u00a0z";
    const result = parse(text, "u.seg");
    expect(result.diagnostics.filter((d) => d.code === "SEG104").map((d) => d.message)).toEqual([
      "unexpected character `€€`",
      "unexpected character `#`",
      "unexpected character `U+00A0`",
    ]);
    expect(result.file.declarations).toHaveLength(2);
  });

  it("skips a byte order mark", () => {
    expect(parse("\uFEFFsegment A where x", "b.seg").diagnostics).toEqual([]);
  });
});
