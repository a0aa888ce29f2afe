// `seg explain`: why one member is in or out of a segment (or has its tier). The definition is
// shown in its own shape, each node labelled with its source text and its value for the member:
// the checked syntax tree gives the shape and the labels, the plan the values.
import * as rt from "../backend/js/runtime.js";
import { typeOfPExpr } from "../backend/js/emit.js";
import { AGGREGATES } from "../check/checker.js";
import type { Program } from "../check/checker.js";
import type { SegmentationSymbol, SegmentSymbol } from "../check/symbols.js";
import type { PExpr, Plan, PlanRank, PlanSegment, PlanWindow } from "../plan/plan.js";
import { dialects } from "../backend/sql/dialects/index.js";
import { emitSql } from "../backend/sql/emit.js";
import type { ValueType } from "../plan/types.js";
import type { Expr, Span } from "../syntax/ast.js";
import { ident, str } from "./engine.js";
import { DataError, formatCount } from "./errors.js";
import { Evaluator, type Value } from "./evaluate.js";
import { loadMembers, type Member } from "./members.js";
import { openSession, type Session, type SessionOptions } from "./session.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export interface ExplainNode {
  readonly label: string;
  /** Absent on nodes that only group others. */
  readonly value?: Value;
  readonly type?: ValueType;
  /** How the value came about: a window's dates and event counts, a rank's arithmetic. */
  readonly note?: string;
  readonly children: readonly ExplainNode[];
}

export interface ExplainOptions extends SessionOptions {
  /** The member's key, as text. */
  readonly member: string;
}

export type ExplainResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly diagnostics: readonly Diagnostic[];
      /** `Segment`, `Segmentation` or `Segmentation.Tier`. */
      readonly target: string;
      readonly entity: string;
      readonly key: string;
      readonly asOf: string;
      /** The answer the explanation arrives at: membership, or the tier. */
      readonly value: boolean | string | null;
      /** What `seg run`'s SQL says for the same member and instant. */
      readonly sql: boolean | string | null;
      readonly tree: ExplainNode;
    };

export async function explain(file: string, target: string, options: ExplainOptions): Promise<ExplainResult> {
  // One instant for both the SQL and the explanation, so they can be compared.
  const asOf = options.asOf ?? new Date().toISOString();
  const opened = await openSession(file, { ...options, asOf });
  if (!opened.ok) return opened;
  const session = opened.session;
  try {
    const [name, tier] = target.split(".", 2) as [string, string | undefined];
    const planIndex = session.plans.findIndex((p) =>
      tier === undefined
        ? p.segments.some((s) => s.output && s.name === name) ||
          p.segmentations.some((s) => s.output && s.name === name)
        : p.segmentations.some((s) => s.output && s.name === name && s.branches.some((b) => b.name === tier)),
    );
    if (planIndex < 0) {
      const names = session.plans.flatMap((p) => [
        ...p.segments.filter((s) => s.output).map((s) => s.name),
        ...p.segmentations
          .filter((s) => s.output)
          .flatMap((s) => [s.name, ...s.branches.map((b) => `${s.name}.${b.name}`)]),
      ]);
      throw new DataError(`${file} has no segment, segmentation or tier "${target}"; it has ${names.join(", ")}`);
    }
    const plan = session.plans[planIndex]!;
    const nowMs = rt.toMs(session.asOf!)!;
    const member = (await loadMembers(session.engine, plan, { key: options.member }))[0];
    const entityFile = session.tables.find((t) => t.spec.table === plan.entity.table)?.file.path ?? plan.entity.table;
    if (!member)
      throw new DataError(
        `no ${plan.entity.name} with ${plan.entity.key.column} = ${JSON.stringify(options.member)} in ${entityFile}`,
      );
    const ev = new Evaluator(plan, nowMs);
    const ranked = ranksUsed(plan, target)
      .map((rank) => ({ rank, x: ev.value(rank.expr, member) }))
      .filter((r) => r.x !== null);
    const answers = await askSql(session, plan, name, options.member, ranked);
    ranked.forEach(({ rank }, i) => ev.setRankCounts(rank.id, member, answers.ranks[i]!));
    const builder = new TreeBuilder(session.program, plan, ev, member);
    const tree =
      tier !== undefined || plan.segmentations.some((s) => s.name === name)
        ? builder.segmentation(name, tier)
        : builder.segment(name);
    const value =
      tier !== undefined
        ? ev.tier(name, member) === tier
        : plan.segmentations.some((s) => s.name === name)
          ? ev.tier(name, member)
          : ev.segment(name, member);
    const sqlValue = tier !== undefined ? answers.value === tier : answers.value;
    return {
      ok: true,
      diagnostics: opened.diagnostics,
      target,
      entity: plan.entity.name,
      key: options.member,
      asOf: session.asOf!,
      value,
      sql: sqlValue,
      tree,
    };
  } finally {
    session.close();
  }
}

