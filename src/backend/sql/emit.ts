// Plan → SQL through kysely's compiler. Engine differences live in the dialect hooks only.
//
// Query shape (one pass per event table, conditional aggregation):
//   agg_<set>   one row per member key: every aggregate over that event table as CASE-filtered columns
//   pick_<n>    only for latest/earliest of a non-time field and most_frequent (need the winning row)
//   base        the entity table LEFT JOIN the aggregates; finished aggregates, rank inputs
//   ranked      population-level ranks (window functions)
//   level_<n>   segment and segmentation columns, by reference depth
import { sql } from "kysely";
import type { PExpr, Plan, PlanAggregate, PlanField, PlanWindow, TimePoint } from "../../plan/plan.js";
import { pointMs } from "../../plan/time.js";
import { BOOL, INT, isNumeric, STRING, TIMESTAMP, type ValueType } from "../../plan/types.js";
import type { Dialect, Sql } from "./dialect.js";
import { unwrapSql } from "./literals.js";

export type NowMode =
  { readonly kind: "clock" } | { readonly kind: "literal"; readonly iso: string } | { readonly kind: "param" };
export type Shape = "flags" | "members" | "views";

export interface SqlOptions {
  readonly now: NowMode;
  readonly shape: Shape;
  /** For `members`: a segment name or `Segmentation.Tier`. */
  readonly segment?: string;
}

const id = (name: string): Sql => sql.id(name);
const join = (parts: readonly Sql[], sep = ", "): Sql => sql.join(parts, sql.raw(sep));

/** Types of plan expressions, for the conversions comparisons need. */
export function typeOfExpr(p: PExpr): ValueType {
  switch (p.kind) {
    case "literal":
      return p.type;
    case "field":
    case "eventField":
      return p.field.type;
    case "eventTime":
    case "time":
      return TIMESTAMP;
    case "aggregate":
    case "arith":
    case "neg":
    case "call":
      return p.type;
    case "label":
      return STRING;
    default:
      return BOOL;
  }
}

class SqlEmitter {
  private readonly fieldCols = new Map<string, string>();
  private readonly needsEntityInAgg = new Set<string>();

  constructor(
    private readonly plan: Plan,
    private readonly d: Dialect,
    private readonly opts: SqlOptions,
  ) {
    plan.entity.fields.forEach((f, i) => this.fieldCols.set(f.name, `f${i}`));
    for (const a of plan.aggregates) if (a.filter && usesEntityField(a.filter)) this.needsEntityInAgg.add(a.eventSet);
  }

  // ------------------------------------------------------------ literals and time

  private str(v: string): Sql {
    return sql.raw(unwrapSql(this.d.literals.string(v)));
  }

  private literal(type: ValueType, value: string | boolean | null): Sql {
    if (value === null) return sql.raw("NULL");
    switch (type.kind) {
      case "bool":
        return sql.raw(this.d.literals.boolean(value === true));
      case "int":
        return sql.raw(unwrapSql(this.d.literals.decimal(String(value))));
      case "decimal":
        return this.d.decimalResult(
          sql`CAST(${sql.raw(unwrapSql(this.d.literals.decimal(String(value))))} AS ${sql.raw(this.d.types.decimal(type.scale))})`,
          type.scale,
        );
      case "float":
        return sql`CAST(${sql.raw(unwrapSql(this.d.literals.decimal(String(value))))} AS ${sql.raw(this.d.types.double)})`;
      case "date":
        return this.d.dateLiteral(String(value));
      case "timestamp":
        return this.d.timestampLiteral(String(value));
      default:
        return this.str(String(value));
    }
  }

  private nowSql(): Sql {
    const now = this.opts.now;
    if (now.kind === "literal") return this.d.timestampLiteral(now.iso);
    return now.kind === "param" ? this.d.nowParam() : this.d.now();
  }

