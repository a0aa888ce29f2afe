import { walkExpr, type Program } from "../checker.js";
import { conditions, type Rule } from "./rule.js";

/** Exact equality on floats depends on summation order, which differs between engines. */
export function floatEquality(program: Program): Rule {
  return {
    name: "float-equality",
    run(ctx) {
      for (const c of conditions(ctx.file))
        walkExpr(c, (e) => {
          if (e.kind !== "Compare" || (e.op !== "=" && e.op !== "!=")) return;
          const l = program.types.get(e.left);
          const r = program.types.get(e.right);
          if (l?.kind === "float" || r?.kind === "float") ctx.sink.report("float-equality", {}, e.span);
        });
    },
  };
}
