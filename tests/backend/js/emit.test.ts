// The JS backend on hand-built plans: every expression kind, every aggregate, windows and buckets,
// ranks, references, and the shape of the emitted module. End-to-end cases from .seg text are in
// the conformance corpus (tests/conformance), which runs the same module.
import { describe, expect, it } from "vitest";
import { emitJs } from "../../../src/backend/js/emit.js";
import { compile } from "../../../src/api/compile.js";
import { overlayHost } from "../../../src/api/check.js";
import { compileToFunctions } from "../../../src/backend/js/in-process.js";
import type {
  AggregateArg,
  AggregateFn,
  PExpr,
  Plan,
  PlanAggregate,
  PlanField,
  PlanRank,
  PlanWindow,
  TimePoint,
} from "../../../src/plan/plan.js";
import type { CompareOp, TimeUnit } from "../../../src/syntax/ast.js";
import { BOOL, DATE, decimal, FLOAT, INT, NULL, STRING, TIMESTAMP, type ValueType } from "../../../src/plan/types.js";

// ---------------------------------------------------------------- plan builders

const field = (name: string, type: ValueType, nullable = true): PlanField => ({ name, column: name, type, nullable });
const PLAN_ENUM: ValueType = { kind: "enum", values: ["free", "pro", "enterprise"] };
const CHANNEL: ValueType = { kind: "enum", values: ["web", "app", "store", "email"] };

const C = {
  id: field("id", STRING, false),
  age: field("age", INT),
  country: field("country", STRING, false),
  city: field("city", STRING),
  signup_at: field("signup_at", TIMESTAMP, false),
  plan: field("plan", PLAN_ENUM, false),
  vip: field("vip", BOOL),
  risk: field("risk", FLOAT),
  balance: field("balance", decimal(2)),
  birthday: field("birthday", DATE),
  big: field("big", INT),
};
const O = {
  amount: field("amount", decimal(2), false),
  channel: field("channel", CHANNEL, false),
  category: field("category", STRING),
  status: field("status", { kind: "enum", values: ["paid", "refunded", "cancelled"] }, false),
  qty: field("qty", INT),
  score: field("score", FLOAT),
  day: field("day", DATE),
};
const S = { device: field("device", STRING, false), duration_s: field("duration_s", INT, false) };

const lit = {
  int: (v: string | number): PExpr => ({ kind: "literal", type: INT, value: String(v) }),
  dec: (v: string): PExpr => ({
    kind: "literal",
    type: decimal(v.includes(".") ? v.split(".")[1]!.length : 0),
    value: v,
  }),
  str: (v: string): PExpr => ({ kind: "literal", type: STRING, value: v }),
  bool: (v: boolean): PExpr => ({ kind: "literal", type: BOOL, value: v }),
  date: (v: string): PExpr => ({ kind: "literal", type: DATE, value: v }),
  ts: (v: string): PExpr => ({ kind: "literal", type: TIMESTAMP, value: v }),
  null: (): PExpr => ({ kind: "literal", type: NULL, value: null }),
};

const f = (fl: PlanField): PExpr => ({ kind: "field", field: fl });
const ef = (set: string, fl: PlanField): PExpr => ({ kind: "eventField", eventSet: set, field: fl });
const at = (set: string): PExpr => ({ kind: "eventTime", eventSet: set });

function typeOf(e: PExpr): ValueType {
  switch (e.kind) {
    case "literal":
      return e.type;
    case "field":
    case "eventField":
      return e.field.type;
    case "eventTime":
    case "time":
      return TIMESTAMP;
    case "aggregate":
    case "arith":
    case "neg":
    case "call":
      return e.type;
    case "label":
      return STRING;
    default:
      return BOOL;
  }
}

function join(a: ValueType, b: ValueType): ValueType {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "float" || b.kind === "float") return FLOAT;
  if (a.kind === "decimal" || b.kind === "decimal")
    return decimal(Math.max(a.kind === "decimal" ? a.scale : 0, b.kind === "decimal" ? b.scale : 0));
  if ((a.kind === "string" || a.kind === "enum") && (b.kind === "string" || b.kind === "enum"))
    return a.kind === "enum" && b.kind === "enum" ? a : STRING;
  if ((a.kind === "date" || a.kind === "timestamp") && (b.kind === "date" || b.kind === "timestamp"))
    return a.kind === "date" && b.kind === "date" ? DATE : TIMESTAMP;
  return a;
}

const cmp = (l: PExpr, op: CompareOp, r: PExpr, t?: ValueType): PExpr => ({
  kind: "compare",
  op,
  left: l,
  right: r,
  operandType: t ?? join(typeOf(l), typeOf(r)),
});
const and = (...args: PExpr[]): PExpr => ({ kind: "and", args });
const or = (...args: PExpr[]): PExpr => ({ kind: "or", args });
const not = (arg: PExpr): PExpr => ({ kind: "not", arg });
const isNull = (arg: PExpr, negated = false): PExpr => ({ kind: "isNull", arg, negated });
const inList = (arg: PExpr, values: PExpr[], negated = false): PExpr => ({
  kind: "in",
  arg,
  values,
  negated,
  operandType: values.reduce((t, v) => join(t, typeOf(v)), typeOf(arg)),
});
const between = (arg: PExpr, low: PExpr, high: PExpr, negated = false): PExpr => ({
  kind: "between",
  arg,
  low,
  high,
  negated,
  operandType: join(join(typeOf(arg), typeOf(low)), typeOf(high)),
});
const match = (op: "contains" | "starts_with" | "ends_with", arg: PExpr, pattern: PExpr): PExpr => ({
  kind: "match",
  op,
  arg,
  pattern,
});
const arith = (op: "+" | "-" | "*" | "/", left: PExpr, right: PExpr, type?: ValueType): PExpr => {
  const lt = typeOf(left);
  const rt = typeOf(right);
  let t = type;
  if (!t) {
    if (op === "/") t = FLOAT;
    else if (op === "*" && lt.kind === "decimal" && rt.kind === "decimal")
      t = decimal(Math.min(18, lt.scale + rt.scale));
    else t = join(lt, rt);
  }
  return { kind: "arith", op, left, right, type: t };
};
const neg = (arg: PExpr): PExpr => ({ kind: "neg", arg, type: typeOf(arg) });
const call = (fn: Extract<PExpr, { kind: "call" }>["fn"], type: ValueType, ...args: PExpr[]): PExpr => ({
  kind: "call",
  fn,
  args,
  type,
});
const seg = (name: string): PExpr => ({ kind: "segment", name });
const branch = (segmentation: string, b: string): PExpr => ({ kind: "branch", segmentation, branch: b });
const label = (segmentation: string): PExpr => ({ kind: "label", segmentation });
const atLeast = (k: number, ...args: PExpr[]): PExpr => ({ kind: "atLeast", k, args });
const rank = (id: number): PExpr => ({ kind: "rank", id });

