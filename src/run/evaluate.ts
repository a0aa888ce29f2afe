// A plan interpreter for `seg explain`: it computes the value of every sub-expression for one
// member with the JS backend's semantics (the runtime's three-valued logic, exact decimals and UTC
// calendar), so each node of a definition can be shown with its value. The generated module only
// exposes final answers; this walks the same plan node by node.
import * as rt from "../backend/js/runtime.js";
import { typeOfPExpr } from "../backend/js/emit.js";
import type { PExpr, Plan, PlanAggregate, PlanField, PlanRank, TimePoint } from "../plan/plan.js";
import type { ValueType } from "../plan/types.js";
import type { Member } from "./members.js";

/** A value in the runtime's representation: times are epoch ms, decimals `Dec`, unknown is null. */
export type Value = null | boolean | number | bigint | string | rt.Dec;

export interface AggregateDetail {
  readonly value: Value;
  /** Events before `now` and inside the window. */
  readonly inWindow: number;
  /** Of those, the events the filter keeps (all of them without a filter). */
  readonly matched: number;
  /** Window bounds in epoch ms (null: the whole history). */
  readonly window: { readonly start: number; readonly end: number } | null;
}

export interface RankDetail {
  readonly value: boolean | null;
  readonly x: Value;
  /** Members with a non-null value. */
  readonly n: number;
  /** Members whose value is strictly greater (top) or smaller (bottom). */
  readonly beyond: number;
  readonly rank: PlanRank;
}

type Event = Readonly<Record<string, unknown>>;

/** Reads an input value into the runtime's representation for its declared type. */
export function readValue(v: unknown, t: ValueType): Value {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "int":
      return rt.intIn(v);
    case "float":
      return rt.num(v);
    case "decimal":
      return rt.dec(v);
    case "date":
      return rt.dateOf(v);
    case "timestamp":
      return rt.toMs(v);
    case "bool":
      return v === true || v === false ? v : null;
    default:
      return typeof v === "string" ? v : String(v);
  }
}

function literalValue(value: string | boolean | null, type: ValueType): Value {
  if (value === null || type.kind === "null") return null;
  if (typeof value === "boolean") return value;
  switch (type.kind) {
    case "int":
      return rt.intIn(value);
    case "decimal":
      return rt.dec(value);
    case "float":
      return Number(value);
    case "date":
    case "timestamp":
      return rt.toMs(value);
    case "bool":
      return value === "true";
    default:
      return value;
  }
}

const scaleOf = (t: ValueType): number => (t.kind === "decimal" ? t.scale : 0);

/** A value of type `from` in the representation of `to` (numbers widen; decimals round to scale). */
function convert(v: Value, from: ValueType, to: ValueType): Value {
  if (v === null || to.kind === "null") return null;
  if (to.kind === "float" && (from.kind === "int" || from.kind === "decimal")) return rt.num(v);
  if (to.kind === "decimal" && from.kind === "decimal" && from.scale > to.scale)
    return rt.decRound(rt.dec(v), to.scale);
  return v;
}

export class Evaluator {
  private readonly segments: Map<string, PExpr>;
  private readonly segmentations: Map<string, Plan["segmentations"][number]>;
  private readonly aggregates: Map<number, PlanAggregate>;
  private readonly ranks: Map<number, PlanRank>;
  private readonly times = new Map<string, number>();
  private readonly memo = new WeakMap<Member, Map<PExpr | string, unknown>>();
  private readonly rankTables = new Map<number, { values: Value[]; flags: rt.Tri[]; index: Map<string, number> }>();
  private readonly rankCounts = new Map<string, { readonly n: number; readonly beyond: number }>();

  constructor(
    readonly plan: Plan,
    readonly now: number,
    /** Every member, for ranks whose counts were not given with `setRankCounts`. */
    private readonly population: () => readonly Member[] = () => {
      throw new Error("internal: ranks need the population");
    },
  ) {
    this.segments = new Map(plan.segments.map((s) => [s.name, s.condition]));
    this.segmentations = new Map(plan.segmentations.map((s) => [s.name, s]));
    this.aggregates = new Map(plan.aggregates.map((a) => [a.id, a]));
    this.ranks = new Map(plan.ranks.map((r) => [r.id, r]));
  }