/**
 * One pass of the compiled SQL answers two questions: its verdict for the member (`value`: the
 * column `name`, to check the explanation against), and for each rank how many members have a
 * value and how many a value beyond the member's `x` (ranks are over everyone). The rank
 * questions are asked as extra boolean segments over the rank's own expression.
 */
async function askSql(
  session: Session,
  plan: Plan,
  name: string,
  key: string,
  ranked: readonly { rank: PlanRank; x: Value }[],
): Promise<{ value: boolean | string | null; ranks: { n: number; beyond: number }[] }> {
  const probes: PlanSegment[] = ranked.flatMap(({ rank, x }) => {
    const type = typeOfPExpr(rank.expr);
    const lit: PExpr = { kind: "literal", type, value: literalText(x, type) };
    const op = rank.direction === "top" ? ">" : "<";
    return [
      { name: `$probe_n_${rank.id}`, output: true, condition: { kind: "isNull", arg: rank.expr, negated: true } },
      {
        name: `$probe_b_${rank.id}`,
        output: true,
        condition: { kind: "compare", op, left: rank.expr, right: lit, operandType: type },
      },
    ];
  });
  const probe: Plan = { ...plan, segments: [...plan.segments, ...probes] };
  const now = { kind: "literal" as const, iso: session.asOf! };
  const sql = emitSql([probe], dialects.duckdb, { now, shape: "flags" }).trim().replace(/;$/, "");
  const member = `CAST(${ident(plan.entity.key.name)} AS VARCHAR) = ${str(key)}`;
  const counts = probes.map((p, i) => `, count(*) FILTER (WHERE ${ident(p.name)}) AS "c${i}"`).join("");
  const [row] = await session.engine.rows(
    `SELECT first(${ident(name)}) FILTER (WHERE ${member}) AS v${counts} FROM (${sql}) AS flags`,
  );
  return {
    value: (row?.v as boolean | string | null | undefined) ?? null,
    ranks: ranked.map((_, i) => ({ n: Number(row![`c${2 * i}`]), beyond: Number(row![`c${2 * i + 1}`]) })),
  };
}

/** A runtime value as the text of a plan literal of type `t`. */
function literalText(x: Value, t: ValueType): string | boolean | null {
  if (x === null || typeof x === "boolean") return x;
  if (x instanceof rt.Dec) return rt.decStr(x, true);
  if (typeof x === "number" && (t.kind === "timestamp" || t.kind === "date"))
    return t.kind === "date" ? formatTime(x, true) : new Date(x).toISOString();
  if (typeof x === "number" && !Number.isInteger(x)) return rt.decStr(rt.dec(x)); // no exponent
  return String(x);
}

