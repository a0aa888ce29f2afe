// Test helpers for the syntax stage: a compact S-expression view of expressions and 1-based
// line/column positions, so assertions read like the source they check.
import { assertNever, type Expr, type Rate, type Window } from "../../src/syntax/ast.js";

export function sexpr(e: Expr): string {
  switch (e.kind) {
    case "Logical":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case "Not":
      return `(not ${sexpr(e.operand)})`;
    case "Compare":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)}${e.rate ? ` ${rate(e.rate)}` : ""})`;
    case "Between":
      return `(${e.negated ? "not-between" : "between"} ${sexpr(e.operand)} ${sexpr(e.low)} ${sexpr(e.high)})`;
    case "In":
      return `(${e.negated ? "not-in" : "in"} ${sexpr(e.operand)} [${e.values.map(sexpr).join(" ")}])`;
    case "IsNull":
      return `(${e.negated ? "is-not-null" : "is-null"} ${sexpr(e.operand)})`;
    case "StringMatch":
      return `(${e.op} ${sexpr(e.operand)} ${sexpr(e.pattern)})`;
    case "Rank":
      return `(${e.direction} ${sexpr(e.operand)} ${sexpr(e.percent)})`;
    case "Within":
      return `(within ${sexpr(e.operand)} ${e.duration.amount.text} ${e.duration.unit})`;
    case "Arithmetic":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case "Negate":
      return `(neg ${sexpr(e.operand)})`;
    case "Windowed":
      return `(over ${sexpr(e.operand)} ${window(e.window)})`;
    case "Paren":
      return `(paren ${sexpr(e.expr)})`;
    case "Name":
      return e.name.name;
    case "Member":
      return `${e.object.name}.${e.property.name}`;
    case "Call":
      return `(${[e.callee.name, ...e.args.map(sexpr)].join(" ")}${e.filter ? ` :where ${sexpr(e.filter)}` : ""})`;
    case "Number":
      return `${e.text}${e.percent ? "%" : ""}`;
    case "String":
      return JSON.stringify(e.value);
    case "Boolean":
      return String(e.value);
    case "Null":
      return "null";
    case "TypedLiteral":
      return `(${e.type} ${JSON.stringify(e.value.value)})`;
    case "Now":
      return "now";
    case "Ago":
      return `(ago ${e.duration.amount.text} ${e.duration.unit})`;
    case "Error":
      return "<error>";
    default:
      return assertNever(e);
  }
}

export function window(w: Window): string {
  return w.kind === "LastWindow"
    ? `(last ${w.duration.amount.text} ${w.duration.unit})`
    : `(from ${sexpr(w.from)} ${sexpr(w.to)})`;
}

function rate(r: Rate): string {
  switch (r.kind) {
    case "PerRate":
      return `:per ${r.unit}${r.window ? ` ${window(r.window)}` : ""}`;
    case "EveryRate":
      return `:every ${r.unit}${r.window ? ` ${window(r.window)}` : ""}`;
    case "AtLeastRate":
      return `:at-least ${r.k.text} of ${r.m.text} ${r.unit}`;
    default:
      return assertNever(r);
  }
}

/** 1-based line and column (in UTF-16 code units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
