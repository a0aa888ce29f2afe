import type { Rule } from "./rule.js";

/** Without `otherwise`, members that match no tier get a null label. */
export const missingOtherwise: Rule = {
  name: "missing-otherwise",
  run(ctx) {
    for (const d of ctx.file.declarations) {
      if (d.kind !== "Segmentation" || !d.name.name || d.branches.length === 0) continue;
      if (d.branches.some((b) => !b.condition)) continue;
      const last = d.branches[d.branches.length - 1]!;
      const indent = " ".repeat(Math.max(0, last.span.start - ctx.module.text.lastIndexOf("\n", last.span.start) - 1));
      ctx.sink.report("missing-otherwise", { name: d.name.name }, d.name.span, [
        {
          title: "Add an `otherwise` tier",
          edits: [{ span: { start: last.span.end, end: last.span.end }, newText: `\n${indent}Other otherwise` }],
        },
      ]);
    }
  },
};