  time(p: TimePoint): number {
    const key = JSON.stringify(p);
    let ms = this.times.get(key);
    if (ms === undefined) {
      ms = p.base === "now" ? this.now : rt.toMs(p.base.literal)!;
      for (const s of p.shifts) ms = rt.shift(ms, s.amount, s.unit)!;
      this.times.set(key, ms);
    }
    return ms;
  }

  private cache(member: Member): Map<PExpr | string, unknown> {
    let m = this.memo.get(member);
    if (!m) this.memo.set(member, (m = new Map()));
    return m;
  }

  /** Membership: the condition is true (unknown is out). */
  segment(name: string, member: Member): boolean {
    const c = this.segments.get(name);
    if (!c) throw new Error(`internal: no segment ${name} in the plan`);
    return this.value(c, member) === true;
  }

  /** The tier: the first branch whose condition is true (null when none is). */
  tier(name: string, member: Member): string | null {
    const key = `tier:${name}`;
    const memo = this.cache(member);
    if (memo.has(key)) return memo.get(key) as string | null;
    const s = this.segmentations.get(name);
    if (!s) throw new Error(`internal: no segmentation ${name} in the plan`);
    let tier: string | null = null;
    for (const b of s.branches)
      if (!b.condition || this.value(b.condition, member) === true) {
        tier = b.name;
        break;
      }
    memo.set(key, tier);
    return tier;
  }

  /** The value of an expression for a member (memoised). Event fields need `event`. */
  value(e: PExpr, member: Member, event?: Event, eventSet?: string): Value {
    if (event) return this.compute(e, member, event, eventSet);
    const memo = this.cache(member);
    if (memo.has(e)) return memo.get(e) as Value;
    const v = this.compute(e, member);
    memo.set(e, v);
    return v;
  }

  private as(e: PExpr, want: ValueType, member: Member, event?: Event, set?: string): Value {
    return convert(this.value(e, member, event, set), typeOfPExpr(e), want);
  }

  private compute(e: PExpr, member: Member, event?: Event, set?: string): Value {
    const v = (x: PExpr): Value => this.value(x, member, event, set);
    const as = (x: PExpr, t: ValueType): Value => this.as(x, t, member, event, set);
    switch (e.kind) {
      case "literal":
        return literalValue(e.value, e.type);
      case "field":
        return readValue(member[e.field.name], e.field.type);
      case "eventField":
        if (!event) throw new Error(`internal: ${e.eventSet}.${e.field.name} outside an aggregate`);
        return readValue(event[e.field.name], e.field.type);
      case "eventTime":
        if (!event) throw new Error(`internal: ${e.eventSet}.at outside an aggregate`);
        return rt.toMs(event.at);
      case "aggregate":
        return this.aggregate(e.id, member).value;
      case "time":
        return this.time(e.point);
      case "compare": {
        if (e.operandType.kind === "null") return null;
        return rt.cmp(e.op, as(e.left, e.operandType), as(e.right, e.operandType));
      }
      case "and":
        return rt.andAll(e.args.map(v));
      case "or":
        return rt.orAll(e.args.map(v));
      case "not":
        return rt.not3(v(e.arg));
      case "isNull": {
        const isNull = v(e.arg) === null;
        return e.negated ? !isNull : isNull;
      }
      case "in": {
        if (e.operandType.kind === "null") return null;
        const r = rt.inList(
          as(e.arg, e.operandType),
          e.values.map((x) => as(x, e.operandType)),
        );
        return e.negated ? rt.not3(r) : r;
      }
      case "between": {
        if (e.operandType.kind === "null") return null;
        const r = rt.between(as(e.arg, e.operandType), as(e.low, e.operandType), as(e.high, e.operandType));
        return e.negated ? rt.not3(r) : r;
      }
      case "match": {
        const s = v(e.arg) as string | null;
        const p = v(e.pattern) as string | null;
        return e.op === "contains"
          ? rt.contains(s, p)
          : e.op === "starts_with"
            ? rt.startsWith(s, p)
            : rt.endsWith(s, p);
      }
      case "arith":
        return this.arith(e, member, event, set);
      case "neg":
        return rt.neg(as(e.arg, e.type)) as Value;
      case "call":
        return this.call(e, member, event, set);
      case "rank":
        return this.rank(e.id, member).value;
      case "segment":
        return this.segment(e.name, member);
      case "branch":
        return this.tier(e.segmentation, member) === e.branch;
      case "label":
        return this.tier(e.segmentation, member);
      case "atLeast":
        return rt.atLeast(e.k, e.args.map(v));
    }
  }