  private time(p: TimePoint): Sql {
    const now = this.opts.now;
    // With a fixed `now`, every boundary folds to a literal: nothing for the engine to get wrong.
    if (now.kind === "literal" || p.base !== "now") {
      if (now.kind === "literal" || p.shifts.length === 0) {
        const ms = pointMs(p, now.kind === "literal" ? Date.parse(now.iso) : 0);
        if (now.kind === "literal" || p.base !== "now") return this.d.timestampLiteral(new Date(ms).toISOString());
      }
    }
    let t = p.base === "now" ? this.nowSql() : this.d.timestampLiteral(p.base.literal);
    for (const s of p.shifts) t = this.d.shift(t, s.amount, s.unit);
    return t;
  }

  // ------------------------------------------------------------ expressions

  /** `where`: "event" reads event columns as e.*, entity columns as c.*; "member" reads base columns. */
  private expr(p: PExpr, where: "event" | "member"): Sql {
    switch (p.kind) {
      case "literal":
        return this.literal(p.type, p.value);
      case "field":
        return where === "event" ? sql`${sql.id("c", p.field.column)}` : id(this.fieldCols.get(p.field.name)!);
      case "eventField":
        return sql.id("e", p.field.column);
      case "eventTime":
        return sql.id("e", this.eventSet(p.eventSet).at);
      case "aggregate":
        return id(`a${p.id}`);
      case "time":
        return this.time(p.point);
      case "compare":
        return this.compare(p.op, p.left, p.right, p.operandType, where);
      case "and":
      case "or":
        return sql`(${join(
          p.args.map((a) => this.expr(a, where)),
          p.kind === "and" ? " AND " : " OR ",
        )})`;
      case "not":
        return sql`(NOT ${this.expr(p.arg, where)})`;
      case "isNull":
        return sql`(${this.expr(p.arg, where)} IS ${sql.raw(p.negated ? "NOT NULL" : "NULL")})`;
      case "in": {
        const arg = this.operand(p.arg, p.operandType, where);
        const values = p.values.map((v) => this.operand(v, p.operandType, where));
        return sql`(${arg} ${sql.raw(p.negated ? "NOT IN" : "IN")} (${join(values)}))`;
      }
      case "between": {
        const arg = this.operand(p.arg, p.operandType, where);
        const lo = this.operand(p.low, p.operandType, where);
        const hi = this.operand(p.high, p.operandType, where);
        return sql`(${arg} ${sql.raw(p.negated ? "NOT BETWEEN" : "BETWEEN")} ${lo} AND ${hi})`;
      }
      case "match": {
        const a = this.expr(p.arg, where);
        const b = this.expr(p.pattern, where);
        return p.op === "contains"
          ? this.d.contains(a, b)
          : p.op === "starts_with"
            ? this.d.startsWith(a, b)
            : this.d.endsWith(a, b);
      }
      case "arith": {
        const l = this.expr(p.left, where);
        const r = this.expr(p.right, where);
        if (p.op === "/") return sql`(${this.d.toDouble(l)} / NULLIF(${this.d.toDouble(r)}, 0))`;
        const out = sql`(${l} ${sql.raw(p.op)} ${r})`;
        return p.type.kind === "decimal" ? this.d.decimalResult(out, p.type.scale) : out;
      }
      case "neg":
        return sql`(- ${this.expr(p.arg, where)})`;
      case "call":
        return this.call(p, where);
      case "rank":
        return id(`r${p.id}`);
      case "segment":
        return id(`s_${p.name}`);
      case "branch":
        return sql`(${this.d.stringKey(id(`t_${p.segmentation}`))} = ${this.d.stringKey(this.str(p.branch))} AND ${id(`t_${p.segmentation}`)} IS NOT NULL)`;
      case "label":
        return id(`t_${p.segmentation}`);
      case "atLeast":
        return sql`((${join(
          p.args.map((a) => sql`CASE WHEN ${this.expr(a, where)} THEN 1 ELSE 0 END`),
          " + ",
        )}) >= ${sql.raw(String(p.k))})`;
    }
  }

  /** An operand converted to the type both sides of a comparison share. */
  private operand(p: PExpr, to: ValueType, where: "event" | "member"): Sql {
    const x = this.expr(p, where);
    const from = typeOfExpr(p);
    if (to.kind === "timestamp" && from.kind === "date") return this.d.dateToTimestamp(x);
    if (to.kind === "string" || to.kind === "enum") return this.d.stringKey(x);
    if (to.kind === "float" && from.kind !== "float" && isNumeric(from)) return this.d.toDouble(x);
    return x;
  }

