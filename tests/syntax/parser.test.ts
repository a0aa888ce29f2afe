// The shape of the tree: precedence, what `over` and rates attach to, filters, contextual keywords,
// literals, doc comments, spans, and recovery that keeps what it can.
import { describe, expect, it } from "vitest";
import type { Declaration, EntityDecl, EventsDecl, Expr, SegmentDecl, SegmentationDecl } from "../../src/syntax/ast.js";
import { parse } from "../../src/syntax/parse.js";
import { sexpr, treeProblems, window } from "./helpers.js";

function declarations(text: string): readonly Declaration[] {
  const result = parse(text, "test.seg");
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  expect(treeProblems(result, text)).toEqual([]);
  return result.file.declarations;
}

/** The condition of `segment S where <condition>`, as an S-expression. */
function condition(text: string): string {
  return sexpr((declarations(`segment S where ${text}`)[0] as SegmentDecl).condition);
}

function expr(text: string): Expr {
  return (declarations(`segment S where ${text}`)[0] as SegmentDecl).condition;
}

describe("precedence", () => {
  it.each([
    ["a or b and c", "(or a (and b c))"],
    ["a and b or c", "(or (and a b) c)"],
    ["a or b or c", "(or (or a b) c)"],
    ["a and b and c", "(and (and a b) c)"],
    ["not a and b", "(and (not a) b)"],
    ["not not a", "(not (not a))"],
    ["not x = 1", "(not (= x 1))"],
    ["x = 1 and y != 2", "(and (= x 1) (!= y 2))"],
    ["a + b * c", "(+ a (* b c))"],
    ["a * b + c", "(+ (* a b) c)"],
    ["a - b - c", "(- (- a b) c)"],
    ["a / b * c", "(* (/ a b) c)"],
    ["a - b * c / d + e", "(+ (- a (/ (* b c) d)) e)"],
    ["-a * b", "(* (neg a) b)"],
    ["- -a", "(neg (neg a))"],
    ["a + b > c * 2", "(> (+ a b) (* c 2))"],
    ["(a or b) and c", "(and (paren (or a b)) c)"],
    ["a > 1 or not (b < 2 and c)", "(or (> a 1) (not (paren (and (< b 2) c))))"],
  ])("%s", (source, tree) => expect(condition(source)).toBe(tree));
});

describe("over binds tightest", () => {
  it.each([
    ["spend over last 30 days > 100", "(> (over spend (last 30 day)) 100)"],
    // The parser attaches a trailing window to what is right before it; the checker decides.
    ["sum(orders.amount) > 500 over last 90 days", "(> (sum orders.amount) (over 500 (last 90 day)))"],
    ["spend > refunds over last 30 days", "(> spend (over refunds (last 30 day)))"],
    ["-x over last 1 week", "(neg (over x (last 1 week)))"],
    ["a + b over last 2 days", "(+ a (over b (last 2 day)))"],
    ["x over last 2 days over last 1 day = 0", "(= (over (over x (last 2 day)) (last 1 day)) 0)"],
    ["any(orders) over from 180 days ago to 90 days ago", "(over (any orders) (from (ago 180 day) (ago 90 day)))"],
    [
      'n over from date "2024-11-01" to date "2025-01-01" > 0',
      '(> (over n (from (date "2024-11-01") (date "2025-01-01"))) 0)',
    ],
    ["n over from start to now > 0", "(> (over n (from start now)) 0)"],
  ])("%s", (source, tree) => expect(condition(source)).toBe(tree));

  it("normalises every unit to the singular", () => {
    const units = ["minute", "hour", "day", "week", "month", "quarter", "year"];
    for (const unit of units) {
      expect(condition(`x over last 2 ${unit}s > 0`)).toBe(`(> (over x (last 2 ${unit})) 0)`);
      expect(condition(`x over last 1 ${unit} > 0`)).toBe(`(> (over x (last 1 ${unit})) 0)`);
    }
  });
});

describe("rates belong to the comparison", () => {
  it.each([
    ["orders >= 4 per month", "(>= orders 4 :per month)"],
    ["orders >= 4 per month over last 90 days", "(>= orders 4 :per month (last 90 day))"],
    ["orders >= 1 every week", "(>= orders 1 :every week)"],
    ["orders >= 1 every week over last 8 weeks", "(>= orders 1 :every week (last 8 week))"],
    ["orders >= 1 in at least 6 of 8 weeks", "(>= orders 1 :at-least 6 of 8 week)"],
    ["orders >= 4 per month and x", "(and (>= orders 4 :per month) x)"],
    ["orders > 2 per day over from 30 days ago to now", "(> orders 2 :per day (from (ago 30 day) now))"],
  ])("%s", (source, tree) => expect(condition(source)).toBe(tree));

  it("records where the unit is", () => {
    const source = "orders >= 1 in at least 6 of 8 weeks";
    const e = expr(source);
    if (e.kind !== "Compare" || e.rate?.kind !== "AtLeastRate") throw new Error(sexpr(e));
    const offset = "segment S where ".length;
    expect(e.rate.unitSpan).toEqual({ start: offset + source.indexOf("weeks"), end: offset + source.length });
    expect(e.rate.k.text).toBe("6");
    expect(e.rate.m.text).toBe("8");
  });
});