const NOW: TimePoint = { base: "now", shifts: [] };
const ago = (amount: number, unit: TimeUnit, from: TimePoint = NOW): TimePoint => ({
  base: from.base,
  shifts: [...from.shifts, { amount: -amount, unit }],
});
const time = (p: TimePoint): PExpr => ({ kind: "time", point: p });
const last = (amount: number, unit: TimeUnit): PlanWindow => ({ start: ago(amount, unit), end: NOW });
const between2 = (start: TimePoint, end: TimePoint): PlanWindow => ({ start, end });
const literalPoint = (iso: string): TimePoint => ({ base: { literal: iso }, shifts: [] });

/** Bucket k of `unit`s counted back from `end` (as the lowering builds `every` and `in at least`). */
function bucket(end: TimePoint, k: number, unit: TimeUnit): PlanWindow {
  const sh = (p: TimePoint, n: number): TimePoint =>
    n === 0 ? p : { base: p.base, shifts: [...p.shifts, { amount: n, unit }] };
  return { start: sh(end, -(k + 1)), end: sh(end, -k) };
}

/** Collects aggregates, giving each a stable id, and returns the `aggregate` node. */
class Aggs {
  readonly list: PlanAggregate[] = [];
  add(
    fn: AggregateFn,
    eventSet: string,
    opts: { arg?: PlanField | "at"; filter?: PExpr; window?: PlanWindow | null; type?: ValueType } = {},
  ): PExpr {
    const arg: AggregateArg | undefined =
      opts.arg === "at" ? { kind: "at" } : opts.arg ? { kind: "field", field: opts.arg } : undefined;
    const argType = opts.arg === "at" ? TIMESTAMP : opts.arg ? opts.arg.type : INT;
    const type =
      opts.type ??
      (fn === "count" || fn === "distinct_count"
        ? INT
        : fn === "any" || fn === "none"
          ? BOOL
          : fn === "avg" || fn === "share"
            ? FLOAT
            : argType);
    const id = this.list.length;
    this.list.push({
      id,
      fn,
      eventSet,
      ...(arg ? { arg } : {}),
      ...(opts.filter ? { filter: opts.filter } : {}),
      window: opts.window ?? null,
      type,
    });
    return { kind: "aggregate", id, type };
  }
}

interface PlanSpec {
  aggs?: Aggs;
  ranks?: PlanRank[];
  segments?: { name: string; condition: PExpr; output?: boolean; doc?: string }[];
  segmentations?: {
    name: string;
    branches: { name: string; condition: PExpr | null }[];
    output?: boolean;
    doc?: string;
  }[];
  entity?: string;
  source?: string;
}

function makePlan(spec: PlanSpec): Plan {
  return {
    source: spec.source ?? "test.seg",
    entity: { name: spec.entity ?? "customer", table: "customers", key: C.id, fields: Object.values(C) },
    eventSets: [
      { name: "orders", table: "orders", by: "customer_id", at: "ordered_at", fields: Object.values(O) },
      { name: "sessions", table: "sessions", by: "customer_id", at: "started_at", fields: Object.values(S) },
    ],
    params: [],
    aggregates: spec.aggs?.list ?? [],
    ranks: spec.ranks ?? [],
    segments: (spec.segments ?? []).map((s) => ({
      name: s.name,
      output: s.output ?? true,
      condition: s.condition,
      ...(s.doc ? { doc: s.doc } : {}),
    })),
    segmentations: (spec.segmentations ?? []).map((s) => ({
      name: s.name,
      output: s.output ?? true,
      branches: s.branches,
      ...(s.doc ? { doc: s.doc } : {}),
    })),
  };
}

// ---------------------------------------------------------------- fixtures

const NOW_ISO = "2025-01-15T12:00:00Z";
type Tri = boolean | null;
type Row = Record<string, unknown>;

const M: Row = {
  id: "m1",
  age: 40,
  country: "FR",
  city: null,
  signup_at: "2024-06-01T10:00:00Z",
  plan: "pro",
  vip: null,
  risk: 0.25,
  balance: "12.50",
  birthday: "1990-02-28",
  big: 9007199254740993n,
  orders: [
    {
      at: "2025-01-10T00:00:00Z",
      amount: "100.10",
      channel: "web",
      category: "books",
      status: "paid",
      qty: 2,
      score: 1.5,
    },
    {
      at: Date.parse("2024-12-20T00:00:00Z"),
      amount: 50.2,
      channel: "email",
      category: "toys",
      status: "refunded",
      qty: null,
      score: null,
    },
    {
      at: new Date("2024-11-01T00:00:00Z"),
      amount: "19.99",
      channel: "email",
      category: "books",
      status: "paid",
      qty: 5,
      score: 3,
    },
    { at: "2025-02-01T00:00:00Z", amount: 1000, channel: "web", category: "books", status: "paid", qty: 1, score: 9 }, // after now: ignored
    { at: "2024-06-01T00:00:00Z", amount: 5, channel: "store", category: "Äpfel", status: "cancelled", qty: 1 },
  ],
  sessions: [],
};
const EMPTY: Row = { id: "m0", age: null, country: "DE", signup_at: 0, plan: "free", orders: [], sessions: [] };

/** Compiles one module holding `T<i> where e` and `F<i> where not e` and reads each e's truth value. */
async function truths(exprs: readonly PExpr[], member: Row, aggs?: Aggs, now: unknown = NOW_ISO): Promise<Tri[]> {
  const plan = makePlan({
    aggs,
    segments: exprs.flatMap((e, i) => [
      { name: `T${i}`, condition: e },
      { name: `F${i}`, condition: not(e) },
    ]),
  });
  const fns = await compileToFunctions([plan]);
  return exprs.map((_, i) => {
    const t = fns.segments[`T${i}`]!(member, { now: now as string });
    const f = fns.segments[`F${i}`]!(member, { now: now as string });
    expect(typeof t).toBe("boolean");
    expect(typeof f).toBe("boolean");
    expect(t && f).toBe(false);
    return t ? true : f ? false : null;
  });
}

/** Table-driven: [name, expression, expected truth value]. */
async function check(
  cases: readonly [string, PExpr, Tri][],
  member: Row = M,
  aggs?: Aggs,
  now?: unknown,
): Promise<void> {
  const got = await truths(
    cases.map((c) => c[1]),
    member,
    aggs,
    now,
  );
  expect(Object.fromEntries(cases.map((c, i) => [c[0], got[i]]))).toEqual(
    Object.fromEntries(cases.map((c) => [c[0], c[2]])),
  );
}

const ts = (iso: string): PExpr => lit.ts(iso);

// ---------------------------------------------------------------- expressions

