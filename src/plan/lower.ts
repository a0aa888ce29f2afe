// Lowers the checked syntax tree of one file to plans (one per entity). Assumes the program has no errors.
import type { CompareExpr, Expr, Identifier } from "../syntax/ast.js";
import type { EntitySymbol, EventsSymbol, FieldSymbol, Symbol, TopSymbol } from "../check/symbols.js";
import { AGGREGATES, type AggregateName, type Program } from "../check/checker.js";
import { numberLiteral, parseDate, parseTimestamp } from "../check/literals.js";
import { bucketCount, lengthIn, NOW, shiftPoint, type WindowPoints } from "../check/windows.js";
import type {
  AggregateArg,
  FunctionName,
  PExpr,
  Plan,
  PlanAggregate,
  PlanEventSet,
  PlanField,
  PlanParam,
  PlanRank,
  PlanSegment,
  PlanSegmentation,
  PlanWindow,
  PLiteral,
} from "./plan.js";
import { BOOL, comparisonType, DATE, decimal, INT, NULL, STRING, TIMESTAMP, type ValueType } from "./types.js";
import { decimalScale, divBy100, mulDecimalInt } from "./decimal-text.js";

interface Ctx {
  /** File whose default window applies to rates. */
  readonly file: string;
  readonly window: PlanWindow | null;
  readonly filterOf?: EventsSymbol;
}

const fieldOf = (f: FieldSymbol): PlanField => ({
  name: f.name,
  column: f.column,
  type: f.type,
  nullable: f.decl.nullable,
});

class Lowering {
  private readonly aggregates: PlanAggregate[] = [];
  private readonly aggKeys = new Map<string, number>();
  private readonly ranks: PlanRank[] = [];
  private readonly rankKeys = new Map<string, number>();
  private readonly segments = new Map<string, PlanSegment>();
  private readonly segmentations = new Map<string, PlanSegmentation>();
  private readonly eventSets = new Map<string, PlanEventSet>();
  private readonly params = new Map<string, PlanParam>();

  constructor(
    private readonly program: Program,
    private readonly entity: EntitySymbol,
  ) {}

