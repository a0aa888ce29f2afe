// The printer on hand-built trees: layout rules that do not need the parser.
import { describe, expect, it } from "vitest";
import type { Comment, Declaration, Expr, Identifier, NumberLiteral, SegFile, Span } from "../../src/syntax/ast.js";
import { printFile, quoteString } from "../../src/format/print.js";

/** Spans by searching the source: `at("x", 1)` is the second `x`. */
function spans(source: string) {
  const at = (text: string, nth = 0): Span => {
    let i = -1;
    for (let k = 0; k <= nth; k++) {
      i = source.indexOf(text, i + 1);
      if (i < 0) throw new Error(`no ${text} #${nth}`);
    }
    return { start: i, end: i + text.length };
  };
  const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });
  const id = (name: string, nth = 0): Identifier => ({ kind: "Identifier", name, span: at(name, nth) });
  const name = (n: string, nth = 0): Expr => ({ kind: "Name", name: id(n, nth), span: at(n, nth) });
  const num = (text: string, nth = 0): NumberLiteral => ({
    kind: "Number",
    text: text.replace(/[_%]/g, ""),
    percent: text.endsWith("%"),
    span: at(text, nth),
  });
  const cmp = (op: "=" | ">" | ">=" | "<", left: Expr, right: Expr): Expr => ({
    kind: "Compare",
    op,
    left,
    right,
    span: join(left.span, right.span),
  });
  const and = (left: Expr, right: Expr, op: "and" | "or" = "and"): Expr => ({
    kind: "Logical",
    op,
    left,
    right,
    span: join(left.span, right.span),
  });
  const comment = (text: string, style: Comment["style"] = "line"): Comment => ({ text, span: at(text), style });
  return { at, join, id, name, num, cmp, and, comment };
}

function file(source: string, declarations: Declaration[]): SegFile {
  return { kind: "File", declarations, span: { start: 0, end: source.length } };
}