  private compare(op: string, left: PExpr, right: PExpr, type: ValueType, where: "event" | "member"): Sql {
    const sqlOp = op === "!=" ? "<>" : op;
    return sql`(${this.operand(left, type, where)} ${sql.raw(sqlOp)} ${this.operand(right, type, where)})`;
  }

  private call(p: Extract<PExpr, { kind: "call" }>, where: "event" | "member"): Sql {
    const a = p.args.map((x) => this.expr(x, where));
    const t0 = p.args[0] ? typeOfExpr(p.args[0]) : INT;
    const ts = (i: number) => (typeOfExpr(p.args[i]!).kind === "date" ? this.d.dateToTimestamp(a[i]!) : a[i]!);
    const day = 86_400_000;
    switch (p.fn) {
      case "lower":
        return this.d.lower(a[0]!);
      case "upper":
        return this.d.upper(a[0]!);
      case "length":
        return this.d.charLength(a[0]!);
      case "trim":
        return this.d.trim(a[0]!);
      case "coalesce": {
        // Only the conversions a value needs, no ordering key; decimals share one scale explicitly
        // (DuckDB would otherwise unify DECIMAL(38,2) with DECIMAL(38,1) by rounding).
        const t = p.type;
        const arg = (x: PExpr): Sql =>
          t.kind === "string" || t.kind === "enum"
            ? this.expr(x, where)
            : t.kind === "decimal"
              ? sql`CAST(${this.expr(x, where)} AS ${sql.raw(this.d.types.decimal(t.scale))})`
              : this.operand(x, t, where);
        return sql`COALESCE(${join(p.args.map(arg))})`;
      }
      case "abs":
        return sql`abs(${a[0]!})`;
      case "round": {
        const digits = p.args[1]?.kind === "literal" ? Number(p.args[1].value) : 0;
        return this.d.round(a[0]!, digits, t0);
      }
      case "year":
      case "month":
      case "day":
      case "hour":
        return this.d.part(p.fn, ts(0));
      case "day_of_week":
        return this.d.part("isodow", ts(0));
      case "date":
        return t0.kind === "date" ? a[0]! : this.d.dateOf(a[0]!);
      case "days_since":
        return this.d.floorDiv(sql`(${this.d.epochMs(this.nowSql())} - ${this.d.epochMs(ts(0))})`, day);
      case "days_between":
        return this.d.floorDiv(sql`(${this.d.epochMs(ts(1))} - ${this.d.epochMs(ts(0))})`, day);
    }
  }

  // ------------------------------------------------------------ aggregates

  private eventSet(name: string) {
    return this.plan.eventSets.find((e) => e.name === name)!;
  }

  /** The condition an event must meet to count: before now, inside the window, filter true. */
  private eventCondition(a: PlanAggregate, withFilter: boolean): Sql | undefined {
    const parts: Sql[] = [];
    const at = sql.id("e", this.eventSet(a.eventSet).at);
    if (a.window) parts.push(...this.windowParts(at, a.window));
    if (withFilter && a.filter) parts.push(this.expr(a.filter, "event"));
    return parts.length ? join(parts, " AND ") : undefined;
  }

  private windowParts(at: Sql, w: PlanWindow): Sql[] {
    return [sql`${at} >= ${this.time(w.start)}`, sql`${at} < ${this.time(w.end)}`];
  }

  private argSql(a: PlanAggregate): Sql {
    if (!a.arg || a.arg.kind === "at") return sql.id("e", this.eventSet(a.eventSet).at);
    return sql.id("e", a.arg.field.column);
  }

  private when(cond: Sql | undefined, value: Sql): Sql {
    return cond ? sql`CASE WHEN ${cond} THEN ${value} END` : value;
  }