describe("expressions", () => {
  it("literals, fields, not/and/or in Kleene logic, is null", async () => {
    const unknown = cmp(f(C.city), "=", lit.str("Paris"));
    await check([
      ["true", lit.bool(true), true],
      ["false", lit.bool(false), false],
      ["null", lit.null(), null],
      ["age > 30", cmp(f(C.age), ">", lit.int(30)), true],
      ["age < 30", cmp(f(C.age), "<", lit.int(30)), false],
      ["city = Paris (null city)", unknown, null],
      ["not unknown", not(unknown), null],
      ["not age > 30", not(cmp(f(C.age), ">", lit.int(30))), false],
      ["true and unknown", and(lit.bool(true), unknown), null],
      ["false and unknown", and(unknown, cmp(f(C.age), "<", lit.int(30))), false],
      ["true or unknown", or(unknown, cmp(f(C.age), ">", lit.int(30))), true],
      ["false or unknown", or(cmp(f(C.age), "<", lit.int(30)), unknown), null],
      ["not (false or unknown)", not(or(cmp(f(C.age), "<", lit.int(30)), unknown)), null],
      ["not (false and unknown)", not(and(cmp(f(C.age), "<", lit.int(30)), unknown)), true],
      ["city is null", isNull(f(C.city)), true],
      ["city is not null", isNull(f(C.city), true), false],
      ["vip is null (missing and null alike)", isNull(f(C.vip)), true],
      ["age is null", isNull(f(C.age)), false],
      ["null = null", cmp(lit.null(), "=", lit.null(), NULL), null],
      ["vip = true", cmp(f(C.vip), "=", lit.bool(true)), null],
    ]);
  });

  it("compares by operand type: exact decimals and ints, code points, dates as midnight", async () => {
    await check([
      ["balance = 12.5", cmp(f(C.balance), "=", lit.dec("12.5"), decimal(2)), true],
      ["balance > 12", cmp(f(C.balance), ">", lit.int(12), decimal(2)), true],
      ["balance <= 12.49", cmp(f(C.balance), "<=", lit.dec("12.49")), false],
      ["balance = 12.501", cmp(f(C.balance), "=", lit.dec("12.501")), false],
      ["risk = 0.25 (float)", cmp(f(C.risk), "=", lit.dec("0.25"), FLOAT), true],
      ["age = 40.0 (int vs decimal)", cmp(f(C.age), "=", lit.dec("40.0")), true],
      ["big = 2^53 + 1 exactly", cmp(f(C.big), "=", lit.int("9007199254740993")), true],
      ["big > 2^53", cmp(f(C.big), ">", lit.int("9007199254740992")), true],
      ["big + 1 = 2^53 + 2", cmp(arith("+", f(C.big), lit.int(1)), "=", lit.int("9007199254740994")), true],
      ["U+FFFD < U+1F600 by code point", cmp(lit.str("\uFFFD"), "<", lit.str("😀")), true],
      ["country != FR", cmp(f(C.country), "!=", lit.str("FR")), false],
      ["plan = pro (enum)", cmp(f(C.plan), "=", lit.str("pro"), PLAN_ENUM), true],
      ["birthday = midnight timestamp", cmp(f(C.birthday), "=", ts("1990-02-28T00:00:00.000Z"), TIMESTAMP), true],
      ["birthday < 00:00:01", cmp(f(C.birthday), "<", ts("1990-02-28T00:00:01.000Z"), TIMESTAMP), true],
      ["birthday = date literal", cmp(f(C.birthday), "=", lit.date("1990-02-28")), true],
      ["signup_at > date", cmp(f(C.signup_at), ">", lit.date("2024-06-01"), TIMESTAMP), true],
      ["vip = false", cmp(f(C.vip), "=", lit.bool(false)), null],
    ]);
  });

  it("in, between and string matching", async () => {
    await check([
      ["country in (FR, DE)", inList(f(C.country), [lit.str("FR"), lit.str("DE")]), true],
      ["country in (DE, null)", inList(f(C.country), [lit.str("DE"), lit.null()]), null],
      ["country in (FR, null)", inList(f(C.country), [lit.str("FR"), lit.null()]), true],
      ["country not in (DE)", inList(f(C.country), [lit.str("DE")], true), true],
      ["country not in (DE, null)", inList(f(C.country), [lit.str("DE"), lit.null()], true), null],
      ["city in (a)", inList(f(C.city), [lit.str("a")]), null],
      ["age in many (set)", inList(f(C.age), [1, 2, 3, 4, 5, 6, 7, 40].map(lit.int)), true],
      ["age not in many (set)", inList(f(C.age), [1, 2, 3, 4, 5, 6, 7, 8].map(lit.int), true), true],
      ["age in (age + 0, 1)", inList(f(C.age), [arith("+", f(C.age), lit.int(0)), lit.int(1)]), true],
      ["age in (vip-like null expr)", inList(f(C.age), [arith("+", f(C.big), f(C.age)), f(C.age)]), true],
      ["balance in (12.5)", inList(f(C.balance), [lit.dec("12.5")]), true],
      ["age between 30 and 50", between(f(C.age), lit.int(30), lit.int(50)), true],
      ["age between 40 and 40", between(f(C.age), lit.int(40), lit.int(40)), true],
      ["age between 50 and null", between(f(C.age), lit.int(50), lit.null()), false],
      ["age between null and 50", between(f(C.age), lit.null(), lit.int(50)), null],
      ["age not between 50 and 60", between(f(C.age), lit.int(50), lit.int(60), true), true],
      ["age not between null and 50", between(f(C.age), lit.null(), lit.int(50), true), null],
      ["country contains R", match("contains", f(C.country), lit.str("R")), true],
      ["country contains r (case)", match("contains", f(C.country), lit.str("r")), false],
      ["country starts with F", match("starts_with", f(C.country), lit.str("F")), true],
      ["country ends with F", match("ends_with", f(C.country), lit.str("F")), false],
      ["country contains %", match("contains", f(C.country), lit.str("%")), false],
      ["country contains empty", match("contains", f(C.country), lit.str("")), true],
      ["city contains a", match("contains", f(C.city), lit.str("a")), null],
    ]);
  });

  it("arithmetic: exact ints and decimals, double division, null on zero", async () => {
    await check([
      ["age + 1 = 41", cmp(arith("+", f(C.age), lit.int(1)), "=", lit.int(41)), true],
      ["age - 50 < 0", cmp(arith("-", f(C.age), lit.int(50)), "<", lit.int(0)), true],
      ["age / 8 = 5", cmp(arith("/", f(C.age), lit.int(8)), "=", lit.int(5), FLOAT), true],
      ["age / 0 is null", isNull(arith("/", f(C.age), lit.int(0))), true],
      ["age / 0.0 is null", isNull(arith("/", f(C.age), lit.dec("0.0"))), true],
      ["balance * 2 = 25.00", cmp(arith("*", f(C.balance), lit.int(2)), "=", lit.dec("25.00")), true],
      ["balance * 1.5 = 18.750", cmp(arith("*", f(C.balance), lit.dec("1.5")), "=", lit.dec("18.75")), true],
      ["balance - 0.5 = 12", cmp(arith("-", f(C.balance), lit.dec("0.5")), "=", lit.int(12), decimal(2)), true],
      ["0.1 + 0.2 = 0.3 exactly", cmp(arith("+", lit.dec("0.1"), lit.dec("0.2")), "=", lit.dec("0.3")), true],
      ["risk * 2 = 0.5", cmp(arith("*", f(C.risk), lit.int(2)), "=", lit.dec("0.5"), FLOAT), true],
      ["age + city-length is null", isNull(arith("+", f(C.age), call("length", INT, f(C.city)))), true],
      ["-age < 0", cmp(neg(f(C.age)), "<", lit.int(0)), true],
      ["-balance = -12.5", cmp(neg(f(C.balance)), "=", lit.dec("-12.50")), true],
      ["-(null age)", isNull(neg(f(C.vip))), true],
    ]);
  });

  it("functions", async () => {
    const sinceSignup = 228;
    await check([
      ["lower", cmp(call("lower", STRING, lit.str("ÄBC")), "=", lit.str("äbc")), true],
      ["upper keeps ß (simple mapping)", cmp(call("upper", STRING, lit.str("straße")), "=", lit.str("STRAßE")), true],
      ["length counts code points", cmp(call("length", INT, lit.str("😀a")), "=", lit.int(2)), true],
      ["trim spaces only", cmp(call("trim", STRING, lit.str("  a\t ")), "=", lit.str("a\t")), true],
      ["coalesce(city, country)", cmp(call("coalesce", STRING, f(C.city), f(C.country)), "=", lit.str("FR")), true],
      ["coalesce(city, null) is null", isNull(call("coalesce", STRING, f(C.city), lit.null())), true],
      [
        "coalesce(age, 1.5) = 40",
        cmp(call("coalesce", decimal(1), f(C.age), lit.dec("1.5")), "=", lit.int(40), decimal(1)),
        true,
      ],
      ["abs(-balance)", cmp(call("abs", decimal(2), neg(f(C.balance))), "=", lit.dec("12.50")), true],
      [
        "round(balance, 0) = 13 (half away)",
        cmp(call("round", decimal(0), f(C.balance), lit.int(0)), "=", lit.int(13), decimal(0)),
        true,
      ],
      ["round(-2.5) = -3", cmp(call("round", decimal(0), lit.dec("-2.5")), "=", lit.int(-3), decimal(0)), true],
      ["round(risk, 1) = 0.3", cmp(call("round", FLOAT, f(C.risk), lit.int(1)), "=", lit.dec("0.3"), FLOAT), true],
      ["round(age) = 40", cmp(call("round", INT, f(C.age)), "=", lit.int(40)), true],
      ["year", cmp(call("year", INT, f(C.signup_at)), "=", lit.int(2024)), true],
      ["month", cmp(call("month", INT, f(C.signup_at)), "=", lit.int(6)), true],
      ["day", cmp(call("day", INT, f(C.signup_at)), "=", lit.int(1)), true],
      ["hour", cmp(call("hour", INT, f(C.signup_at)), "=", lit.int(10)), true],
      ["day_of_week (Saturday = 6)", cmp(call("day_of_week", INT, f(C.signup_at)), "=", lit.int(6)), true],
      ["date(t)", cmp(call("date", DATE, f(C.signup_at)), "=", lit.date("2024-06-01")), true],
      ["days_since", cmp(call("days_since", INT, f(C.signup_at)), "=", lit.int(sinceSignup)), true],
      ["days_between", cmp(call("days_between", INT, f(C.birthday), f(C.signup_at)), "=", lit.int(12512)), true],
      ["days_since(null)", isNull(call("days_since", INT, f(C.vip))), true],
      ["year(null)", isNull(call("year", INT, lit.null())), true],
    ]);
  });

  it("time points: now, ago, sequential calendar shifts that clamp, within", async () => {
    const monthEnd = "2025-03-31T00:00:00Z";
    const within = (t: PExpr, n: number, unit: TimeUnit): PExpr =>
      and(cmp(t, ">=", time(ago(n, unit)), TIMESTAMP), cmp(t, "<", time(NOW), TIMESTAMP));
    await check([
      ["now", cmp(time(NOW), "=", ts(NOW_ISO)), true],
      ["30 days ago", cmp(time(ago(30, "day")), "=", ts("2024-12-16T12:00:00Z")), true],
      ["signup within last 365 days", within(f(C.signup_at), 365, "day"), true],
      ["signup within last 7 days", within(f(C.signup_at), 7, "day"), false],
      ["null within", within(f(C.vip), 7, "day"), null],
    ]);
    await check(
      [
        ["1 month ago clamps", cmp(time(ago(1, "month")), "=", ts("2025-02-28T00:00:00Z")), true],
        [
          "1 month ago then 1 month: Jan 28",
          cmp(time(ago(1, "month", ago(1, "month"))), "=", ts("2025-01-28T00:00:00Z")),
          true,
        ],
        ["1 quarter ago", cmp(time(ago(1, "quarter")), "=", ts("2024-12-31T00:00:00Z")), true],
        ["1 year ago", cmp(time(ago(1, "year")), "=", ts("2024-03-31T00:00:00Z")), true],
        [
          "literal base shifted",
          cmp(time(ago(1, "month", literalPoint("2024-03-31T00:00:00.000Z"))), "=", ts("2024-02-29T00:00:00Z")),
          true,
        ],
      ],
      M,
      undefined,
      monthEnd,
    );
  });

  it("segment references and branch tests are never unknown; labels are the first TRUE branch", async () => {
    const unknown = cmp(f(C.city), "=", lit.str("x"));
    const plan = makePlan({
      segments: [
        { name: "A", condition: unknown, output: false },
        { name: "NotA", condition: not(seg("A")) },
        { name: "IsLow", condition: branch("Tiers", "Low") },
        { name: "IsMid", condition: branch("Tiers", "Mid") },
        { name: "LabelHigh", condition: cmp(label("Tiers"), "=", lit.str("High")) },
        { name: "NoTier", condition: isNull(label("Strict")) },
      ],
      segmentations: [
        {
          name: "Tiers",
          branches: [
            { name: "High", condition: cmp(f(C.age), ">", lit.int(35)) },
            { name: "Mid", condition: unknown },
            { name: "Low", condition: cmp(f(C.age), ">", lit.int(15)) },
            { name: "Other", condition: null },
          ],
        },
        { name: "Strict", branches: [{ name: "Old", condition: cmp(f(C.age), ">", lit.int(60)) }] },
      ],
    });
    const fns = await compileToFunctions([plan]);
    const ctx = { now: NOW_ISO };
    const m = (age: number | null): Row => ({ ...EMPTY, age, city: null });
    expect(fns.segments.NotA!(m(40), ctx)).toBe(true);
    expect(fns.segmentations.Tiers!(m(40), ctx)).toBe("High");
    expect(fns.segmentations.Tiers!(m(20), ctx)).toBe("Low");
    expect(fns.segmentations.Tiers!(m(10), ctx)).toBe("Other");
    expect(fns.segmentations.Tiers!(m(null), ctx)).toBe("Other");
    expect(fns.segmentations.Strict!(m(40), ctx)).toBe(null);
    expect(fns.segmentations.Strict!(m(70), ctx)).toBe("Old");
    expect(fns.segments.IsLow!(m(20), ctx)).toBe(true);
    expect(fns.segments.IsMid!(m(20), ctx)).toBe(false);
    expect(fns.segments.LabelHigh!(m(40), ctx)).toBe(true);
    expect(fns.segments.LabelHigh!(m(20), ctx)).toBe(false);
    expect(fns.segments.NoTier!(m(20), ctx)).toBe(true);
    expect(Object.keys(fns.segments)).not.toContain("A");
    const r = fns.evaluate([m(40), { ...m(20), id: "m2" }, { ...m(10), id: 3 }], ctx);
    expect(r.segments.NotA).toEqual(["m0", "m2", 3]);
    expect(r.tiers).toEqual({
      Tiers: { m0: "High", m2: "Low", "3": "Other" },
      Strict: { m0: null, m2: null, "3": null },
    });
  });

  it("at least K of M counts TRUE arguments only", async () => {
    const t = lit.bool(true);
    const u = cmp(f(C.city), "=", lit.str("x"));
    const fl = lit.bool(false);
    const gt = cmp(f(C.age), ">", lit.int(1));
    await check([
      ["2 of (t, u, gt)", atLeast(2, t, u, gt), true],
      ["3 of (t, u, gt)", atLeast(3, t, u, gt), false],
      ["1 of (u, f)", atLeast(1, u, fl), false],
    ]);
  });
});