describe("comparisons", () => {
  it.each([
    ["x between 1 and 5", "(between x 1 5)"],
    ["x not between 1 and 5 and y", "(and (not-between x 1 5) y)"],
    ["x between a + 1 and b * 2", "(between x (+ a 1) (* b 2))"],
    ['x in ("a", "b")', '(in x ["a" "b"])'],
    ["x not in (1)", "(not-in x [1])"],
    ["x is null", "(is-null x)"],
    ["x is not null", "(is-not-null x)"],
    ['s contains "x"', '(contains s "x")'],
    ['s starts with "x"', '(starts_with s "x")'],
    ['s ends with "x"', '(ends_with s "x")'],
    ["x in top 10%", "(top x 10%)"],
    ["x in bottom 2.5%", "(bottom x 2.5%)"],
    ["t within last 30 days", "(within t 30 day)"],
    ["latest(orders.at) < 60 days ago", "(< (latest orders.at) (ago 60 day))"],
  ])("%s", (source, tree) => expect(condition(source)).toBe(tree));
});

describe("primaries", () => {
  it("reads calls, filters, members and names", () => {
    expect(condition('count(orders where status = "paid") > 0')).toBe('(> (count orders :where (= status "paid")) 0)');
    expect(condition('sum(orders.amount where status = "paid") > 0')).toBe(
      '(> (sum orders.amount :where (= status "paid")) 0)',
    );
    expect(condition("round(x, 2) = f()")).toBe("(= (round x 2) (f))");
    expect(condition('Tiers.High and Tiers = "High"')).toBe('(and Tiers.High (= Tiers "High"))');
    expect(condition('count(orders where customer.country = "DE") > 1')).toBe(
      '(> (count orders :where (= customer.country "DE")) 1)',
    );
  });

  it("reads literals", () => {
    expect(condition("x = true or x = false or x = null")).toBe("(or (or (= x true) (= x false)) (= x null))");
    expect(condition('d > date "2024-12-01"')).toBe('(> d (date "2024-12-01"))');
    expect(condition("t < timestamp '2024-12-01T09:30:00Z'")).toBe('(< t (timestamp "2024-12-01T09:30:00Z"))');
    expect(condition("t < now")).toBe("(< t now)");
  });

  it("reads numbers without `_` and `%`", () => {
    const e = expr("x > 1_000_000 and y < 12.5 and z = 10% and w = 2.5%");
    expect(sexpr(e)).toBe("(and (and (and (> x 1000000) (< y 12.5)) (= z 10%)) (= w 2.5%))");
    const numbers: { text: string; percent: boolean }[] = [];
    JSON.stringify(e, (_, v: unknown) => {
      if (v && typeof v === "object" && (v as { kind?: string }).kind === "Number") numbers.push(v as never);
      return v;
    });
    expect(numbers.map((n) => [n.text, n.percent])).toEqual([
      ["1000000", false],
      ["12.5", false],
      ["10", true],
      ["2.5", true],
    ]);
  });

  it("decodes escapes", () => {
    const source = String.raw`s = "a\\b\"c\'d\ne\tf\u{1F600}" or s = 'it\'s "x"'`;
    expect(condition(source)).toBe(
      `(or (= s ${JSON.stringify("a\\b\"c'd\ne\tf😀")}) (= s ${JSON.stringify(`it's "x"`)}))`,
    );
  });
});

