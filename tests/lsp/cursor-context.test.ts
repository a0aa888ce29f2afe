// The token-level reading of the text before the cursor, in process (no server): what completion
// will be asked to offer at each `<|>`.
import { describe, expect, it } from "vitest";
import { AGGREGATES, FUNCTIONS } from "../../src/check/checker.js";
import { afterOperandWords, cursorAt, declarationStart, type CursorContext } from "../../lsp/src/cursor-context.js";
import { AGGREGATE_DOCS, FUNCTION_DOCS } from "../../lsp/src/describe.js";
import { markers } from "./harness.js";

function at(source: string): { context: CursorContext; prefix: string } {
  const { text, offsets } = markers(source);
  return cursorAt(text, offsets[0]!);
}
const kind = (source: string): string => {
  const c = at(source).context;
  return c.kind === "expr"
    ? `expr:${c.position}${c.filterOf ? `:filter(${c.filterOf})` : ""}${c.aggregateArg ? ":arg" : ""}`
    : c.kind;
};
const words = (source: string): readonly string[] => {
  const c = at(source).context;
  return c.kind === "keywords" ? c.words : [];
};

describe("cursor context", () => {
  it("finds the start of the declaration around the cursor", () => {
    const text = "segment A where x\n  and y\nsegment B where\n  z";
    expect(declarationStart(text, text.length)).toBe(text.indexOf("segment B"));
    expect(declarationStart(text, text.indexOf("and"))).toBe(0);
    // A field called `segment` does not start a declaration.
    const block = 'entity e from "t" key id {\n  segment: string\n  x: <';
    expect(declarationStart(block, block.length)).toBe(0);
  });

  it("reads declaration heads", () => {
    expect(kind("<|>")).toBe("top");
    expect(words("segment A <|>")).toEqual(["where", "for"]);
    expect(kind("segment A for <|>")).toBe("entities");
    expect(words("events e <|>")).toEqual(["of"]);
    expect(kind("events e of <|>")).toBe("entities");
    expect(words('events e of c from "t" <|>')).toEqual(["by"]);
    expect(words('events e of c from "t" by k <|>')).toEqual(["at"]);
    expect(words('entity c from "t" <|>')).toEqual(["key"]);
    expect(words("default <|>")).toEqual(["window"]);
    expect(words("default window <|>")).toEqual(["last", "from"]);
    expect(kind("default window last 30 <|>")).toBe("units");
    expect(kind("param p: <|>")).toBe("types");
    expect(words("segmentation S <|>")).toEqual(["for"]);
    expect(words("segmentation S {\n  High <|>")).toEqual(["where", "otherwise"]);
    expect(words("segmentation S {\n  High where x > 1\n  Low <|>")).toEqual(["where", "otherwise"]);
  });

  it("reads expressions", () => {
    expect(kind("segment A where <|>")).toBe("expr:operand");
    expect(kind("segment A where x > <|>")).toBe("expr:operand");
    expect(kind("segment A where x <|>")).toBe("expr:after-operand");
    expect(kind("segment A where count(<|>")).toBe("expr:operand:arg");
    expect(kind("segment A where count(orders where <|>")).toBe("expr:operand:filter(orders)");
    expect(kind("segment A where count(orders where status = 'x' and <|>")).toBe("expr:operand:filter(orders)");
    expect(kind("segment A where count(orders where status = 'x') > 1 and <|>")).toBe("expr:operand");
    expect(kind("measure m = <|>")).toBe("expr:operand");
    expect(at("segment A where orders.am<|>")).toEqual({
      context: expect.objectContaining({ kind: "member", object: "orders" }),
      prefix: "am",
    });
    expect(words("segment A where x is <|>")).toEqual(["null", "not null"]);
    expect(words("segment A where x starts <|>")).toEqual(["with"]);
    expect(words("segment A where any(orders) over <|>")).toEqual(["last", "from"]);
    expect(words("segment A where t < 30 days <|>")).toEqual(["ago"]);
    expect(kind("segment A where orders >= 4 per <|>")).toBe("units");
    expect(words("segment A where orders >= 1 in at <|>")).toEqual(["least"]);
    expect(words("segment A where x between 1 and 2 and y in <|>")).toEqual(["top", "bottom"]);
  });

  it("knows a comparison is complete (rates may follow)", () => {
    const c = at("segment A where orders >= 4 <|>").context;
    expect(c).toMatchObject({ kind: "expr", position: "after-operand", afterComparison: true, afterNumber: true });
    const inFilter = at("segment A where count(orders where amount > 4 <|>").context;
    expect(inFilter.kind === "expr" && afterOperandWords(inFilter)).toEqual(["and", "or"]);
    const between = at("segment A where x between 1 and 2 <|>").context;
    expect(between).toMatchObject({ kind: "expr", afterComparison: false });
  });

  it("reads strings and their subject", () => {
    expect(at('segment A where status = "pa<|>')).toEqual({
      context: expect.objectContaining({ kind: "string", subject: { name: "status" } }),
      prefix: "pa",
    });
    expect(at("segment A where orders.channel in ('web', '<|>").context).toMatchObject({
      kind: "string",
      subject: { object: "orders", name: "channel" },
    });
    expect(at('segment A where count(orders where status != "<|>').context).toMatchObject({
      kind: "string",
      filterOf: "orders",
    });
    expect(at('import "./<|>').context).toMatchObject({ kind: "string", importPath: true });
    expect(at('segment A where "a\\"b<|>').context.kind).toBe("string");
  });

  it("offers nothing inside comments and numbers", () => {
    expect(kind("segment A where x // orders.<|>")).toBe("none");
    expect(kind("segment A where /* x <|>")).toBe("none");
    expect(kind("segment A where /* x */ <|>")).toBe("expr:operand");
    expect(kind("segment A where x > 30<|>")).toBe("none");
  });
});

describe("function docs", () => {
  it("document every aggregate and function the checker knows", () => {
    expect(Object.keys(AGGREGATE_DOCS).sort()).toEqual([...AGGREGATES].sort());
    expect(Object.keys(FUNCTION_DOCS).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });
});