// ---------------------------------------------------------------- aggregates and windows

describe("aggregates", () => {
  it("every function over a member's history (events at or after now ignored)", async () => {
    const a = new Aggs();
    const paid = cmp(ef("orders", O.status), "=", lit.str("paid"));
    await check(
      [
        ["count = 4", cmp(a.add("count", "orders"), "=", lit.int(4)), true],
        ["count paid = 2", cmp(a.add("count", "orders", { filter: paid }), "=", lit.int(2)), true],
        ["count(qty) = 3 (non-null)", cmp(a.add("count", "orders", { arg: O.qty }), "=", lit.int(3)), true],
        ["sum(amount) = 175.29", cmp(a.add("sum", "orders", { arg: O.amount }), "=", lit.dec("175.29")), true],
        [
          "sum paid = 120.09",
          cmp(a.add("sum", "orders", { arg: O.amount, filter: paid }), "=", lit.dec("120.09")),
          true,
        ],
        ["sum(qty) = 8", cmp(a.add("sum", "orders", { arg: O.qty }), "=", lit.int(8)), true],
        ["sum(score) = 4.5", cmp(a.add("sum", "orders", { arg: O.score }), "=", lit.dec("4.5"), FLOAT), true],
        ["avg(amount) = 43.8225", cmp(a.add("avg", "orders", { arg: O.amount }), "=", lit.dec("43.8225"), FLOAT), true],
        ["avg(score) = 2.25", cmp(a.add("avg", "orders", { arg: O.score }), "=", lit.dec("2.25"), FLOAT), true],
        ["avg(qty) = 2.666..", cmp(a.add("avg", "orders", { arg: O.qty }), ">", lit.dec("2.66"), FLOAT), true],
        ["min(amount) = 5", cmp(a.add("min", "orders", { arg: O.amount }), "=", lit.int(5), decimal(2)), true],
        [
          "max(amount) = 100.10",
          cmp(a.add("max", "orders", { arg: O.amount }), "=", lit.dec("100.1"), decimal(2)),
          true,
        ],
        ["min(category) = books", cmp(a.add("min", "orders", { arg: O.category }), "=", lit.str("books")), true],
        ["max(category) = Äpfel", cmp(a.add("max", "orders", { arg: O.category }), "=", lit.str("Äpfel")), true],
        ["min(at)", cmp(a.add("min", "orders", { arg: "at" }), "=", ts("2024-06-01T00:00:00Z")), true],
        ["distinct(category) = 3", cmp(a.add("distinct_count", "orders", { arg: O.category }), "=", lit.int(3)), true],
        ["distinct(channel) = 3", cmp(a.add("distinct_count", "orders", { arg: O.channel }), "=", lit.int(3)), true],
        ["latest(at)", cmp(a.add("latest", "orders", { arg: "at" }), "=", ts("2025-01-10T00:00:00Z")), true],
        ["earliest(at)", cmp(a.add("earliest", "orders", { arg: "at" }), "=", ts("2024-06-01T00:00:00Z")), true],
        ["latest(amount)", cmp(a.add("latest", "orders", { arg: O.amount }), "=", lit.dec("100.10")), true],
        ["earliest(category)", cmp(a.add("earliest", "orders", { arg: O.category }), "=", lit.str("Äpfel")), true],
        ["latest paid(qty) = 2", cmp(a.add("latest", "orders", { arg: O.qty, filter: paid }), "=", lit.int(2)), true],
        [
          "share(email) = 0.5",
          cmp(
            a.add("share", "orders", { filter: cmp(ef("orders", O.channel), "=", lit.str("email")) }),
            "=",
            lit.dec("0.5"),
            FLOAT,
          ),
          true,
        ],
        [
          "most_frequent(channel) = email",
          cmp(a.add("most_frequent", "orders", { arg: O.channel }), "=", lit.str("email")),
          true,
        ],
        [
          "most_frequent(category) = books",
          cmp(a.add("most_frequent", "orders", { arg: O.category }), "=", lit.str("books")),
          true,
        ],
        [
          "any(cancelled)",
          a.add("any", "orders", { filter: cmp(ef("orders", O.status), "=", lit.str("cancelled")) }),
          true,
        ],
        [
          "none(amount > 500): future order ignored",
          a.add("none", "orders", { filter: cmp(ef("orders", O.amount), ">", lit.int(500), decimal(2)) }),
          true,
        ],
        ["any(sessions)", a.add("any", "sessions"), false],
        [
          "filter with entity field and at",
          cmp(
            a.add("count", "orders", {
              filter: and(
                cmp(ef("orders", O.channel), "=", lit.str("email")),
                cmp(f(C.age), ">", lit.int(30)),
                cmp(at("orders"), ">=", ts("2024-12-01T00:00:00Z")),
              ),
            }),
            "=",
            lit.int(1),
          ),
          true,
        ],
        [
          "filter unknown is not TRUE",
          cmp(
            a.add("count", "orders", { filter: cmp(ef("orders", O.score), ">", lit.int(0), FLOAT) }),
            "=",
            lit.int(2),
          ),
          true,
        ],
      ],
      M,
      a,
    );
  });

  it("empty event sets: count and sum 0, others null, any false, none true", async () => {
    const a = new Aggs();
    const nul = (e: PExpr): PExpr => isNull(e);
    await check(
      [
        ["count", cmp(a.add("count", "orders"), "=", lit.int(0)), true],
        ["sum", cmp(a.add("sum", "orders", { arg: O.amount }), "=", lit.int(0), decimal(2)), true],
        ["sum(qty)", cmp(a.add("sum", "orders", { arg: O.qty }), "=", lit.int(0)), true],
        ["distinct", cmp(a.add("distinct_count", "orders", { arg: O.category }), "=", lit.int(0)), true],
        ["avg", nul(a.add("avg", "orders", { arg: O.amount })), true],
        ["min", nul(a.add("min", "orders", { arg: O.amount })), true],
        ["max", nul(a.add("max", "orders", { arg: O.category })), true],
        ["latest", nul(a.add("latest", "orders", { arg: "at" })), true],
        ["earliest", nul(a.add("earliest", "orders", { arg: O.amount })), true],
        ["share", nul(a.add("share", "orders", { filter: lit.bool(true) })), true],
        ["most_frequent", nul(a.add("most_frequent", "orders", { arg: O.channel })), true],
        ["any", a.add("any", "orders"), false],
        ["none", a.add("none", "orders"), true],
        ["avg > 1 is unknown", cmp(a.add("avg", "orders", { arg: O.score }), ">", lit.int(1), FLOAT), null],
      ],
      { ...EMPTY, orders: undefined },
      a,
    );
  });

  it("ties: latest/earliest take the smallest value at the winning time; most_frequent the smallest value", async () => {
    const a = new Aggs();
    const t = "2025-01-01T00:00:00Z";
    const member: Row = {
      ...EMPTY,
      orders: [
        { at: t, amount: "3.00", channel: "web", category: "😀", status: "paid" },
        { at: t, amount: "2.00", channel: "app", category: "\uFFFD", status: "paid" },
        { at: "2024-01-01T00:00:00Z", amount: "1.00", channel: "store", category: "a", status: "paid" },
        { at: "2024-01-01T00:00:00Z", amount: "9.00", channel: "email", category: null, status: "paid" },
      ],
    };
    await check(
      [
        ["latest(amount) = 2", cmp(a.add("latest", "orders", { arg: O.amount }), "=", lit.int(2), decimal(2)), true],
        [
          "latest(category) by code point",
          cmp(a.add("latest", "orders", { arg: O.category }), "=", lit.str("\uFFFD")),
          true,
        ],
        [
          "earliest(amount) = 1",
          cmp(a.add("earliest", "orders", { arg: O.amount }), "=", lit.int(1), decimal(2)),
          true,
        ],
        [
          "earliest(category) skips null in tie",
          cmp(a.add("earliest", "orders", { arg: O.category }), "=", lit.str("a")),
          true,
        ],
        ["max(category) by code point", cmp(a.add("max", "orders", { arg: O.category }), "=", lit.str("😀")), true],
        [
          "most_frequent(channel) tie → app",
          cmp(a.add("most_frequent", "orders", { arg: O.channel }), "=", lit.str("app")),
          true,
        ],
        [
          "most_frequent(category) tie → a",
          cmp(a.add("most_frequent", "orders", { arg: O.category }), "=", lit.str("a")),
          true,
        ],
        [
          "most_frequent(amount) tie → 1.00",
          cmp(a.add("most_frequent", "orders", { arg: O.amount }), "=", lit.int(1), decimal(2)),
          true,
        ],
      ],
      member,
      a,
    );
    // The value on the latest event, even when it is null and earlier events have one.
    const b = new Aggs();
    const late = {
      ...EMPTY,
      orders: [
        { at: "2024-01-01T00:00:00Z", qty: 5 },
        { at: "2024-02-01T00:00:00Z", qty: null },
      ],
    };
    await check([["latest(qty) is null", isNull(b.add("latest", "orders", { arg: O.qty })), true]], late, b);
  });

  it("decimals are exact whatever the input form (text, numbers, huge values)", async () => {
    const a = new Aggs();
    const sum = a.add("sum", "orders", { arg: O.amount });
    const distinct = a.add("distinct_count", "orders", { arg: O.amount });
    const m = (amounts: unknown[]): Row => ({ ...EMPTY, orders: amounts.map((amount) => ({ at: 0, amount })) });
    const cases: [string, PExpr, Tri][] = [
      ["sum = 0.30", cmp(sum, "=", lit.dec("0.3")), true],
      ["distinct = 2", cmp(distinct, "=", lit.int(2)), true],
    ];
    await check(cases, m([0.1, "0.20"]), a);
    await check([["distinct 1.5 = 1.50", cmp(distinct, "=", lit.int(1)), true]], m(["1.5", 1.5, "1.50"]), a);
    // Past 2^53 units the sum continues in BigInt.
    await check(
      [["huge sum exact", cmp(sum, "=", lit.dec("180143985094819.86")), true]],
      m(["90071992547409.93", "90071992547409.93"]),
      a,
    );
    await check([["text with spaces and sign", cmp(sum, "=", lit.dec("-1.50")), true]], m([" -2.00", "+0.5"]), a);
  });

  it("windows: last N, from/to relative and literal, half-open, month clamping", async () => {
    const a = new Aggs();
    await check(
      [
        ["last 30 days = 2", cmp(a.add("count", "orders", { window: last(30, "day") }), "=", lit.int(2)), true],
        ["last 90 days = 3", cmp(a.add("count", "orders", { window: last(90, "day") }), "=", lit.int(3)), true],
        [
          "from 180 to 30 days ago = 1",
          cmp(a.add("count", "orders", { window: between2(ago(180, "day"), ago(30, "day")) }), "=", lit.int(1)),
          true,
        ],
        [
          "literal window: start in, end out",
          cmp(
            a.add("count", "orders", {
              window: between2(literalPoint("2024-06-01T00:00:00.000Z"), literalPoint("2024-11-01T00:00:00.000Z")),
            }),
            "=",
            lit.int(1),
          ),
          true,
        ],
        [
          "sum paid last 90 days",
          cmp(
            a.add("sum", "orders", {
              arg: O.amount,
              window: last(90, "day"),
              filter: cmp(ef("orders", O.status), "=", lit.str("paid")),
            }),
            "=",
            lit.dec("120.09"),
          ),
          true,
        ],
        [
          "share over last 30 days",
          cmp(
            a.add("share", "orders", {
              window: last(30, "day"),
              filter: cmp(ef("orders", O.channel), "=", lit.str("email")),
            }),
            "=",
            lit.dec("0.5"),
            FLOAT,
          ),
          true,
        ],
        [
          "empty window (start after end)",
          cmp(a.add("count", "orders", { window: between2(ago(30, "day"), ago(90, "day")) }), "=", lit.int(0)),
          true,
        ],
      ],
      M,
      a,
    );
    const b = new Aggs();
    const edge = {
      ...EMPTY,
      orders: [{ at: "2025-02-28T00:00:00Z" }, { at: "2025-02-27T23:59:59.999Z" }, { at: "2025-03-31T00:00:00Z" }],
    };
    await check(
      [
        [
          "last 1 month from Mar 31",
          cmp(b.add("count", "orders", { window: last(1, "month") }), "=", lit.int(1)),
          true,
        ],
      ],
      edge,
      b,
      "2025-03-31T00:00:00Z",
    );
  });

  it("buckets: every and at-least over week and month buckets, with and without the bucket search", async () => {
    for (const m of [2, 4]) {
      const a = new Aggs();
      const weekly = Array.from({ length: m }, (_, k) =>
        cmp(a.add("count", "orders", { window: bucket(NOW, k, "week") }), ">=", lit.int(1)),
      );
      const every = and(...weekly);
      const some = atLeast(m - 1, ...weekly);
      const week = 7 * 864e5;
      const now = Date.parse(NOW_ISO);
      const all = { ...EMPTY, orders: Array.from({ length: m }, (_, k) => ({ at: now - k * week - 1000 })) };
      const gap = { ...EMPTY, orders: all.orders.slice(1) };
      const edges = { ...EMPTY, orders: Array.from({ length: m }, (_, k) => ({ at: now - (k + 1) * week })) }; // each at a bucket start
      await check(
        [
          ["every", every, true],
          ["at least", some, true],
        ],
        all,
        a,
      );
      await check(
        [
          ["every", every, false],
          ["at least", some, true],
        ],
        gap,
        a,
      );
      await check([["every", every, true]], edges, a);
    }
    const a = new Aggs();
    const monthly = [0, 1, 2].map((k) =>
      cmp(a.add("count", "orders", { window: bucket(NOW, k, "month") }), ">=", lit.int(1)),
    );
    const every = and(...monthly);
    const at = (iso: string) => ({ at: iso });
    const now = "2025-03-31T00:00:00Z";
    // Bounds: Mar 31, Feb 28, Jan 31, Dec 31.
    await check(
      [["monthly", every, true]],
      { ...EMPTY, orders: [at("2025-02-28T00:00:00Z"), at("2025-01-31T00:00:00Z"), at("2025-01-30T00:00:00Z")] },
      a,
      now,
    );
    await check(
      [["monthly gap", every, false]],
      { ...EMPTY, orders: [at("2025-02-28T00:00:00Z"), at("2025-01-30T00:00:00Z"), at("2024-12-31T00:00:00Z")] },
      a,
      now,
    );
    // An empty bucket's avg is null: `every` is unknown unless another bucket is false.
    const b = new Aggs();
    const avgs = [0, 1, 2].map((k) =>
      cmp(b.add("avg", "orders", { arg: O.qty, window: bucket(NOW, k, "day") }), ">", lit.int(1), FLOAT),
    );
    const day = (d: number, qty: number) => ({ at: Date.parse(NOW_ISO) - d * 864e5 + 1, qty });
    await check([["every avg", and(...avgs), null]], { ...EMPTY, orders: [day(1, 5), day(3, 5)] }, b);
    await check([["every avg", and(...avgs), false]], { ...EMPTY, orders: [day(1, 5), day(3, 0)] }, b);
  });

  it("times and numbers in every accepted input form give the same answer", async () => {
    const a = new Aggs();
    const cases: [string, PExpr, Tri][] = [
      ["count last 30 days", cmp(a.add("count", "orders", { window: last(30, "day") }), "=", lit.int(2)), true],
      ["sum qty", cmp(a.add("sum", "orders", { arg: O.qty }), "=", lit.int(7)), true],
      ["signup before now", cmp(f(C.signup_at), "<", time(NOW)), true],
    ];
    const base = Date.parse("2025-01-10T00:00:00Z");
    const forms: ((ms: number) => unknown)[] = [
      (ms) => ms,
      (ms) => new Date(ms),
      (ms) => new Date(ms).toISOString(),
      (ms) => new Date(ms).toISOString().replace("Z", "+00:00"),
    ];
    for (const form of forms) {
      const member = {
        ...EMPTY,
        signup_at: form(base - 10 * 864e5),
        orders: [
          { at: form(base), qty: 3n },
          { at: form(base - 864e5), qty: "4" },
          { at: form(base - 100 * 864e5), qty: null },
        ],
      };
      for (const now of [NOW_ISO, Date.parse(NOW_ISO), new Date(NOW_ISO)]) await check(cases, member, a, now);
    }
  });
});