describe("printer on hand-built trees", () => {
  it("normalises spaces and keeps a trailing comment", () => {
    const src = "segment   Big where spend>500   and\n orders >= 4 // hi\r\n";
    const s = spans(src);
    const cond = s.and(s.cmp(">", s.name("spend"), s.num("500")), s.cmp(">=", s.name("orders"), s.num("4")));
    const decl: Declaration = {
      kind: "Segment",
      name: s.id("Big"),
      condition: cond,
      span: s.join(s.at("segment"), s.at("4")),
    };
    expect(printFile(file(src, [decl]), [s.comment("// hi")], src)).toBe(
      "segment Big where spend > 500 and orders >= 4 // hi\n",
    );
  });

  it("breaks a long chain before each operator", () => {
    const names = ["alpha_value", "beta_value", "gamma_value", "delta_value", "epsilon_value", "zeta_value"];
    const src = `segment Long where ${names.map((n) => `${n} > 1000000`).join(" and ")}`;
    const s = spans(src);
    const cmps = names.map((n, i) => s.cmp(">", s.name(n), s.num("1000000", i)));
    const cond = cmps.slice(1).reduce((l, r) => s.and(l, r), cmps[0]!);
    const decl: Declaration = {
      kind: "Segment",
      name: s.id("Long"),
      condition: cond,
      span: { start: 0, end: src.length },
    };
    expect(printFile(file(src, [decl]), [], src)).toBe(
      "segment Long where alpha_value > 1000000\n" +
        names
          .slice(1)
          .map((n) => `  and ${n} > 1000000\n`)
          .join(""),
    );
  });

  it("moves a line comment inside a chain to the end of its line", () => {
    const src = "segment S where a = 1 // first\n and b = 2";
    const s = spans(src);
    const cond = s.and(s.cmp("=", s.name("a"), s.num("1")), s.cmp("=", s.name("b"), s.num("2")));
    const decl: Declaration = {
      kind: "Segment",
      name: s.id("S"),
      condition: cond,
      span: { start: 0, end: src.length },
    };
    expect(printFile(file(src, [decl]), [s.comment("// first")], src)).toBe(
      "segment S where a = 1 // first\n  and b = 2\n",
    );
  });

  it("keeps an inline block comment between the same tokens", () => {
    const src = "segment S where a =/* c */1";
    const s = spans(src);
    const decl: Declaration = {
      kind: "Segment",
      name: s.id("S"),
      condition: s.cmp("=", s.name("a"), s.num("1")),
      span: { start: 0, end: src.length },
    };
    expect(printFile(file(src, [decl]), [s.comment("/* c */", "block")], src)).toBe("segment S where a = /* c */ 1\n");
  });

  it("aligns segmentation branches and keeps doc comments", () => {
    const src = "segmentation T {\n/// top\nHigh where x > 1\n  Churned otherwise }";
    const s = spans(src);
    const decl: Declaration = {
      kind: "Segmentation",
      name: s.id("T"),
      branches: [
        {
          kind: "Branch",
          doc: "top",
          name: s.id("High"),
          condition: s.cmp(">", s.name("x"), s.num("1")),
          span: s.join(s.at("High"), s.at("1")),
        },
        { kind: "Branch", name: s.id("Churned"), span: s.join(s.at("Churned"), s.at("otherwise")) },
      ],
      span: { start: 0, end: src.length },
    };
    expect(printFile(file(src, [decl]), [s.comment("/// top", "doc")], src)).toBe(
      "segmentation T {\n  /// top\n  High    where x > 1\n  Churned otherwise\n}\n",
    );
  });

  it("puts blank lines between declarations of different kinds only", () => {
    const src = "import \"a.seg\" import 'b.seg'\nparam alpha: int = 1\nparam beta: int = 2";
    const s = spans(src);
    const str = (v: string, text: string) => ({ kind: "String" as const, value: v, span: s.at(text) });
    const ty = (nth: number) => ({
      kind: "Type" as const,
      name: "int",
      nameSpan: s.at("int", nth),
      span: s.at("int", nth),
    });
    const decls: Declaration[] = [
      { kind: "Import", path: str("a.seg", '"a.seg"'), span: s.join(s.at("import"), s.at('"a.seg"')) },
      { kind: "Import", path: str("b.seg", "'b.seg'"), span: s.join(s.at("import", 1), s.at("'b.seg'")) },
      { kind: "Param", name: s.id("alpha"), type: ty(0), value: s.num("1"), span: s.join(s.at("param"), s.at("1")) },
      { kind: "Param", name: s.id("beta"), type: ty(1), value: s.num("2"), span: s.join(s.at("param", 1), s.at("2")) },
    ];
    expect(printFile(file(src, decls), [], src)).toBe(
      'import "a.seg"\nimport "b.seg"\n\nparam alpha: int = 1\nparam beta: int = 2\n',
    );
  });

  it("prints an empty file as empty and a comment-only file with one newline", () => {
    expect(printFile(file("", []), [], "")).toBe("");
    const src = "  // only\r\n\r\n\r\n/* and */  ";
    const s = spans(src);
    expect(printFile(file(src, []), [s.comment("// only"), s.comment("/* and */", "block")], src)).toBe(
      "// only\n\n/* and */\n",
    );
  });

  it("refuses a tree whose nodes are out of source order (format turns that into a diagnostic)", () => {
    const src = "segment S where a = b";
    const s = spans(src);
    // Operands swapped: printing them would misplace any comment between them.
    const decl: Declaration = {
      kind: "Segment",
      name: s.id("S"),
      condition: s.cmp("=", s.name("b"), s.name("a")),
      span: { start: 0, end: src.length },
    };
    expect(() => printFile(file(src, [decl]), [], src)).toThrow(/out of source order/);
  });

  it("quotes strings with minimal escapes", () => {
    expect(quoteString(`it's "x" \\ \n\t\u0001\u2028`)).toBe(`"it's \\"x\\" \\\\ \\n\\t\\u{1}\\u{2028}"`);
    expect(quoteString("é😀")).toBe('"é😀"');
    // No valid escape exists for these: they stay as they are.
    expect(quoteString("\ud800\u0000")).toBe('"\ud800\u0000"');
  });
});
