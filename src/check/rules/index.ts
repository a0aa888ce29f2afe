import type { DiagnosticSink } from "../../diagnostics/codes.js";
import type { Program } from "../checker.js";
import type { Module } from "../workspace.js";
import { compareNull } from "./compare-null.js";
import { floatEquality } from "./float-equality.js";
import { missingOtherwise } from "./missing-otherwise.js";
import { neverTrue } from "./never-true.js";
import type { Rule } from "./rule.js";
import { unreachableTier } from "./unreachable-tier.js";

export function rules(program: Program): Rule[] {
  return [compareNull, neverTrue, unreachableTier, missingOtherwise, floatEquality(program)];
}

export function runRules(program: Program, module: Module, sink: DiagnosticSink): void {
  const ctx = {
    module,
    file: module.parsed.file,
    sink,
    text: (n: { span: { start: number; end: number } }) => module.text.slice(n.span.start, n.span.end),
  };
  for (const rule of rules(program)) {
    try {
      rule.run(ctx);
    } catch {
      // A rule is advice; a bug in one must not take the checker down.
    }
  }
}