  /** The columns of `agg_<set>` for one aggregate (raw, before finishing in base). */
  private aggColumns(a: PlanAggregate): Sql[] {
    const cond = this.eventCondition(a, true);
    const col = (suffix: string) => id(`a${a.id}${suffix}`);
    const arg = this.argSql(a);
    const argType = a.arg?.kind === "field" ? a.arg.field.type : TIMESTAMP;
    const isText = argType.kind === "string" || argType.kind === "enum";
    switch (a.fn) {
      case "count":
      case "any":
      case "none":
        return [sql`COUNT(${this.when(cond, a.arg?.kind === "field" ? arg : sql.raw("1"))}) AS ${col("")}`];
      case "share":
        return [
          sql`COUNT(${this.when(cond, sql.raw("1"))}) AS ${col("")}`,
          sql`COUNT(${this.when(this.eventCondition(a, false), sql.raw("1"))}) AS ${col("_all")}`,
        ];
      case "sum":
        return [sql`SUM(${this.when(cond, arg)}) AS ${col("")}`];
      case "avg":
        // The exact sum converted once, as the JS backend does: AVG over doubles can differ in the last bit.
        return [sql`SUM(${this.when(cond, arg)}) AS ${col("")}`, sql`COUNT(${this.when(cond, arg)}) AS ${col("_n")}`];
      case "min":
      case "max": {
        const v = isText ? this.d.stringKey(arg) : arg;
        return [sql`${sql.raw(a.fn.toUpperCase())}(${this.when(cond, v)}) AS ${col("")}`];
      }
      case "distinct_count":
        return [sql`COUNT(DISTINCT ${this.when(cond, isText ? this.d.stringKey(arg) : arg)}) AS ${col("")}`];
      case "latest":
      case "earliest": {
        const at = sql.id("e", this.eventSet(a.eventSet).at);
        return [sql`${sql.raw(a.fn === "latest" ? "MAX" : "MIN")}(${this.when(cond, at)}) AS ${col("_t")}`];
      }
      case "most_frequent":
        return [];
    }
  }

  /** The finished value of an aggregate in `base`. */
  private finish(a: PlanAggregate, src: string): Sql {
    const c = (suffix = "") => sql.ref(`${src}.a${a.id}${suffix}`);
    const argType = a.arg?.kind === "field" ? a.arg.field.type : TIMESTAMP;
    const isText = argType.kind === "string" || argType.kind === "enum";
    switch (a.fn) {
      case "count":
      case "distinct_count":
        return sql`COALESCE(${c()}, 0)`;
      case "any":
        return sql`(COALESCE(${c()}, 0) > 0)`;
      case "none":
        return sql`(COALESCE(${c()}, 0) = 0)`;
      case "sum": {
        const zero = sql`COALESCE(${c()}, 0)`;
        return a.type.kind === "decimal"
          ? this.d.decimalResult(sql`CAST(${zero} AS ${sql.raw(this.d.types.decimal(a.type.scale))})`, a.type.scale)
          : zero;
      }
      case "share":
        return sql`(${this.d.toDouble(c())} / NULLIF(${this.d.toDouble(c("_all"))}, 0))`;
      case "min":
      case "max":
        return isText ? this.d.fromStringKey(c()) : c();
      case "latest":
      case "earliest":
        return a.arg?.kind === "field" ? sql.ref(`${src}_p${a.id}.v`) : c("_t");
      case "avg": {
        const sum = argType.kind === "decimal" ? this.d.decimalResult(c(), argType.scale) : c();
        return sql`(${this.d.toDouble(sum)} / NULLIF(${this.d.toDouble(c("_n"))}, 0))`;
      }
      case "most_frequent":
        return sql.ref(`${src}_p${a.id}.v`);
    }
  }