// ---------------------------------------------------------------- ranks

describe("ranks", () => {
  const people = [10, 20, 20, 30, null, 40].map((age, i) => ({ ...EMPTY, id: `p${i}`, age }));
  const plan = makePlan({
    ranks: [
      { id: 0, expr: f(C.age), direction: "top", fraction: "0.4" },
      { id: 1, expr: f(C.age), direction: "top", fraction: "0.5" },
      { id: 2, expr: f(C.age), direction: "bottom", fraction: "0.2" },
    ],
    segments: [
      { name: "Top40", condition: rank(0) },
      { name: "Top50", condition: rank(1) },
      { name: "Bottom20", condition: rank(2) },
      { name: "NotTop40", condition: not(rank(0)) },
      { name: "Plain", condition: cmp(f(C.age), ">", lit.int(0)) },
    ],
  });

  it("evaluate ranks over the members, ties at the edge all in, null unknown", async () => {
    const fns = await compileToFunctions([plan]);
    const r = fns.evaluate(people, { now: NOW_ISO });
    expect(r.segments).toEqual({
      Top40: ["p3", "p5"],
      Top50: ["p1", "p2", "p3", "p5"],
      Bottom20: ["p0"],
      NotTop40: ["p0", "p1", "p2"],
      Plain: ["p0", "p1", "p2", "p3", "p5"],
    });
  });

  it("predicates rank within context.population (cached per array) and need it", async () => {
    const fns = await compileToFunctions([plan]);
    const ctx = { now: NOW_ISO, population: people };
    expect(people.map((p) => fns.segments.Top50!(p, ctx))).toEqual([false, true, true, true, false, true]);
    expect(people.map((p) => fns.segments.NotTop40!(p, ctx))).toEqual([true, true, true, false, false, false]);
    expect(() => fns.segments.Top40!(people[0]!, { now: NOW_ISO })).toThrow(/population/);
    expect(fns.segments.Plain!(people[0]!, { now: NOW_ISO })).toBe(true);
    // A member outside the population is ranked among it.
    expect(fns.segments.Top40!({ ...EMPTY, age: 35 }, ctx)).toBe(true);
    expect(fns.segments.Top40!({ ...EMPTY, age: 15 }, ctx)).toBe(false);
  });

  it("ranks a measure with exact decimals and zero for members without events", async () => {
    const a = new Aggs();
    const spend = a.add("sum", "orders", { arg: O.amount });
    const p = makePlan({
      aggs: a,
      ranks: [{ id: 0, expr: spend, direction: "top", fraction: "0.5" }],
      segments: [{ name: "Top", condition: rank(0) }],
    });
    const fns = await compileToFunctions([p]);
    const m = (id: string, amounts: string[]) => ({
      ...EMPTY,
      id,
      orders: amounts.map((amount) => ({ at: 0, amount })),
    });
    const r = fns.evaluate([m("a", ["0.10", "0.20"]), m("b", ["0.30"]), m("c", []), m("d", ["0.29"])], {
      now: NOW_ISO,
    });
    expect(r.segments.Top).toEqual(["a", "b"]);
  });
});

