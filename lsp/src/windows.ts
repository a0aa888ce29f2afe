// Which window applies to each aggregate of a definition, for hover. It follows the lowering's rules
// (src/plan/lower.ts): the innermost `over` wins; a window after a comparison whose right side has no
// aggregate applies to the whole comparison; a rate uses its own `over` or the file's default window;
// `in at least K of M UNITs` and `every` split a window into buckets; anything else covers the whole
// history. Only descriptions are computed here; the plan stays the one source of the meaning.
import { AGGREGATES, type Program } from "../../src/check/checker.js";
import type { Expr, Window } from "../../src/syntax/ast.js";
import { oneLine } from "./describe.js";

export interface WindowRule {
  /** The window as written, e.g. `last 90 days`; undefined for the whole history. */
  readonly window?: string;
  /** Where it comes from, e.g. "its own `over`". */
  readonly source: string;
}

export interface AggregateSite {
  /** An aggregate call, a bare event-set name (a count) or a measure used in a definition. */
  readonly node: Expr;
  /** The file the node is written in. */
  readonly file: string;
  readonly rule: WindowRule;
}

const WHOLE_HISTORY: WindowRule = { source: "no window applies: the member's whole history up to `now`" };

const isAggregate = (name: string): boolean => (AGGREGATES as readonly string[]).includes(name);

export class WindowExplainer {
  constructor(
    private readonly program: Program,
    /** File whose default window applies to rates written in it. */
    private readonly file: string,
  ) {}

  private text(file: string, w: Window): string {
    const t = this.program.workspace.modules.get(file)?.text ?? "";
    return oneLine(t.slice(w.span.start, w.span.end));
  }

  /** Whether the expression holds an aggregate (directly, through a measure or an event-set name). */
  containsAggregate(e: Expr, seen = new Set<unknown>()): boolean {
    let found = false;
    const visit = (x: Expr): void => {
      if (found) return;
      if (x.kind === "Call" && isAggregate(x.callee.name)) found = true;
      else if (x.kind === "Name") {
        const s = this.program.refs.get(x.name);
        if (s?.kind === "events") found = true;
        else if (s?.kind === "measure" && !seen.has(s)) {
          seen.add(s);
          found = this.containsAggregate(s.decl.expr, seen);
        }
      }
      if (found) return;
      for (const c of directChildren(x)) visit(c);
    };
    visit(e);
    return found;
  }

  /** Every aggregate of `root` with the window that applies to it, under an outer rule (a measure's use). */
  sites(root: Expr, outer: WindowRule = WHOLE_HISTORY): AggregateSite[] {
    const out: AggregateSite[] = [];
    const walk = (e: Expr, rule: WindowRule): void => {
      switch (e.kind) {
        case "Windowed":
          return walk(e.operand, { window: this.text(this.file, e.window), source: "its own `over`" });
        case "Compare": {
          const rate = e.rate;
          if (!rate) {
            if (e.right.kind === "Windowed" && !this.containsAggregate(e.right.operand)) {
              const inner = { window: this.text(this.file, e.right.window), source: "the `over` after the comparison" };
              walk(e.left, inner);
              return walk(e.right.operand, inner);
            }
            walk(e.left, rule);
            return walk(e.right, rule);
          }
          walk(e.right, rule);
          if (rate.kind === "AtLeastRate")
            return walk(e.left, {
              window: `last ${rate.m.text} ${rate.unit}s`,
              source: `\`in at least ${rate.k.text} of ${rate.m.text} ${rate.unit}s\`: checked in each ${rate.unit}`,
            });
          const defaultWindow = this.program.analyses.get(this.file)?.defaultWindow;
          const w = rate.window ?? defaultWindow;
          const how = rate.kind === "EveryRate" ? `, checked in each ${rate.unit}` : `, compared per ${rate.unit}`;
          if (!w) return walk(e.left, { source: `the rate has no window and the file no \`default window\`${how}` });
          return walk(e.left, {
            window: this.text(this.file, w),
            source: (rate.window ? "the rate's own `over`" : "the file's `default window`") + how,
          });
        }
        case "Call":
          if (isAggregate(e.callee.name)) {
            out.push({ node: e, file: this.file, rule });
            return;
          }
          for (const a of e.args) walk(a, rule);
          return;
        case "Name": {
          const s = this.program.refs.get(e.name);
          if (s?.kind === "events" || (s?.kind === "measure" && this.containsAggregate(s.decl.expr)))
            out.push({ node: e, file: this.file, rule });
          return;
        }
        default:
          for (const c of directChildren(e)) walk(c, rule);
      }
    };
    walk(root, outer);
    return out;
  }
}

/** Sub-expressions that can hold aggregates (not window bounds, not filters). */
function directChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "Logical":
    case "Arithmetic":
    case "Compare":
      return [e.left, e.right];
    case "Not":
    case "Negate":
    case "IsNull":
    case "Rank":
    case "Within":
    case "Windowed":
      return [e.operand];
    case "Between":
      return [e.operand, e.low, e.high];
    case "In":
      return [e.operand, ...e.values];
    case "StringMatch":
      return [e.operand, e.pattern];
    case "Paren":
      return [e.expr];
    case "Call":
      return e.args;
    default:
      return [];
  }
}

export function describeRule(rule: WindowRule): string {
  return rule.window ? `\`${rule.window}\` (${rule.source})` : rule.source;
}