  /** Row picking for latest/earliest of a field and most_frequent: the winning value per member. */
  private pickCte(a: PlanAggregate, aggCte: string): Sql {
    const set = this.eventSet(a.eventSet);
    const table = this.tableRef(set.table);
    const by = this.keyExpr(sql.id("e", set.by));
    const arg = this.argSql(a);
    const argType = a.arg?.kind === "field" ? a.arg.field.type : TIMESTAMP;
    const isText = argType.kind === "string" || argType.kind === "enum";
    const key = isText ? this.d.stringKey(arg) : arg;
    const entityJoin = this.needsEntityInAgg.has(set.name) ? this.entityJoin(set.by) : sql``;
    const cond = this.eventCondition(a, true);
    const nowCond = sql`${sql.id("e", set.at)} < ${this.nowSql()}`;
    if (a.fn === "most_frequent") {
      const where = join([nowCond, ...(cond ? [cond] : []), sql`${arg} IS NOT NULL`], " AND ");
      const counted = sql`SELECT ${by} AS k, ${key} AS v, COUNT(*) AS n FROM ${table} ${entityJoin} WHERE ${where} GROUP BY ${by}, ${key}`;
      const ranked = sql`SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY n DESC, v ASC) AS rn FROM (${counted}) AS counted`;
      return sql`SELECT k, ${isText ? this.d.fromStringKey(sql.ref("v")) : sql.ref("v")} AS v FROM (${ranked}) AS ranked WHERE rn = 1`;
    }
    // Ties at the winning time go to the smallest value.
    const t = sql.ref(`g.a${a.id}_t`);
    const where = join([nowCond, ...(cond ? [cond] : []), sql`${sql.id("e", set.at)} = ${t}`], " AND ");
    const v = sql`MIN(${key})`;
    return sql`SELECT ${by} AS k, ${isText ? this.d.fromStringKey(v) : v} AS v FROM ${table} ${entityJoin} JOIN ${sql.table(aggCte)} AS g ON g.k = ${by} WHERE ${where} GROUP BY ${by}`;
  }

  /** Member keys compare by code point (MariaDB's default collation would fold case and pad). */
  private keyExpr(x: Sql): Sql {
    const t = this.plan.entity.key.type;
    return t.kind === "string" || t.kind === "enum" ? this.d.stringKey(x) : x;
  }

  private tableRef(name: string): Sql {
    return sql`${sql.raw(unwrapSql(this.d.literals.table(name)))} AS e`;
  }

  private entityJoin(by: string): Sql {
    const e = this.plan.entity;
    return sql`JOIN ${sql.raw(unwrapSql(this.d.literals.table(e.table)))} AS c ON ${this.keyExpr(sql.id("c", e.key.column))} = ${this.keyExpr(sql.id("e", by))}`;
  }

  // ------------------------------------------------------------ the query

  private segmentLevels(): { name: string; kind: "segment" | "segmentation"; level: number }[] {
    const deps = new Map<string, string[]>();
    const refs = (p: PExpr, out: string[]): void => {
      if (p.kind === "segment") out.push(`segment:${p.name}`);
      else if (p.kind === "branch" || p.kind === "label") out.push(`segmentation:${p.segmentation}`);
      for (const c of children(p)) refs(c, out);
    };
    for (const s of this.plan.segments) {
      const out: string[] = [];
      refs(s.condition, out);
      deps.set(`segment:${s.name}`, out);
    }
    for (const s of this.plan.segmentations) {
      const out: string[] = [];
      for (const b of s.branches) if (b.condition) refs(b.condition, out);
      deps.set(`segmentation:${s.name}`, out);
    }
    const level = new Map<string, number>();
    const visit = (k: string): number => {
      const known = level.get(k);
      if (known !== undefined) return known;
      level.set(k, 0);
      const l = 1 + Math.max(0, ...(deps.get(k) ?? []).map(visit));
      level.set(k, l);
      return l;
    };
    return [...deps.keys()].map((k) => {
      const [kind, name] = k.split(":") as ["segment" | "segmentation", string];
      return { name, kind, level: visit(k) };
    });
  }

  private segmentColumn(name: string, kind: "segment" | "segmentation"): Sql {
    if (kind === "segment") {
      const s = this.plan.segments.find((x) => x.name === name)!;
      // References are never unknown: membership is strictly true.
      return sql`(CASE WHEN ${this.expr(s.condition, "member")} THEN ${sql.raw(this.d.literals.boolean(true))} ELSE ${sql.raw(this.d.literals.boolean(false))} END) AS ${id(`s_${name}`)}`;
    }
    const s = this.plan.segmentations.find((x) => x.name === name)!;
    const whens: Sql[] = [];
    let otherwise: Sql = sql.raw("NULL");
    for (const b of s.branches) {
      if (b.condition === null) {
        otherwise = this.str(b.name);
        break;
      }
      whens.push(sql`WHEN ${this.expr(b.condition, "member")} THEN ${this.str(b.name)}`);
    }
    return whens.length
      ? sql`(CASE ${join(whens, " ")} ELSE ${otherwise} END) AS ${id(`t_${name}`)}`
      : sql`${otherwise} AS ${id(`t_${name}`)}`;
  }