/** The ranks evaluating `target` reaches (each needs every member's value). */
function ranksUsed(plan: Plan, target: string): PlanRank[] {
  const seen = new Set<string>();
  const ids = new Set<number>();
  const visit = (e: PExpr | null | undefined): void => {
    if (!e) return;
    if (e.kind === "rank") ids.add(e.id);
    else if (e.kind === "segment") ref(`s:${e.name}`);
    else if (e.kind === "branch" || e.kind === "label") ref(`g:${e.segmentation}`);
    else planChildren(e).forEach(visit);
  };
  const ref = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    const name = k.slice(2);
    if (k.startsWith("s:")) visit(plan.segments.find((s) => s.name === name)?.condition);
    else plan.segmentations.find((s) => s.name === name)?.branches.forEach((b) => visit(b.condition));
  };
  const [name] = target.split(".");
  ref(`s:${name}`);
  ref(`g:${name}`);
  return plan.ranks.filter((r) => ids.has(r.id));
}

function planChildren(e: PExpr): readonly PExpr[] {
  switch (e.kind) {
    case "compare":
    case "arith":
      return [e.left, e.right];
    case "and":
    case "or":
    case "atLeast":
    case "call":
      return e.args;
    case "not":
    case "isNull":
    case "neg":
      return [e.arg];
    case "in":
      return [e.arg, ...e.values];
    case "between":
      return [e.arg, e.low, e.high];
    case "match":
      return [e.arg, e.pattern];
    default:
      return [];
  }
}

// ---------------------------------------------------------------- formatting values

export function formatTime(ms: number, dateOnly = false): string {
  const iso = new Date(ms).toISOString();
  if (dateOnly) return iso.slice(0, 10);
  return iso
    .replace("T", " ")
    .replace(/\.000Z$/, "")
    .replace(/Z$/, "");
}

export function formatValue(v: Value | undefined, type?: ValueType): string {
  if (v === null || v === undefined) return "unknown";
  if (typeof v === "boolean") return String(v);
  if (v instanceof rt.Dec) return rt.decStr(v, true);
  if (typeof v === "bigint") return String(v);
  if (typeof v === "number") {
    if (type?.kind === "timestamp") return formatTime(v);
    if (type?.kind === "date") return formatTime(v, true);
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)));
  }
  return JSON.stringify(v);
}

// ---------------------------------------------------------------- the tree

/** Source text of a span, on one line, without comments. */
function sourceText(text: string, span: Span): string {
  const raw = text.slice(span.start, span.end);
  // Drop comments outside string literals, then fold whitespace.
  const noComments = raw.replace(
    /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_m, s: string | undefined) => s ?? " ",
  );
  return noComments.replace(/\s+/g, " ").trim();
}

const isLiteral = (e: Expr): boolean => ["Number", "String", "Boolean", "Null", "TypedLiteral"].includes(e.kind);

