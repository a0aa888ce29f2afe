import { constraintOf, contains } from "./constraints.js";
import { conjuncts, exprKey, type Rule } from "./rule.js";
import type { Expr } from "../../syntax/ast.js";

/** Whether `later` implies `earlier`, judged from their conjuncts. */
function implies(later: Expr, earlier: Expr): boolean {
  const l = conjuncts(later);
  const e = conjuncts(earlier);
  const lKeys = new Set(l.map(exprKey));
  return e.every((part) => {
    if (lKeys.has(exprKey(part))) return true;
    const want = constraintOf(part);
    if (!want) return false;
    return l.some((p) => {
      const have = constraintOf(p);
      return have !== undefined && have.key === want.key && contains(want.interval, have.interval);
    });
  });
}

/** A tier whose members an earlier tier always takes first. */
export const unreachableTier: Rule = {
  name: "unreachable-tier",
  run(ctx) {
    for (const d of ctx.file.declarations) {
      if (d.kind !== "Segmentation") continue;
      d.branches.forEach((b, j) => {
        for (let i = 0; i < j; i++) {
          const earlier = d.branches[i]!;
          const caught = !earlier.condition || (b.condition !== undefined && implies(b.condition, earlier.condition));
          if (caught && earlier.name.name && b.name.name) {
            ctx.sink.report("unreachable-tier", { tier: b.name.name, by: earlier.name.name }, b.name.span);
            return;
          }
        }
      });
    }
  },
};