  /** The CTE chain ending in a relation that has k, every field, aggregate, rank and segment column. */
  private body(): { ctes: Sql[]; last: string } {
    const plan = this.plan;
    const ctes: Sql[] = [];
    const bySet = new Map<string, PlanAggregate[]>();
    for (const a of plan.aggregates) bySet.set(a.eventSet, [...(bySet.get(a.eventSet) ?? []), a]);
    const joins: Sql[] = [];
    const finished: Sql[] = [];
    for (const set of plan.eventSets) {
      const aggs = bySet.get(set.name) ?? [];
      if (!aggs.length) continue;
      const cte = `agg_${set.name}`;
      const cols = aggs.flatMap((a) => this.aggColumns(a));
      const by = this.keyExpr(sql.id("e", set.by));
      const entityJoin = this.needsEntityInAgg.has(set.name) ? this.entityJoin(set.by) : sql``;
      const select = cols.length ? sql`, ${join(cols)}` : sql``;
      ctes.push(
        sql`${id(cte)} AS (SELECT ${by} AS k${select} FROM ${this.tableRef(set.table)} ${entityJoin} WHERE ${sql.id("e", set.at)} < ${this.nowSql()} GROUP BY ${by})`,
      );
      const memberKey = this.keyExpr(sql.id("c", plan.entity.key.column));
      joins.push(sql`LEFT JOIN ${id(cte)} ON ${sql.ref(`${cte}.k`)} = ${memberKey}`);
      for (const a of aggs) {
        if (a.fn === "most_frequent" || ((a.fn === "latest" || a.fn === "earliest") && a.arg?.kind === "field")) {
          const pick = `${cte}_p${a.id}`;
          ctes.push(sql`${id(pick)} AS (${this.pickCte(a, cte)})`);
          joins.push(sql`LEFT JOIN ${id(pick)} ON ${sql.ref(`${pick}.k`)} = ${memberKey}`);
        }
        finished.push(sql`${this.finish(a, cte)} AS ${id(`a${a.id}`)}`);
      }
    }
    const fields = plan.entity.fields.map(
      (f: PlanField) => sql`${sql.id("c", f.column)} AS ${id(this.fieldCols.get(f.name)!)}`,
    );
    const baseCols = [sql`${sql.id("c", plan.entity.key.column)} AS k`, ...fields, ...finished];
    ctes.push(
      sql`base AS (SELECT ${join(baseCols)} FROM ${sql.raw(unwrapSql(this.d.literals.table(plan.entity.table)))} AS c ${join(joins, " ")})`,
    );
    let last = "base";
    if (plan.ranks.length) {
      const inputs = plan.ranks.map((r) => sql`${this.expr(r.expr, "member")} AS ${id(`rx${r.id}`)}`);
      ctes.push(sql`rank_input AS (SELECT base.*, ${join(inputs)} FROM base)`);
      const cols = plan.ranks.map((r) => {
        const x = id(`rx${r.id}`);
        const [num, den] = fraction(r.fraction);
        const dir = sql.raw(r.direction === "top" ? "DESC" : "ASC");
        // Nulls sort after every value, so a value's rank counts only the non-null values ahead of it.
        const ahead = sql`(RANK() OVER (ORDER BY CASE WHEN ${x} IS NULL THEN 1 ELSE 0 END, ${x} ${dir}) - 1)`;
        return sql`(CASE WHEN ${x} IS NULL THEN NULL ELSE ${ahead} * ${sql.raw(den)} < ${sql.raw(num)} * COUNT(${x}) OVER () END) AS ${id(`r${r.id}`)}`;
      });
      ctes.push(sql`ranked AS (SELECT rank_input.*, ${join(cols)} FROM rank_input)`);
      last = "ranked";
    }
    const levels = this.segmentLevels();
    const maxLevel = Math.max(0, ...levels.map((l) => l.level));
    for (let l = 1; l <= maxLevel; l++) {
      const cols = levels.filter((x) => x.level === l).map((x) => this.segmentColumn(x.name, x.kind));
      const name = `level_${l}`;
      ctes.push(sql`${id(name)} AS (SELECT ${sql.ref(`${last}`)}.*, ${join(cols)} FROM ${id(last)})`);
      last = name;
    }
    return { ctes, last };
  }

