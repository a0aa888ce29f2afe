import { walkExpr } from "../checker.js";
import { conditions, type Rule } from "./rule.js";

/** `x = null` is never true: SQL compares with null as unknown. */
export const compareNull: Rule = {
  name: "compare-null",
  run(ctx) {
    for (const c of conditions(ctx.file))
      walkExpr(c, (e) => {
        if (e.kind !== "Compare" || (e.op !== "=" && e.op !== "!=") || e.rate) return;
        const other = e.right.kind === "Null" ? e.left : e.left.kind === "Null" ? e.right : undefined;
        if (!other) return;
        const replacement = `${ctx.text(other)} ${e.op === "=" ? "is null" : "is not null"}`;
        ctx.sink.report("compare-null", { op: e.op }, e.span, [
          { title: `Change to \`${replacement}\``, edits: [{ span: e.span, newText: replacement }] },
        ]);
      });
  },
};
