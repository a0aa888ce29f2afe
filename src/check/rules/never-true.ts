import { walkExpr } from "../checker.js";
import { constraintOf, intersect, isEmpty, type Interval } from "./constraints.js";
import { conditions, conjuncts, type Rule } from "./rule.js";
import type { Expr } from "../../syntax/ast.js";

/** `age > 50 and age < 30`: the conjuncts on one subject leave no value. */
export const neverTrue: Rule = {
  name: "never-true",
  run(ctx) {
    // Only chain roots: an `and` whose parent is not an `and` (each `and` inside a chain would repeat the work).
    const ands: Expr[] = [];
    const inner = new Set<Expr>();
    for (const c of conditions(ctx.file))
      walkExpr(c, (e) => {
        if (e.kind !== "Logical" || e.op !== "and") return;
        for (const child of [e.left, e.right]) if (child.kind === "Logical" && child.op === "and") inner.add(child);
        if (!inner.has(e)) ands.push(e);
      });
    // Innermost first, so the report points at the smallest contradiction.
    ands.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
    const reported: Expr[] = [];
    for (const e of ands) {
      if (reported.some((r) => e.span.start <= r.span.start && r.span.end <= e.span.end)) continue;
      const bySubject = new Map<string, Interval>();
      for (const part of conjuncts(e)) {
        const k = constraintOf(part);
        if (!k) continue;
        const merged = bySubject.has(k.key) ? intersect(bySubject.get(k.key)!, k.interval) : k.interval;
        bySubject.set(k.key, merged);
        if (isEmpty(merged)) {
          reported.push(e);
          const subject = part.kind === "Compare" ? part.left : part.kind === "Between" ? part.operand : part;
          ctx.sink.report("never-true", { field: ctx.text(subject) }, e.span);
          break;
        }
      }
    }
  },
};