describe("contextual keywords are names", () => {
  const words = [
    "at key by window from of last to over per every least top bottom within ago default for entity events",
    "measure param segment segmentation import otherwise date timestamp contains starts ends with between",
    "minute minutes hour day days week month months quarter year years int string decimal enum bool float",
  ]
    .join(" ")
    .split(" ");

  it("as field names", () => {
    const fields = words.map((w) => `  ${w}: string`).join("\n");
    const [entity] = declarations(`entity e from "t" key key {\n${fields}\n}`) as [EntityDecl];
    expect(entity.fields.map((f) => f.name.name)).toEqual(words);
    expect(entity.key.name).toBe("key");
  });

  it("as event fields, entity and column names", () => {
    const [events] = declarations(`events at of from from "t" by by at at { from: int from "FROM" }`) as [EventsDecl];
    expect([events.name.name, events.entity.name, events.by.name, events.at.name]).toEqual(["at", "from", "by", "at"]);
    expect(events.fields[0]?.column?.value).toBe("FROM");
  });

  it("in expressions", () => {
    expect(condition("key > 1 and window contains from and month(date) = last")).toBe(
      "(and (and (> key 1) (contains window from)) (= (month date) last))",
    );
    expect(condition("segment = 1 and measure > 2")).toBe("(and (= segment 1) (> measure 2))");
    expect(condition('date(timestamp) > date "2024-01-01"')).toBe('(> (date timestamp) (date "2024-01-01"))');
    expect(condition("over > per and every < top")).toBe("(and (> over per) (< every top))");
  });

  it("as tier names, which end the condition before them", () => {
    const [s] = declarations(`segmentation C {
      day where x >= 1 every day over last 7 days
      week where y > 5
      over where z > 1 over last 3 days
      per where n >= 2
      month otherwise
    }`) as [SegmentationDecl];
    expect(s.branches.map((b) => `${b.name.name}: ${b.condition ? sexpr(b.condition) : "otherwise"}`)).toEqual([
      "day: (>= x 1 :every day (last 7 day))",
      "week: (> y 5)",
      "over: (> z (over 1 (last 3 day)))",
      "per: (>= n 2)",
      "month: otherwise",
    ]);
  });
});

describe("declarations", () => {
  it("reads every kind", () => {
    const decls = declarations(`
      import "./schema.seg"
      entity customer from "analytics.customers" key id { id: string, age: int? }
      events orders of customer from "analytics.orders" by "CUSTOMER-ID" at ordered_at {
        amount: decimal(2) from "AMT"
        status: enum("paid", "refunded")
      }
      measure spend = sum(orders.amount)
      param min_spend: decimal(2) = 500
      default window last 90 days
      segment A for customer where spend > min_spend
      segmentation T for customer { Hi where spend > 1, Lo otherwise }
    `);
    expect(decls.map((d) => d.kind)).toEqual([
      "Import",
      "Entity",
      "Events",
      "Measure",
      "Param",
      "DefaultWindow",
      "Segment",
      "Segmentation",
    ]);
    const [imp, entity, events, , param, dw, segment, segmentation] = decls;
    expect(imp?.kind === "Import" && imp.path.value).toBe("./schema.seg");
    expect(entity?.kind === "Entity" && entity.fields.map((f) => [f.name.name, f.type.name, f.nullable])).toEqual([
      ["id", "string", false],
      ["age", "int", true],
    ]);
    if (events?.kind !== "Events") throw new Error("events");
    expect(events.by).toMatchObject({ name: "CUSTOMER-ID", quoted: true });
    expect(events.at).toMatchObject({ name: "ordered_at", quoted: false });
    expect(events.fields[0]?.type.scale?.text).toBe("2");
    expect(events.fields[0]?.column?.value).toBe("AMT");
    expect(events.fields[1]?.type.values?.map((v) => v.value)).toEqual(["paid", "refunded"]);
    expect(param?.kind === "Param" && [param.type.name, param.type.scale?.text, sexpr(param.value)]).toEqual([
      "decimal",
      "2",
      "500",
    ]);
    expect(dw?.kind === "DefaultWindow" && window(dw.window)).toBe("(last 90 day)");
    expect(segment?.kind === "Segment" && segment.entity?.name).toBe("customer");
    if (segmentation?.kind !== "Segmentation") throw new Error("segmentation");
    expect(segmentation.branches.map((b) => [b.name.name, b.condition === undefined])).toEqual([
      ["Hi", false],
      ["Lo", true],
    ]);
  });

  it("keeps unknown type names for the checker", () => {
    const [entity] = declarations(`entity e from "t" key id { id: uuid, g: geometry(4), e: enum() }`) as [EntityDecl];
    expect(entity.fields.map((f) => f.type.name)).toEqual(["uuid", "geometry", "enum"]);
    expect(entity.fields[1]?.type.scale?.text).toBe("4");
    expect(entity.fields[2]?.type.values).toEqual([]);
  });

  it("attaches doc comments to what follows them", () => {
    const decls = declarations(`
      /// The customer.
      ///   Indented second line.
      entity customer from "t" key id {
        /// The key.
        id: string
        // not documented
        age: int
      }
      //// Not a doc comment.
      segment A where x
      /// Stray doc.
      // An ordinary comment in between breaks the run.
      segment B where y
      segmentation S {
        /// Top tier.
        Hi where x
        Lo otherwise
      }
    `);
    const [entity, a, b, s] = decls as [EntityDecl, SegmentDecl, SegmentDecl, SegmentationDecl];
    expect(entity.doc).toBe("The customer.\n  Indented second line.");
    expect(entity.fields.map((f) => f.doc)).toEqual(["The key.", undefined]);
    expect(a.doc).toBeUndefined();
    expect(b.doc).toBeUndefined();
    expect(s.branches.map((br) => br.doc)).toEqual(["Top tier.", undefined]);
  });

  it("returns comments with their style", () => {
    const text = "/// doc\n// line\n/* block */\nsegment A where x // trailing";
    expect(parse(text, "c.seg").comments.map((c) => [c.style, c.text])).toEqual([
      ["doc", "/// doc"],
      ["line", "// line"],
      ["block", "/* block */"],
      ["line", "// trailing"],
    ]);
  });
});