  private arith(e: Extract<PExpr, { kind: "arith" }>, member: Member, event?: Event, set?: string): Value {
    const as = (x: PExpr, t: ValueType): Value => this.as(x, t, member, event, set);
    const FLOAT: ValueType = { kind: "float" };
    if (e.op === "/") return rt.div(as(e.left, FLOAT), as(e.right, FLOAT));
    if (e.type.kind === "float") {
      const a = as(e.left, FLOAT);
      const b = as(e.right, FLOAT);
      return e.op === "+" ? rt.addF(a, b) : e.op === "-" ? rt.subF(a, b) : rt.mulF(a, b);
    }
    const a = this.value(e.left, member, event, set);
    const b = this.value(e.right, member, event, set);
    if (a === null || b === null) return null;
    if (e.op === "+") return rt.add(a, b) as Value;
    if (e.op === "-") return rt.sub(a, b) as Value;
    const p = rt.mul(a, b) as Value;
    // Decimal products are exact at scale sa + sb, then rounded to the result's scale.
    if (
      e.type.kind === "decimal" &&
      p !== null &&
      scaleOf(typeOfPExpr(e.left)) + scaleOf(typeOfPExpr(e.right)) > e.type.scale
    )
      return rt.decRound(rt.dec(p), e.type.scale);
    return p;
  }

  private call(e: Extract<PExpr, { kind: "call" }>, member: Member, event?: Event, set?: string): Value {
    const arg = (i: number): Value => this.value(e.args[i]!, member, event, set);
    const s = (): string | null => arg(0) as string | null;
    switch (e.fn) {
      case "lower":
        return rt.lower(s());
      case "upper":
        return rt.upper(s());
      case "trim":
        return rt.trim(s());
      case "length":
        return rt.length(s());
      case "abs":
        return rt.abs(arg(0)) as Value;
      case "year":
        return rt.year(arg(0));
      case "month":
        return rt.month(arg(0));
      case "day":
        return rt.day(arg(0));
      case "hour":
        return rt.hour(arg(0));
      case "day_of_week":
        return rt.dayOfWeek(arg(0));
      case "date":
        return rt.dateOf(arg(0));
      case "days_since":
        return rt.daysSince(arg(0), this.now);
      case "days_between":
        return rt.daysBetween(arg(0), arg(1));
      case "round": {
        const t = typeOfPExpr(e.args[0]!);
        const d = e.args[1];
        const n = d && d.kind === "literal" && typeof d.value === "string" ? Number(d.value) : 0;
        const x = arg(0);
        if (x === null) return null;
        if (t.kind === "decimal") return n >= t.scale ? x : rt.decRound(rt.dec(x), n);
        if (t.kind === "float") return rt.round(x, n) as Value;
        return x;
      }
      case "coalesce":
        for (const a of e.args) {
          const x = this.as(a, e.type, member, event, set);
          if (x !== null) return x;
        }
        return null;
    }
  }