  build(source: string, outputs: readonly TopSymbol[]): Plan {
    for (const s of outputs) this.top(s, true);
    const e = this.entity;
    const key = e.fields.get(e.decl.key.name)!;
    return {
      source,
      entity: {
        name: e.name,
        table: e.decl.table.value,
        key: fieldOf(key),
        fields: [...e.fields.values()].map(fieldOf),
      },
      eventSets: [...this.eventSets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      params: [...this.params.values()],
      aggregates: this.aggregates,
      ranks: this.ranks,
      segments: this.sortOutputsFirst([...this.segments.values()], outputs),
      segmentations: this.sortOutputsFirst([...this.segmentations.values()], outputs),
    };
  }

  /** Outputs in declaration order, then helpers in the order they were reached. */
  private sortOutputsFirst<T extends { name: string; output: boolean }>(
    items: T[],
    outputs: readonly TopSymbol[],
  ): T[] {
    const rank = new Map(outputs.map((o, i) => [o.name, i]));
    return items.sort((a, b) => (rank.get(a.name) ?? 1e9) - (rank.get(b.name) ?? 1e9));
  }

  private top(s: TopSymbol, output: boolean): void {
    if (s.kind === "segment") {
      const prev = this.segments.get(s.name);
      if (prev) {
        if (output && !prev.output) this.segments.set(s.name, { ...prev, output });
        return;
      }
      // Reserve the name first so self-reaching references terminate.
      this.segments.set(s.name, {
        name: s.name,
        output,
        doc: s.doc,
        condition: { kind: "literal", type: BOOL, value: false },
      });
      const condition = this.expr(s.decl.condition, { file: s.file, window: null });
      this.segments.set(s.name, { name: s.name, output: this.segments.get(s.name)!.output, doc: s.doc, condition });
    } else if (s.kind === "segmentation") {
      const prev = this.segmentations.get(s.name);
      if (prev) {
        if (output && !prev.output) this.segmentations.set(s.name, { ...prev, output });
        return;
      }
      this.segmentations.set(s.name, { name: s.name, output, doc: s.doc, branches: [] });
      const branches = s.decl.branches.map((b) => ({
        name: b.name.name,
        condition: b.condition ? this.expr(b.condition, { file: s.file, window: null }) : null,
      }));
      this.segmentations.set(s.name, {
        name: s.name,
        output: this.segmentations.get(s.name)!.output,
        doc: s.doc,
        branches,
      });
    }
  }

  private ref(id: Identifier): Symbol {
    const s = this.program.refs.get(id);
    if (!s) throw new Error(`internal: unresolved name ${id.name}`);
    return s;
  }

  private typeOf(e: Expr): ValueType {
    return this.program.types.get(e) ?? NULL;
  }

  private windowOf(w: Parameters<Program["windows"]["get"]>[0]): WindowPoints {
    const p = this.program.windows.get(w);
    if (!p) throw new Error("internal: unchecked window");
    return p;
  }

  private eventSet(s: EventsSymbol): void {
    if (this.eventSets.has(s.name)) return;
    this.eventSets.set(s.name, {
      name: s.name,
      table: s.decl.table.value,
      by: s.decl.by.name,
      at: s.decl.at.name,
      fields: [...s.fields.values()].map(fieldOf),
    });
  }

  private aggregate(
    fn: AggregateName,
    set: EventsSymbol,
    arg: AggregateArg | undefined,
    filter: PExpr | undefined,
    window: PlanWindow | null,
    type: ValueType,
  ): PExpr {
    this.eventSet(set);
    const key = JSON.stringify([fn, set.name, arg, filter, window]);
    let id = this.aggKeys.get(key);
    if (id === undefined) {
      id = this.aggregates.length;
      this.aggKeys.set(key, id);
      this.aggregates.push({
        id,
        fn,
        eventSet: set.name,
        ...(arg ? { arg } : {}),
        ...(filter ? { filter } : {}),
        window,
        type,
      });
    }
    return { kind: "aggregate", id, type };
  }

  private literal(type: ValueType, value: string | boolean | null): PLiteral {
    return { kind: "literal", type, value };
  }

  expr(e: Expr, ctx: Ctx): PExpr {
    switch (e.kind) {
      case "Logical":
        return this.logical(e, ctx);
      case "Not":
        return { kind: "not", arg: this.expr(e.operand, ctx) };
      case "Compare":
        return this.compare(e, ctx);
      case "Between":
        return {
          kind: "between",
          arg: this.expr(e.operand, ctx),
          low: this.expr(e.low, ctx),
          high: this.expr(e.high, ctx),
          negated: e.negated,
          operandType: [e.low, e.high].reduce<ValueType>(
            (t, x) => comparisonType(t, this.typeOf(x)) ?? t,
            this.typeOf(e.operand),
          ),
        };
      case "In":
        return {
          kind: "in",
          arg: this.expr(e.operand, ctx),
          values: e.values.map((v) => this.expr(v, ctx)),
          negated: e.negated,
          operandType: e.values.reduce<ValueType>(
            (t, x) => comparisonType(t, this.typeOf(x)) ?? t,
            this.typeOf(e.operand),
          ),
        };
      case "IsNull":
        return { kind: "isNull", arg: this.expr(e.operand, ctx), negated: e.negated };
      case "StringMatch":
        return { kind: "match", op: e.op, arg: this.expr(e.operand, ctx), pattern: this.expr(e.pattern, ctx) };
      case "Rank": {
        const expr = this.expr(e.operand, ctx);
        const fraction = divBy100(e.percent.text);
        const key = JSON.stringify([expr, e.direction, fraction]);
        let id = this.rankKeys.get(key);
        if (id === undefined) {
          id = this.ranks.length;
          this.rankKeys.set(key, id);
          this.ranks.push({ id, expr, direction: e.direction, fraction });
        }
        return { kind: "rank", id };
      }
      case "Within": {
        const t = this.expr(e.operand, ctx);
        const since = {
          kind: "time" as const,
          point: shiftPoint(NOW, -Number(e.duration.amount.text), e.duration.unit),
        };
        return {
          kind: "and",
          args: [
            { kind: "compare", op: ">=", left: t, right: since, operandType: TIMESTAMP },
            { kind: "compare", op: "<", left: t, right: { kind: "time", point: NOW }, operandType: TIMESTAMP },
          ],
        };
      }
      case "Arithmetic":
        return {
          kind: "arith",
          op: e.op,
          left: this.expr(e.left, ctx),
          right: this.expr(e.right, ctx),
          type: this.typeOf(e),
        };
      case "Negate":
        return { kind: "neg", arg: this.expr(e.operand, ctx), type: this.typeOf(e) };
      case "Windowed":
        return this.expr(e.operand, { ...ctx, window: this.windowOf(e.window) });
      case "Paren":
        return this.expr(e.expr, ctx);
      case "Name":
        return this.name(e.name, ctx);
      case "Member": {
        const prop = this.ref(e.property);
        if (prop.kind === "branch") {
          this.top(prop.segmentation, false);
          return { kind: "branch", segmentation: prop.segmentation.name, branch: prop.name };
        }
        if (prop.kind === "eventTime") return { kind: "eventTime", eventSet: prop.events.name };
        if (prop.kind === "field" && prop.owner.kind === "events")
          return { kind: "eventField", eventSet: prop.owner.name, field: fieldOf(prop) };
        if (prop.kind === "field") return { kind: "field", field: fieldOf(prop) };
        throw new Error("internal: unexpected member");
      }
      case "Call":
        return this.call(e, ctx);
      case "Number": {
        const n = numberLiteral(e);
        return this.literal(n.type, n.value);
      }
      case "String":
        return this.literal(STRING, e.value);
      case "Boolean":
        return this.literal(BOOL, e.value);
      case "Null":
        return this.literal(NULL, null);
      case "TypedLiteral": {
        const r = e.type === "date" ? parseDate(e.value.value) : parseTimestamp(e.value.value);
        if (!r.ok) throw new Error("internal: invalid literal");
        return this.literal(e.type === "date" ? DATE : TIMESTAMP, r.value);
      }
      case "Now":
        return { kind: "time", point: NOW };
      case "Ago":
        return { kind: "time", point: shiftPoint(NOW, -Number(e.duration.amount.text), e.duration.unit) };
      case "Error":
        throw new Error("internal: error node in a checked program");
    }
  }

  /** A same-operator chain becomes one n-ary node; long chains are walked without recursion. */
  private logical(e: Extract<Expr, { kind: "Logical" }>, ctx: Ctx): PExpr {
    const args: PExpr[] = [];
    const stack: Expr[] = [e];
    while (stack.length) {
      const x = stack.pop()!;
      if (x.kind === "Logical" && x.op === e.op) stack.push(x.right, x.left);
      else args.push(this.expr(x, ctx));
    }
    return { kind: e.op, args };
  }

  private name(id: Identifier, ctx: Ctx): PExpr {
    const s = this.ref(id);
    switch (s.kind) {
      case "field":
        return s.owner.kind === "events"
          ? { kind: "eventField", eventSet: s.owner.name, field: fieldOf(s) }
          : { kind: "field", field: fieldOf(s) };
      case "eventTime":
        return { kind: "eventTime", eventSet: s.events.name };
      case "param": {
        const value = s.value ?? this.literal(NULL, null);
        this.params.set(s.name, { name: s.name, type: s.type ?? NULL, value });
        return value;
      }
      case "measure":
        if (this.program.cyclic.has(s)) throw new Error("internal: cyclic measure");
        return this.expr(s.decl.expr, { ...ctx, file: s.file });
      case "segment":
        this.top(s, false);
        return { kind: "segment", name: s.name };
      case "segmentation":
        this.top(s, false);
        return { kind: "label", segmentation: s.name };
      case "events":
        return this.aggregate("count", s, undefined, undefined, ctx.window, INT);
      default:
        throw new Error(`internal: unexpected ${s.kind}`);
    }
  }

  private call(e: Extract<Expr, { kind: "Call" }>, ctx: Ctx): PExpr {
    const name = e.callee.name;
    if (!(AGGREGATES as readonly string[]).includes(name)) {
      return {
        kind: "call",
        fn: name as FunctionName,
        args: e.args.map((a) => this.expr(a, ctx)),
        type: this.typeOf(e),
      };
    }
    const arg = e.args[0]!;
    let set: EventsSymbol;
    let aggArg: AggregateArg | undefined;
    if (arg.kind === "Name") set = this.ref(arg.name) as EventsSymbol;
    else if (arg.kind === "Member") {
      set = this.ref(arg.object) as EventsSymbol;
      const prop = this.ref(arg.property);
      aggArg = prop.kind === "eventTime" ? { kind: "at" } : { kind: "field", field: fieldOf(prop as FieldSymbol) };
    } else throw new Error("internal: bad aggregate argument");
    const filter = e.filter ? this.expr(e.filter, { file: ctx.file, window: null, filterOf: set }) : undefined;
    return this.aggregate(name as AggregateName, set, aggArg, filter, ctx.window, this.typeOf(e));
  }

  private compare(e: CompareExpr, ctx: Ctx): PExpr {
    const rate = e.rate;
    if (!rate) {
      let right = e.right;
      let inner = ctx;
      // `sum(x) > 500 over last 90 days`: the window applies to the whole comparison.
      if (right.kind === "Windowed" && !containsAgg(this.program, right.operand)) {
        inner = { ...ctx, window: this.windowOf(right.window) };
        right = right.operand;
      }
      return {
        kind: "compare",
        op: e.op,
        left: this.expr(e.left, inner),
        right: this.expr(right, inner),
        operandType: comparisonType(this.typeOf(e.left), this.typeOf(right)) ?? NULL,
      };
    }
    const right = this.expr(e.right, ctx);
    if (right.kind !== "literal" || typeof right.value !== "string") throw new Error("internal: rate needs a number");
    const cmp = (left: PExpr, rhs: PExpr): PExpr => ({
      kind: "compare",
      op: e.op,
      left,
      right: rhs,
      operandType: comparisonType(this.typeOf(e.left), rhs.kind === "literal" ? rhs.type : NULL) ?? NULL,
    });
    if (rate.kind === "AtLeastRate") {
      const m = Number(rate.m.text);
      const buckets = Array.from({ length: m }, (_, k) =>
        cmp(this.expr(e.left, { ...ctx, window: bucket(NOW, k, rate.unit) }), right),
      );
      return { kind: "atLeast", k: Number(rate.k.text), args: buckets };
    }
    const w = rate.window ?? this.program.analyses.get(ctx.file)?.defaultWindow;
    if (!w) throw new Error("internal: rate without window");
    const points = this.windowOf(w);
    if (rate.kind === "EveryRate") {
      const m = bucketCount(points, rate.unit);
      if (m === undefined) throw new Error("internal: window is not whole buckets");
      const args = Array.from({ length: m }, (_, k) =>
        cmp(this.expr(e.left, { ...ctx, window: bucket(points.end, k, rate.unit) }), right),
      );
      return args.length === 1 ? args[0]! : { kind: "and", args };
    }
    const last =
      w.kind === "LastWindow" ? { amount: Number(w.duration.amount.text), unit: w.duration.unit } : undefined;
    const len = lengthIn(points, rate.unit, last);
    if (!len) throw new Error("internal: rate window without fixed length");
    // agg op N × num/den  ⇔  agg × den op N × num (den > 0), exact.
    const threshold = mulDecimalInt(right.value, len.num);
    const thresholdType = decimalScale(threshold) > 0 ? decimal(decimalScale(threshold)) : INT;
    let left = this.expr(e.left, { ...ctx, window: points });
    const leftType = this.typeOf(e.left);
    if (len.den !== 1)
      left = { kind: "arith", op: "*", left, right: this.literal(INT, String(len.den)), type: leftType };
    return {
      kind: "compare",
      op: e.op,
      left,
      right: this.literal(thresholdType, threshold),
      operandType: comparisonType(leftType, thresholdType) ?? NULL,
    };
  }
}

function bucket(end: PlanWindow["end"], k: number, unit: Parameters<typeof shiftPoint>[2]): PlanWindow {
  return { start: shiftPoint(end, -(k + 1), unit), end: shiftPoint(end, -k, unit) };
}

function containsAgg(program: Program, e: Expr): boolean {
  switch (e.kind) {
    case "Call":
      return (AGGREGATES as readonly string[]).includes(e.callee.name) || e.args.some((a) => containsAgg(program, a));
    case "Name": {
      const s = program.refs.get(e.name);
      return (
        s?.kind === "events" || (s?.kind === "measure" && !program.cyclic.has(s) && containsAgg(program, s.decl.expr))
      );
    }
    case "Paren":
      return containsAgg(program, e.expr);
    case "Windowed":
    case "Negate":
    case "Not":
    case "IsNull":
    case "Rank":
    case "Within":
      return containsAgg(program, e.operand);
    case "Arithmetic":
    case "Logical":
    case "Compare":
      return containsAgg(program, e.left) || containsAgg(program, e.right);
    case "Between":
      return [e.operand, e.low, e.high].some((x) => containsAgg(program, x));
    case "In":
      return [e.operand, ...e.values].some((x) => containsAgg(program, x));
    case "StringMatch":
      return containsAgg(program, e.operand) || containsAgg(program, e.pattern);
    default:
      return false;
  }
}

export interface LowerOptions {
  /** Only these segments/segmentations become outputs (default: all of the file's own). */
  readonly only?: readonly string[];
}

/** One plan per entity that the file's segments and segmentations are for, in order of first use. */
export function lowerFile(program: Program, path: string, options: LowerOptions = {}): Plan[] {
  const analysis = program.analyses.get(path);
  if (!analysis) return [];
  const outputs = analysis.own.filter(
    (s) => (s.kind === "segment" || s.kind === "segmentation") && (!options.only || options.only.includes(s.name)),
  );
  const byEntity = new Map<EntitySymbol, TopSymbol[]>();
  for (const s of outputs) {
    const e = program.entityOf.get(s);
    if (!e) continue;
    const list = byEntity.get(e) ?? [];
    list.push(s);
    byEntity.set(e, list);
  }
  return [...byEntity].map(([entity, syms]) => new Lowering(program, entity).build(path, syms));
}