describe("spans", () => {
  it("are UTF-16 offsets into the text", () => {
    const text = 'segment Cafe where name = "日本😀" and x > 1';
    const result = parse(text, "u.seg");
    expect(result.diagnostics).toEqual([]);
    const segment = result.file.declarations[0] as SegmentDecl;
    expect(segment.span).toEqual({ start: 0, end: text.length });
    const e = segment.condition;
    if (e.kind !== "Logical" || e.left.kind !== "Compare") throw new Error(sexpr(e));
    const literal = e.left.right;
    expect(text.slice(literal.span.start, literal.span.end)).toBe('"日本😀"');
    expect(text.slice(e.right.span.start, e.right.span.end)).toBe("x > 1");
  });

  it("cover each node exactly", () => {
    const text = "segment S where sum(orders.amount where status = 'paid') over last 30 days > 10";
    const e = (parse(text, "s.seg").file.declarations[0] as SegmentDecl).condition;
    if (e.kind !== "Compare" || e.left.kind !== "Windowed" || e.left.operand.kind !== "Call") throw new Error();
    const slice = (s: { span: { start: number; end: number } }): string => text.slice(s.span.start, s.span.end);
    expect(slice(e)).toBe("sum(orders.amount where status = 'paid') over last 30 days > 10");
    expect(slice(e.left)).toBe("sum(orders.amount where status = 'paid') over last 30 days");
    expect(slice(e.left.window)).toBe("last 30 days");
    expect(slice(e.left.operand)).toBe("sum(orders.amount where status = 'paid')");
    expect(slice(e.left.operand.filter!)).toBe("status = 'paid'");
  });
});

describe("recovery", () => {
  it("keeps the declarations around a mistake and marks the hole", () => {
    const text = "segment A where x >\nsegment B where y\nsegment C where (z";
    const result = parse(text, "r.seg");
    expect(result.file.declarations.map((d) => (d as SegmentDecl).name.name)).toEqual(["A", "B", "C"]);
    const [a, , c] = result.file.declarations as SegmentDecl[];
    expect(sexpr(a!.condition)).toBe("(> x <error>)");
    expect(sexpr(c!.condition)).toBe("(paren z)");
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span])).toEqual([
      ["SEG107", "expected an expression after `>`", { start: 19, end: 19 }],
      ["SEG107", "expected `)` after `z`", { start: text.length, end: text.length }],
    ]);
  });

  it("says what was expected and what was found", () => {
    const result = parse("segmentation S { A where }", "m.seg");
    expect(result.diagnostics.map((d) => d.message)).toEqual(["expected a condition after `where` but found `}`"]);
    expect(result.diagnostics[0]?.span).toEqual({ start: 25, end: 26 });
  });

  it("uses an empty name where a name is missing", () => {
    const result = parse("segment where x > 1", "n.seg");
    const segment = result.file.declarations[0] as SegmentDecl;
    expect(segment.name).toEqual({ kind: "Identifier", name: "", span: { start: 7, end: 7 } });
    expect(sexpr(segment.condition)).toBe("(> x 1)");
  });

  it("reports a too deep nesting once and goes on", () => {
    const text = `segment A where ${"(".repeat(100)}x${")".repeat(100)}\nsegment B where y`;
    const result = parse(text, "d.seg");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["SEG108"]);
    expect(result.file.declarations.map((d) => (d as SegmentDecl).name.name)).toEqual(["A", "B"]);
    expect(treeProblems(result, text)).toEqual([]);
  });

  it("survives long broken inputs without running out of stack", () => {
    const lines = [
      "junk ) segment A where y",
      "entity e from 't' key id { a: int ) b: int }",
      "segment S where f(a, b c, d e",
    ];
    for (const line of lines) {
      const text = `${line}\n`.repeat(5000);
      const result = parse(text, "long.seg");
      expect(result.diagnostics.some((d) => d.code === "SEG109")).toBe(false);
      expect(result.diagnostics.length).toBeGreaterThan(1000);
    }
  });
});