class TreeBuilder {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly program: Program,
    private readonly plan: Plan,
    private readonly ev: Evaluator,
    private readonly member: Member,
  ) {}

  private symbol<K extends "segment" | "segmentation">(
    kind: K,
    name: string,
  ): (K extends "segment" ? SegmentSymbol : SegmentationSymbol) | undefined {
    for (const s of this.program.declSymbols.values()) if (s.kind === kind && s.name === name) return s as never;
    return undefined;
  }

  private text(file: string): string {
    let t = this.texts.get(file);
    if (t === undefined) this.texts.set(file, (t = this.program.workspace.modules.get(file)?.text ?? ""));
    return t;
  }

  private val(e: PExpr): Value {
    return this.ev.value(e, this.member);
  }

  private leaf(label: string, e: PExpr, note?: string): ExplainNode {
    return { label, value: this.val(e), type: typeOfPExpr(e), note, children: [] };
  }

  /** A segment: its membership, then its condition. */
  segment(name: string): ExplainNode {
    const p = this.plan.segments.find((s) => s.name === name)!;
    const sym = this.symbol("segment", name);
    const cond = sym ? this.pair(sym.decl.condition, p.condition, this.text(sym.file)) : this.fromPlan(p.condition);
    return { label: name, value: this.ev.segment(name, this.member), type: { kind: "bool" }, children: [cond] };
  }

  /** A segmentation's branches in order, up to the one that holds; with `focus`, a tier's truth. */
  segmentation(name: string, focus?: string): ExplainNode {
    const p = this.plan.segmentations.find((s) => s.name === name)!;
    const sym = this.symbol("segmentation", name);
    const tier = this.ev.tier(name, this.member);
    const children: ExplainNode[] = [];
    for (const b of p.branches) {
      const decl = sym?.branches.get(b.name)?.decl;
      const isTier = b.name === tier;
      if (!b.condition) {
        children.push({
          label: `${b.name} otherwise`,
          value: b.name === tier,
          type: { kind: "bool" },
          note: isTier ? "the tier: no earlier tier holds" : undefined,
          children: [],
        });
      } else {
        const cond =
          decl?.condition && sym
            ? this.pair(decl.condition, b.condition, this.text(sym.file))
            : this.fromPlan(b.condition);
        children.push({
          label: `${b.name} where`,
          value: this.val(b.condition),
          type: { kind: "bool" },
          note: isTier ? "the tier: the first that holds" : undefined,
          children: [cond],
        });
      }
      if (isTier) {
        const later = p.branches.length - p.branches.indexOf(b) - 1;
        if (later) children.push({ label: `(${later} later tier${later === 1 ? "" : "s"} not reached)`, children: [] });
        break;
      }
    }
    if (focus !== undefined)
      return {
        label: `${name}.${focus}`,
        value: tier === focus,
        type: { kind: "bool" },
        note: `${name} is ${tier ?? "no tier"}`,
        children,
      };
    return { label: name, value: tier, type: { kind: "string" }, children };
  }

  // ---- the syntax tree paired with its plan

  private pair(ast: Expr, plan: PExpr, text: string): ExplainNode {
    const src = sourceText(text, ast.span);
    const kids = (pairs: readonly (readonly [Expr, PExpr])[]): ExplainNode[] =>
      pairs.filter(([a]) => !isLiteral(a)).map(([a, p]) => this.pair(a, p, text));
    switch (ast.kind) {
      case "Paren":
        return this.pair(ast.expr, plan, text);
      case "Windowed": {
        const inner = this.pair(ast.operand, plan, text);
        const def = this.measureDefinition(ast.operand);
        return { ...inner, label: def ? `${src} = ${def}` : src };
      }
      case "Logical": {
        const flat: Expr[] = [];
        const flatten = (e: Expr): void => {
          if (e.kind === "Paren") flatten(e.expr);
          else if (e.kind === "Logical" && e.op === ast.op) {
            flatten(e.left);
            flatten(e.right);
          } else flat.push(e);
        };
        flatten(ast);
        if (plan.kind !== ast.op) break;
        // Lowering also flattens operands that become the same operator (`t within …` is an
        // `and` of two comparisons; a measure may be one): give each its share of the args.
        const widths = flat.map((a) => this.width(a, ast.op));
        if (widths.reduce((x, y) => x + y, 0) !== plan.args.length) break;
        let at = 0;
        const children = flat.map((a, i) => {
          const args = plan.args.slice(at, (at += widths[i]!));
          return this.pair(a, args.length === 1 ? args[0]! : { kind: ast.op, args }, text);
        });
        return { label: ast.op, value: this.val(plan), type: { kind: "bool" }, children };
      }
      case "Not":
        if (plan.kind !== "not") break;
        return { label: src, value: this.val(plan), type: { kind: "bool" }, children: kids([[ast.operand, plan.arg]]) };
      case "Compare":
        if (!ast.rate) {
          if (plan.kind !== "compare") break;
          return {
            label: src,
            value: this.val(plan),
            type: { kind: "bool" },
            children: kids([
              [ast.left, plan.left],
              [ast.right, plan.right],
            ]),
          };
        }
        return this.rate(ast, plan, src, text);
      case "Between":
        if (plan.kind !== "between") break;
        return {
          label: src,
          value: this.val(plan),
          type: { kind: "bool" },
          children: kids([
            [ast.operand, plan.arg],
            [ast.low, plan.low],
            [ast.high, plan.high],
          ]),
        };
      case "In":
        if (plan.kind !== "in" || plan.values.length !== ast.values.length) break;
        return {
          label: src,
          value: this.val(plan),
          type: { kind: "bool" },
          children: kids([[ast.operand, plan.arg], ...ast.values.map((v, i) => [v, plan.values[i]!] as const)]),
        };
      case "IsNull":
        if (plan.kind !== "isNull") break;
        return { label: src, value: this.val(plan), type: { kind: "bool" }, children: kids([[ast.operand, plan.arg]]) };
      case "StringMatch":
        if (plan.kind !== "match") break;
        return {
          label: src,
          value: this.val(plan),
          type: { kind: "bool" },
          children: kids([
            [ast.operand, plan.arg],
            [ast.pattern, plan.pattern],
          ]),
        };
      case "Rank": {
        if (plan.kind !== "rank") break;
        const rank = this.plan.ranks.find((r) => r.id === plan.id)!;
        return {
          label: src,
          value: this.val(plan),
          type: { kind: "bool" },
          note: this.rankNote(plan.id),
          children: kids([[ast.operand, rank.expr]]),
        };
      }
      case "Within": {
        if (
          plan.kind !== "and" ||
          plan.args.length !== 2 ||
          plan.args[0]!.kind !== "compare" ||
          plan.args[1]!.kind !== "compare"
        )
          break;
        const since = this.val(plan.args[0].right) as number;
        const until = this.val(plan.args[1].right) as number;
        return {
          label: src,
          value: this.val(plan),
          type: { kind: "bool" },
          note: `${formatTime(since)} ≤ t < ${formatTime(until)}`,
          children: kids([[ast.operand, plan.args[0].left]]),
        };
      }
      case "Arithmetic":
        if (plan.kind !== "arith") break;
        return {
          label: src,
          value: this.val(plan),
          type: plan.type,
          children: kids([
            [ast.left, plan.left],
            [ast.right, plan.right],
          ]),
        };
      case "Negate":
        if (plan.kind !== "neg") break;
        return { label: src, value: this.val(plan), type: plan.type, children: kids([[ast.operand, plan.arg]]) };
      case "Name":
      case "Member":
        return this.reference(ast, plan, src);
      case "Call": {
        const isAgg = (AGGREGATES as readonly string[]).includes(ast.callee.name);
        if (isAgg && plan.kind === "aggregate") return this.leaf(src, plan, this.aggregateNote(plan.id));
        if (!isAgg && plan.kind === "call" && plan.args.length === ast.args.length)
          return {
            label: src,
            value: this.val(plan),
            type: plan.type,
            children: kids(ast.args.map((a, i) => [a, plan.args[i]!] as const)),
          };
        break;
      }
      case "Now":
      case "Ago":
        if (plan.kind === "time") return this.leaf(src, plan);
        break;
      default:
        return this.leaf(src, plan);
    }
    return { ...this.fromPlan(plan), label: src };
  }

  /** How many operands `e` becomes in a flattened `op` of the plan. */
  private width(e: Expr, op: "and" | "or"): number {
    switch (e.kind) {
      case "Paren":
        return this.width(e.expr, op);
      case "Within":
        return op === "and" ? 2 : 1;
      case "Logical":
        return e.op === op ? this.width(e.left, op) + this.width(e.right, op) : 1;
      case "Name": {
        const s = this.program.refs.get(e.name);
        return s?.kind === "measure" ? this.width(s.decl.expr, op) : 1;
      }
      default:
        return 1;
    }
  }

  /** The definition of a measure named by `e` (source text), if it is one. */
  private measureDefinition(e: Expr): string | undefined {
    if (e.kind === "Paren") return this.measureDefinition(e.expr);
    if (e.kind !== "Name") return undefined;
    const s = this.program.refs.get(e.name);
    return s?.kind === "measure" ? sourceText(this.text(s.file), s.decl.expr.span) : undefined;
  }

  private reference(ast: Extract<Expr, { kind: "Name" | "Member" }>, plan: PExpr, src: string): ExplainNode {
    const id = ast.kind === "Name" ? ast.name : ast.property;
    const s = this.program.refs.get(id);
    if (s?.kind === "measure") {
      const inner = this.pair(s.decl.expr, plan, this.text(s.file));
      return { ...inner, label: `${src} = ${inner.label}` };
    }
    if (s?.kind === "segment" && plan.kind === "segment") {
      const inner = this.segment(s.name);
      return { ...inner, label: src };
    }
    if (s?.kind === "branch" && plan.kind === "branch")
      return { ...this.segmentation(plan.segmentation, plan.branch), label: src };
    if (s?.kind === "segmentation" && plan.kind === "label")
      return { ...this.segmentation(plan.segmentation), label: src };
    if (plan.kind === "aggregate") return this.leaf(src, plan, this.aggregateNote(plan.id)); // a bare event set: count
    return this.leaf(src, plan);
  }

  /** `per`, `every` and `in at least K of M`: the buckets or the scaled comparison. */
  private rate(ast: Extract<Expr, { kind: "Compare" }>, plan: PExpr, src: string, text: string): ExplainNode {
    const rate = ast.rate!;
    const value = this.val(plan);
    if (rate.kind === "PerRate" && plan.kind === "compare") {
      const scaled = plan.left.kind === "arith" && plan.left.op === "*" && plan.left.right.kind === "literal";
      const agg = scaled && plan.left.kind === "arith" ? plan.left.left : plan.left;
      const factor = scaled && plan.left.kind === "arith" ? ` × ${formatValue(this.val(plan.left.right))}` : "";
      const note = `compares ${formatValue(this.val(agg), typeOfPExpr(agg))}${factor} ${plan.op} ${formatValue(this.val(plan.right), typeOfPExpr(plan.right))}`;
      return { label: src, value, type: { kind: "bool" }, note, children: [this.pair(ast.left, agg, text)] };
    }
    const buckets = plan.kind === "atLeast" ? plan.args : plan.kind === "and" ? plan.args : [plan];
    const children = buckets.map((b) => this.bucket(b));
    let note: string | undefined;
    if (plan.kind === "atLeast")
      note = `${buckets.filter((b) => this.val(b) === true).length} of ${buckets.length} ${rate.unit}s hold; needs ${plan.k}`;
    else
      note = `${buckets.filter((b) => this.val(b) === true).length} of ${buckets.length} ${rate.unit}s hold; needs all`;
    return { label: src, value, type: { kind: "bool" }, note, children };
  }

  private bucket(b: PExpr): ExplainNode {
    if (b.kind !== "compare") return this.fromPlan(b);
    const w = this.windowOf(b.left);
    const label = w ? `${formatTime(w.start)} ≤ at < ${formatTime(w.end)}` : renderPlan(b, this.plan);
    const note = `${formatValue(this.val(b.left), typeOfPExpr(b.left))} ${b.op} ${formatValue(this.val(b.right), typeOfPExpr(b.right))}`;
    return { label, value: this.val(b), type: { kind: "bool" }, note, children: [] };
  }

  private windowOf(e: PExpr): { start: number; end: number } | undefined {
    if (e.kind === "aggregate") return this.ev.aggregate(e.id, this.member).window ?? undefined;
    for (const c of planChildren(e)) {
      const w = this.windowOf(c);
      if (w) return w;
    }
    return undefined;
  }

  private aggregateNote(id: number): string {
    const a = this.ev.aggregate(id, this.member);
    const agg = this.plan.aggregates.find((x) => x.id === id)!;
    const where = a.window
      ? `${formatTime(a.window.start)} ≤ at < ${formatTime(Math.min(a.window.end, this.ev.now))}`
      : `before ${formatTime(this.ev.now)}`;
    const events = `${formatCount(a.inWindow)} event${a.inWindow === 1 ? "" : "s"}`;
    return `${where}: ${events}${agg.filter ? `, ${formatCount(a.matched)} match the filter` : ""}`;
  }

  private rankNote(id: number): string {
    const r = this.ev.rank(id, this.member);
    if (r.x === null) return "no value: not ranked";
    const pct = `${rt.decStr(rt.decMul(rt.dec(r.rank.fraction), rt.dec(100)))}%`;
    const bound = rt.decStr(rt.decMul(rt.dec(r.rank.fraction), rt.dec(r.n)));
    const dir = r.rank.direction === "top" ? "higher" : "lower";
    return `${formatValue(r.x, typeOfPExpr(r.rank.expr))}: ${formatCount(r.beyond)} of ${formatCount(r.n)} members with a value are ${dir}; the ${r.rank.direction} ${pct} needs fewer than ${bound}`;
  }

  /** A plan node without matching syntax: labelled with the plan rendered as Seg. */
  private fromPlan(e: PExpr): ExplainNode {
    const children = planChildren(e)
      .filter((c) => c.kind !== "literal")
      .map((c) => this.fromPlan(c));
    switch (e.kind) {
      case "aggregate":
        return this.leaf(renderPlan(e, this.plan), e, this.aggregateNote(e.id));
      case "rank": {
        const rank = this.plan.ranks.find((r) => r.id === e.id)!;
        return {
          label: renderPlan(e, this.plan),
          value: this.val(e),
          type: { kind: "bool" },
          note: this.rankNote(e.id),
          children: [this.fromPlan(rank.expr)],
        };
      }
      case "segment":
        return this.segment(e.name);
      case "branch":
        return this.segmentation(e.segmentation, e.branch);
      case "label":
        return this.segmentation(e.segmentation);
      case "atLeast":
        return {
          label: renderPlan(e, this.plan),
          value: this.val(e),
          type: { kind: "bool" },
          children: e.args.map((b) => this.bucket(b)),
        };
      default:
        return { label: renderPlan(e, this.plan), value: this.val(e), type: typeOfPExpr(e), children };
    }
  }
}