// ---------------------------------------------------------------- the module

describe("module", () => {
  const a = new Aggs();
  const spend = a.add("sum", "orders", { arg: O.amount, filter: cmp(ef("orders", O.status), "=", lit.str("paid")) });
  const plan = makePlan({
    aggs: a,
    segments: [
      { name: "Big", doc: "Spends a lot.\nReally: */ a lot.", condition: cmp(spend, ">", lit.int(100), decimal(2)) },
      { name: "Adult", condition: cmp(f(C.age), ">=", lit.int(18)) },
    ],
    segmentations: [
      {
        name: "Size",
        doc: "Size tiers.",
        branches: [
          { name: "L", condition: seg("Big") },
          { name: "S", condition: null },
        ],
      },
    ],
  });

  it("is deterministic, has no imports, documents predicates", () => {
    const one = emitJs([plan], { asOf: "2025-01-01" });
    expect(emitJs([plan], { asOf: "2025-01-01" })).toBe(one);
    expect(one).not.toMatch(/^\s*import[\s{*("']/m);
    expect(one).not.toMatch(/\bimport\s*\(/);
    expect(one).not.toMatch(/\brequire\s*\(/);
    expect(one).toContain("/**\n * Spends a lot.\n * Really: *\\/ a lot.\n */\nexport function Big(member, context) {");
    expect(one).toContain("/** Size tiers. */\nexport function Size(member, context) {");
    expect(one).toMatch(/^export function Adult\(member, context\) \{/m);
    expect(one).toMatch(/^export function evaluate\(members, options\) \{/m);
    expect(emitJs([plan])).not.toBe(one);
  });

  it("predicates return strict booleans; now comes from the context, the baked as-of, or the clock", async () => {
    const recent = makePlan({
      segments: [{ name: "Joined", condition: cmp(f(C.signup_at), "<", time(ago(1, "day"))) }],
    });
    const member = { ...EMPTY, signup_at: "2030-01-01T00:00:00Z" };
    const baked = await compileToFunctions([recent], { asOf: "2031-01-01" });
    expect(baked.segments.Joined!(member)).toBe(true);
    expect(baked.segments.Joined!(member, { now: "2029-01-01" })).toBe(false);
    const clock = await compileToFunctions([recent]);
    expect(clock.segments.Joined!(member)).toBe(false); // the clock is before 2030 for a while yet
    const fns = await compileToFunctions([plan]);
    const ctx = { now: NOW_ISO };
    expect(fns.segments.Adult!({ ...EMPTY, age: null }, ctx)).toBe(false);
    expect(fns.segments.Adult!({ ...EMPTY, age: 30n }, ctx)).toBe(true);
    expect(fns.segmentations.Size!(M, ctx)).toBe("L");
    expect(fns.segmentations.Size!(EMPTY, ctx)).toBe("S");
  });

  it("evaluate keeps input order and keys tiers by String(key)", async () => {
    const fns = await compileToFunctions([plan]);
    const members = [
      { ...M, id: 20 },
      { ...EMPTY, id: 3, age: 18 },
      { ...M, id: "x" },
    ];
    const r = fns.evaluate(members, { now: NOW_ISO });
    expect(r).toEqual({
      segments: { Big: [20, "x"], Adult: [20, 3, "x"] },
      tiers: { Size: { "20": "L", "3": "S", x: "L" } },
    });
  });

  it("names that are not usable as JS bindings are exported under their own name", async () => {
    const p = makePlan({
      segments: [
        { name: "class", condition: lit.bool(true) },
        { name: "Math", condition: cmp(call("abs", INT, f(C.age)), "=", lit.int(5)) },
        { name: "__proto__", condition: lit.bool(false) },
      ],
    });
    const src = emitJs([p]);
    expect(src).toContain("export { $export_class as class, $export_Math as Math };");
    const fns = await compileToFunctions([p]);
    expect(fns.segments.class!(EMPTY)).toBe(true);
    expect(fns.segments.Math!({ ...EMPTY, age: -5 })).toBe(true);
    expect(fns.segments.__proto__!(EMPTY)).toBe(false);
    const r = fns.evaluate([EMPTY], {});
    expect(Object.keys(r.segments)).toEqual(["class", "Math", "__proto__"]);
    expect(() => emitJs([makePlan({ segments: [{ name: "evaluate", condition: lit.bool(true) }] })])).toThrow(
      /evaluate/,
    );
  });

  it("several plans: one evaluate taking members per entity", async () => {
    const p1 = makePlan({ segments: [{ name: "Adult", condition: cmp(f(C.age), ">=", lit.int(18)) }] });
    const p2 = makePlan({
      entity: "shop",
      segments: [{ name: "French", condition: cmp(f(C.country), "=", lit.str("FR")) }],
    });
    const fns = await compileToFunctions([p1, p2]);
    const r = fns.evaluate(
      { customer: [{ ...EMPTY, age: 20 }], shop: [{ ...EMPTY, id: "s", country: "FR" }] },
      { now: NOW_ISO },
    );
    expect(r.segments).toEqual({ Adult: ["m0"], French: ["s"] });
    expect(() => fns.evaluate([], {})).toThrow(/several entities/);
  });

  it("the in-process API runs the emitted text itself", async () => {
    const fns = await compileToFunctions([plan], { asOf: "2025-01-01" });
    expect(fns.source).toBe(emitJs([plan], { asOf: "2025-01-01" }));
  });
});

// ---------------------------------------------------------------- end to end from .seg text

describe("from .seg text", () => {
  const schema = `
entity customer from "customers" key id {
  id: string
  age: int?
  signup_at: timestamp
}
events orders of customer from "orders" by customer_id at ordered_at {
  amount: decimal(2)
  status: enum("paid", "refunded")
}
`;
  async function build(segments: string, asOf?: string) {
    const files = { "/virtual/schema.seg": schema, "/virtual/segments.seg": `import "./schema.seg"\n${segments}` };
    const r = compile("/virtual/segments.seg", { to: "js", host: overlayHost(files), ...(asOf ? { asOf } : {}) });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    const fns = await compileToFunctions(r.plans, asOf ? { asOf } : {});
    expect(fns.source).toBe(r.output);
    return fns;
  }
  const at = (days: number) => new Date(Date.parse(NOW_ISO) - days * 864e5).toISOString();
  const alice = {
    id: "alice",
    age: 34,
    signup_at: at(400),
    orders: [
      { at: at(5), amount: "300.00", status: "paid" },
      { at: at(20), amount: "250.00", status: "paid" },
      { at: at(40), amount: "99.99", status: "refunded" },
    ],
  };
  const bob = { id: "bob", age: null, signup_at: at(10), orders: [{ at: at(200), amount: "10.00", status: "paid" }] };

  it("segments, measures, windows and the three-valued not", async () => {
    const fns = await build(`
measure spend = sum(orders.amount where status = "paid")
/// Spends well lately.
segment Big where spend over last 30 days > 500
segment Adult where age >= 18
segment NotAdult where not (age >= 18)
segment Lapsed where any(orders) over from 180 days ago to 90 days ago and none(orders) over last 90 days
`);
    const r = fns.evaluate([alice, bob], { now: NOW_ISO });
    expect(r.segments).toEqual({ Big: ["alice"], Adult: ["alice"], NotAdult: [], Lapsed: [] });
    expect(fns.source).toContain("/** Spends well lately. */\nexport function Big(member, context) {");
    expect(fns.segments.Big!(alice, { now: NOW_ISO })).toBe(true);
  });

  it("segmentations and ranks", async () => {
    const fns = await build(`
measure spend = sum(orders.amount where status = "paid")
segment Top where spend in top 30%
segmentation Activity {
  Active where orders >= 2 over last 30 days
  Dormant where any(orders) over last 365 days
  Never otherwise
}
`);
    const carol = { id: "carol", age: 50, signup_at: at(3), orders: [] };
    const r = fns.evaluate([alice, bob, carol], { now: NOW_ISO });
    expect(r.segments.Top).toEqual(["alice"]);
    expect(r.tiers.Activity).toEqual({ alice: "Active", bob: "Dormant", carol: "Never" });
    expect(fns.segments.Top!(bob, { now: NOW_ISO, population: [alice, bob, carol] })).toBe(false);
  });
});
