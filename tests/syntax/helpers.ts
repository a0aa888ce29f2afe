// Test helpers for the syntax stage: a compact S-expression view of expressions and 1-based
// line/column positions, so assertions read like the source they check.
import { assertNever, type Expr, type Rate, type Span, type Window } from "../../src/syntax/ast.js";
import type { ParseResult } from "../../src/syntax/parse.js";

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

/** Fields that a node may leave undefined; any other undefined field is a bug. */
const optionalFields = new Set(["doc", "entity", "column", "scale", "values", "condition", "rate", "window", "filter"]);

/**
 * What must hold whatever the input: diagnostics have syntax codes and spans within the text; every
 * span of the tree lies within the text and within the span of the node around it; no required
 * field is undefined. Returns the problems found, none when all is well.
 */
export function treeProblems(result: ParseResult, text: string): string[] {
  const problems: string[] = [];
  const inText = (s: Span): boolean => 0 <= s.start && s.start <= s.end && s.end <= text.length;
  const checkSpan = (s: Span, path: string, enclosing: Span): void => {
    if (!inText(s)) problems.push(`${path} ${JSON.stringify(s)} lies outside the text`);
    else if (s.start < enclosing.start || s.end > enclosing.end) {
      problems.push(`${path} ${JSON.stringify(s)} lies outside ${JSON.stringify(enclosing)}`);
    }
  };
  const visit = (value: unknown, path: string, enclosing: Span): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, enclosing));
      return;
    }
    if (value === null || typeof value !== "object") return;
    if (isSpan(value)) {
      checkSpan(value, path, enclosing);
      return;
    }
    const own = (value as { span?: unknown }).span;
    if ("kind" in value && !isSpan(own)) problems.push(`${path} has no span`);
    if (isSpan(own)) checkSpan(own, `${path}.span`, enclosing);
    for (const [key, field] of Object.entries(value)) {
      if (key === "span") continue;
      if (field === undefined) {
        if (!optionalFields.has(key)) problems.push(`${path}.${key} is undefined`);
      } else {
        visit(field, `${path}.${key}`, isSpan(own) ? own : enclosing);
      }
    }
  };
  for (const d of result.diagnostics) {
    if (!/^SEG1\d\d$/.test(d.code)) problems.push(`diagnostic code ${d.code} is not a syntax code`);
    checkSpan(d.span, `diagnostic ${d.code}`, { start: 0, end: text.length });
  }
  result.comments.forEach((c, i) => checkSpan(c.span, `comments[${i}]`, { start: 0, end: text.length }));
  visit(result.file, "file", { start: 0, end: text.length });
  return problems;
}

function isSpan(x: unknown): x is Span {
  if (typeof x !== "object" || x === null) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && typeof (x as Span).start === "number" && typeof (x as Span).end === "number";
}