// ---------------------------------------------------------------- plans as Seg text

function renderLiteral(e: Extract<PExpr, { kind: "literal" }>): string {
  if (e.value === null) return "null";
  if (typeof e.value === "boolean") return String(e.value);
  switch (e.type.kind) {
    case "date":
      return `date ${JSON.stringify(e.value)}`;
    case "timestamp":
      return `timestamp ${JSON.stringify(e.value)}`;
    case "string":
    case "enum":
      return JSON.stringify(e.value);
    default:
      return e.value;
  }
}

function renderPoint(p: PlanWindow["start"]): string {
  const base = p.base === "now" ? "now" : `timestamp ${JSON.stringify(p.base.literal)}`;
  if (p.base === "now" && p.shifts.length === 1 && p.shifts[0]!.amount < 0) {
    const s = p.shifts[0]!;
    return `${-s.amount} ${s.unit}${-s.amount === 1 ? "" : "s"} ago`;
  }
  return p.shifts.reduce(
    (acc, s) =>
      `${acc} ${s.amount < 0 ? "-" : "+"} ${Math.abs(s.amount)} ${s.unit}${Math.abs(s.amount) === 1 ? "" : "s"}`,
    base,
  );
}

/** A plan expression as Seg-like text (for nodes the syntax tree does not cover). */
export function renderPlan(e: PExpr, plan: Plan): string {
  const r = (x: PExpr): string => {
    const t = renderPlan(x, plan);
    return x.kind === "and" || x.kind === "or" ? `(${t})` : t;
  };
  switch (e.kind) {
    case "literal":
      return renderLiteral(e);
    case "field":
      return e.field.name;
    case "eventField":
      return e.field.name;
    case "eventTime":
      return "at";
    case "aggregate": {
      const a = plan.aggregates.find((x) => x.id === e.id)!;
      const arg = a.arg ? (a.arg.kind === "at" ? `${a.eventSet}.at` : `${a.eventSet}.${a.arg.field.name}`) : a.eventSet;
      const filter = a.filter ? ` where ${renderPlan(a.filter, plan)}` : "";
      const window = a.window ? ` over from ${renderPoint(a.window.start)} to ${renderPoint(a.window.end)}` : "";
      return `${a.fn}(${arg}${filter})${window}`;
    }
    case "time":
      return renderPoint(e.point);
    case "compare":
      return `${r(e.left)} ${e.op} ${r(e.right)}`;
    case "and":
    case "or":
      return e.args.map(r).join(` ${e.kind} `);
    case "not":
      return `not ${r(e.arg)}`;
    case "isNull":
      return `${r(e.arg)} is ${e.negated ? "not " : ""}null`;
    case "in":
      return `${r(e.arg)} ${e.negated ? "not " : ""}in (${e.values.map(r).join(", ")})`;
    case "between":
      return `${r(e.arg)} ${e.negated ? "not " : ""}between ${r(e.low)} and ${r(e.high)}`;
    case "match":
      return `${r(e.arg)} ${e.op.replace("_", " ")} ${r(e.pattern)}`;
    case "arith":
      return `${r(e.left)} ${e.op} ${r(e.right)}`;
    case "neg":
      return `-${r(e.arg)}`;
    case "call":
      return `${e.fn}(${e.args.map(r).join(", ")})`;
    case "rank": {
      const rank = plan.ranks.find((x) => x.id === e.id)!;
      return `${r(rank.expr)} in ${rank.direction} ${rt.decStr(rt.decMul(rt.dec(rank.fraction), rt.dec(100)))}%`;
    }
    case "segment":
      return e.name;
    case "branch":
      return `${e.segmentation}.${e.branch}`;
    case "label":
      return e.segmentation;
    case "atLeast":
      return `at least ${e.k} of (${e.args.map(r).join(", ")})`;
  }
}

