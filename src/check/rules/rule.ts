import type { DiagnosticSink } from "../../diagnostics/codes.js";
import type { Expr, SegFile } from "../../syntax/ast.js";
import type { Module } from "../workspace.js";

export interface RuleContext {
  readonly module: Module;
  readonly file: SegFile;
  readonly sink: DiagnosticSink;
  /** Source text of a node. */
  text(e: { span: { start: number; end: number } }): string;
}

/** A check over one file's syntax tree that reports legal but suspicious definitions. */
export interface Rule {
  readonly name: string;
  run(ctx: RuleContext): void;
}

/** Every condition of the file: segment conditions, tier conditions and measure bodies. */
export function conditions(file: SegFile): Expr[] {
  const out: Expr[] = [];
  for (const d of file.declarations) {
    if (d.kind === "Segment") out.push(d.condition);
    else if (d.kind === "Measure") out.push(d.expr);
    else if (d.kind === "Segmentation") for (const b of d.branches) if (b.condition) out.push(b.condition);
  }
  return out;
}

/** A structural key of an expression, ignoring spans and parentheses. */
export function exprKey(e: Expr): string {
  return JSON.stringify(unparen(e), (k, v) =>
    k === "span" || k === "nameSpan" || k === "unitSpan"
      ? undefined
      : v && typeof v === "object" && v.kind === "Paren"
        ? v.expr
        : v,
  );
}

export function unparen(e: Expr): Expr {
  return e.kind === "Paren" ? unparen(e.expr) : e;
}

/** `a and (b and c)` → [a, b, c] */
export function conjuncts(e: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const u = unparen(stack.pop()!);
    if (u.kind === "Logical" && u.op === "and") stack.push(u.right, u.left);
    else out.push(u);
  }
  return out;
}