  /** An aggregate's value with the counts behind it. */
  aggregate(id: number, member: Member): AggregateDetail {
    const key = `agg:${id}`;
    const memo = this.cache(member);
    const hit = memo.get(key) as AggregateDetail | undefined;
    if (hit) return hit;
    const a = this.aggregates.get(id);
    if (!a) throw new Error(`internal: no aggregate ${id}`);
    const window = a.window ? { start: this.time(a.window.start), end: this.time(a.window.end) } : null;
    const events = (member[a.eventSet] as readonly Event[] | undefined) ?? [];
    const field: PlanField | undefined = a.arg?.kind === "field" ? a.arg.field : undefined;
    let inWindow = 0;
    const vals: Value[] = [];
    const times: number[] = [];
    for (const ev of events) {
      const at = rt.toMs(ev.at);
      if (at === null || !(at < this.now)) continue;
      if (window && !(at >= window.start && at < window.end)) continue;
      inWindow++;
      if (a.filter && this.value(a.filter, member, ev, a.eventSet) !== true) continue;
      vals.push(field ? readValue(ev[field.name], field.type) : at);
      times.push(at);
    }
    const matched = vals.length;
    const t = field?.type;
    let value: Value;
    switch (a.fn) {
      case "count":
        value = field ? rt.count(vals) : matched;
        break;
      case "sum":
        value =
          t?.kind === "float"
            ? rt.sumFloat(vals)
            : t?.kind === "decimal"
              ? rt.sumDec(vals, t.scale)
              : (rt.sumInt(vals) as Value);
        break;
      case "avg":
        value = t?.kind === "float" ? rt.avgFloat(vals) : t?.kind === "decimal" ? rt.avgDec(vals) : rt.avgInt(vals);
        break;
      case "min":
        value = rt.min(vals) as Value;
        break;
      case "max":
        value = rt.max(vals) as Value;
        break;
      case "latest":
        value = (field ? rt.latest(vals, times) : rt.max(vals)) as Value;
        break;
      case "earliest":
        value = (field ? rt.earliest(vals, times) : rt.min(vals)) as Value;
        break;
      case "distinct_count":
        value = rt.distinctCount(vals);
        break;
      case "most_frequent":
        value = rt.mostFrequent(vals) as Value;
        break;
      case "share":
        value = rt.share(matched, inWindow);
        break;
      case "any":
        value = matched > 0;
        break;
      case "none":
        value = matched === 0;
        break;
    }
    const detail = { value, inWindow, matched, window };
    memo.set(key, detail);
    return detail;
  }

  private keyOf(m: Member): string {
    return String(m[this.plan.entity.key.name]);
  }

  /**
   * Population counts for a rank, computed elsewhere (in SQL, for large tables): `n` members have
   * a value, `beyond` of them a value strictly greater (top) or smaller (bottom) than `member`'s.
   */
  setRankCounts(id: number, member: Member, counts: { readonly n: number; readonly beyond: number }): void {
    this.rankCounts.set(`${id}:${this.keyOf(member)}`, counts);
  }

  /** `x in top/bottom P%` for a member, with the population counts behind it. */
  rank(id: number, member: Member): RankDetail {
    const rank = this.ranks.get(id);
    if (!rank) throw new Error(`internal: no rank ${id}`);
    const counts = this.rankCounts.get(`${id}:${this.keyOf(member)}`);
    if (counts) {
      const x = this.value(rank.expr, member);
      // Fewer than P × n members beyond it (language.md 5.8), exactly.
      const value =
        x === null ? null : rt.decCmp(rt.dec(counts.beyond), rt.decMul(rt.dec(rank.fraction), rt.dec(counts.n))) < 0;
      return { value, x, n: counts.n, beyond: counts.beyond, rank };
    }
    if (!this.rankTables.has(id)) {
      const pop = this.population();
      const values = pop.map((m) => this.value(rank.expr, m));
      const flags = (rank.direction === "top" ? rt.rankTop : rt.rankBottom)(values, rank.fraction);
      this.rankTables.set(id, { values, flags, index: new Map(pop.map((m, i) => [this.keyOf(m), i])) });
    }
    const table = this.rankTables.get(id)!;
    const i = table.index.get(this.keyOf(member));
    if (i === undefined) throw new Error("internal: a ranked member outside the population");
    const x = table.values[i]!;
    let n = 0;
    let beyond = 0;
    for (const y of table.values) {
      if (y === null) continue;
      n++;
      if (x !== null && (rank.direction === "top" ? rt.order(y, x) > 0 : rt.order(y, x) < 0)) beyond++;
    }
    return { value: table.flags[i] ?? null, x, n, beyond, rank };
  }
}