// ---------------------------------------------------------------- output

const colors = { true: "\x1b[32m", false: "\x1b[31m", unknown: "\x1b[33m", dim: "\x1b[2m", reset: "\x1b[0m" };

export function formatExplain(r: Extract<ExplainResult, { ok: true }>, color = false): string {
  const paint = (v: Value | undefined, text: string): string => {
    if (!color) return text;
    const c = v === true ? colors.true : v === false ? colors.false : v === null ? colors.unknown : "";
    return c ? `${c}${text}${colors.reset}` : text;
  };
  const dim = (s: string): string => (color ? `${colors.dim}${s}${colors.reset}` : s);
  const lines: string[] = [];
  const verdict =
    typeof r.value === "boolean" ? (r.value ? "in" : "out") : r.value === null ? "no tier" : `tier ${r.value}`;
  lines.push(
    `${r.target} for ${r.entity} ${JSON.stringify(r.key)}, as of ${formatTime(rt.toMs(r.asOf)!)} UTC: ${paint(typeof r.value === "boolean" ? r.value : undefined, verdict)}`,
  );
  if (r.sql !== r.value)
    lines.push(
      `warning: the compiled SQL says ${JSON.stringify(r.sql)} for this member; this explanation computes ${JSON.stringify(r.value)} (please report it)`,
    );
  const walk = (n: ExplainNode, depth: number): void => {
    const value = n.value === undefined ? "" : `: ${paint(n.value, formatValue(n.value, n.type))}`;
    const note = n.note ? `  ${dim(`(${n.note})`)}` : "";
    lines.push(`${"  ".repeat(depth)}${n.label}${value}${note}`);
    for (const c of n.children) walk(c, depth + 1);
  };
  for (const c of r.tree.children) walk(c, 1);
  return `${lines.join("\n")}\n`;
}