  private flags(): Sql {
    const { ctes, last } = this.body();
    const plan = this.plan;
    const cols = [
      sql`k AS ${id(plan.entity.key.name)}`,
      ...plan.segments.filter((s) => s.output).map((s) => sql`${id(`s_${s.name}`)} AS ${id(s.name)}`),
      ...plan.segmentations.filter((s) => s.output).map((s) => sql`${id(`t_${s.name}`)} AS ${id(s.name)}`),
    ];
    return sql`WITH ${join(ctes, ",\n")}\nSELECT ${join(cols)} FROM ${id(last)} ORDER BY ${this.keyOrder()}`;
  }

  private keyOrder(): Sql {
    const t = this.plan.entity.key.type;
    return t.kind === "string" || t.kind === "enum" ? this.d.stringKey(sql.ref("k")) : sql.ref("k");
  }

  private members(segment: string): Sql {
    const { ctes, last } = this.body();
    const [s, tier] = segment.split(".");
    const cond =
      tier === undefined ? id(`s_${s}`) : sql`${this.d.stringKey(id(`t_${s}`))} = ${this.d.stringKey(this.str(tier))}`;
    return sql`WITH ${join(ctes, ",\n")}\nSELECT k AS ${id(this.plan.entity.key.name)} FROM ${id(last)} WHERE ${cond} ORDER BY ${this.keyOrder()}`;
  }

  compile(): string {
    const shape = this.opts.shape;
    const q = (s: Sql) => s.compile(this.d.db).sql;
    if (shape === "members") return `${q(this.members(this.opts.segment!))};\n`;
    if (shape === "flags") return `${q(this.flags())};\n`;
    const view = `${this.plan.entity.name}_segments`;
    const out = [`CREATE VIEW ${unwrapSql(this.d.literals.identifier(view))} AS\n${q(this.flags())};`];
    const key = unwrapSql(this.d.literals.identifier(this.plan.entity.key.name));
    for (const s of this.plan.segments.filter((x) => x.output)) {
      const name = unwrapSql(this.d.literals.identifier(`${this.plan.entity.name}_${s.name}`));
      const col = unwrapSql(this.d.literals.identifier(s.name));
      out.push(
        `CREATE VIEW ${name} AS SELECT ${key} FROM ${unwrapSql(this.d.literals.identifier(view))} WHERE ${col};`,
      );
    }
    return `${out.join("\n\n")}\n`;
  }
}

function usesEntityField(p: PExpr): boolean {
  return p.kind === "field" || children(p).some(usesEntityField);
}

export function children(p: PExpr): PExpr[] {
  switch (p.kind) {
    case "compare":
      return [p.left, p.right];
    case "and":
    case "or":
    case "atLeast":
      return [...p.args];
    case "not":
    case "isNull":
    case "neg":
      return [p.arg];
    case "in":
      return [p.arg, ...p.values];
    case "between":
      return [p.arg, p.low, p.high];
    case "match":
      return [p.arg, p.pattern];
    case "arith":
      return [p.left, p.right];
    case "call":
      return [...p.args];
    default:
      return [];
  }
}

/** "0.025" → ["25", "1000"] */
function fraction(text: string): [string, string] {
  const [i = "0", f = ""] = text.split(".");
  const num = BigInt(i + f);
  return [num.toString(), (10n ** BigInt(f.length)).toString()];
}

export function emitSql(plans: readonly Plan[], dialect: Dialect, options: SqlOptions): string {
  return plans.map((p) => new SqlEmitter(p, dialect, options).compile()).join("\n");
}
