// Interval reasoning over comparisons of one subject with constants, shared by never-true and unreachable-tier.
import type { Expr } from "../../syntax/ast.js";
import { exprKey, unparen } from "./rule.js";

export interface Interval {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
  /** For `=` against strings: the only allowed value. */
  eq?: string;
}

const FULL = (): Interval => ({ lo: -Infinity, loOpen: true, hi: Infinity, hiOpen: true });

function constant(e: Expr): number | string | undefined {
  const u = unparen(e);
  if (u.kind === "Number") return Number(u.text) / (u.percent ? 100 : 1);
  if (u.kind === "Negate" && unparen(u.operand).kind === "Number") {
    const v = constant(u.operand);
    return typeof v === "number" ? -v : undefined;
  }
  if (u.kind === "String") return u.value;
  return undefined;
}

const FLIP = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!=" } as const;

/** A single constraint `subject op constant`, or undefined when the expression is not one. */
export function constraintOf(e: Expr): { key: string; interval: Interval } | undefined {
  const u = unparen(e);
  if (u.kind === "Between" && !u.negated) {
    const lo = constant(u.low);
    const hi = constant(u.high);
    if (typeof lo !== "number" || typeof hi !== "number") return undefined;
    return { key: exprKey(u.operand), interval: { lo, loOpen: false, hi, hiOpen: false } };
  }
  if (u.kind !== "Compare" || u.rate || u.op === "!=") return undefined;
  let subject = u.left;
  let op: keyof typeof FLIP = u.op;
  let value = constant(u.right);
  if (value === undefined) {
    value = constant(u.left);
    subject = u.right;
    op = FLIP[u.op];
  }
  if (value === undefined || constant(subject) !== undefined || unparen(subject).kind === "Windowed") return undefined;
  const i = FULL();
  if (typeof value === "string") {
    if (op !== "=") return undefined;
    i.eq = value;
  } else if (op === "=") Object.assign(i, { lo: value, loOpen: false, hi: value, hiOpen: false });
  else if (op === ">") Object.assign(i, { lo: value, loOpen: true });
  else if (op === ">=") Object.assign(i, { lo: value, loOpen: false });
  else if (op === "<") Object.assign(i, { hi: value, hiOpen: true });
  else Object.assign(i, { hi: value, hiOpen: false });
  return { key: exprKey(subject), interval: i };
}

export function intersect(a: Interval, b: Interval): Interval {
  const lo =
    a.lo > b.lo
      ? { lo: a.lo, loOpen: a.loOpen }
      : a.lo < b.lo
        ? { lo: b.lo, loOpen: b.loOpen }
        : { lo: a.lo, loOpen: a.loOpen || b.loOpen };
  const hi =
    a.hi < b.hi
      ? { hi: a.hi, hiOpen: a.hiOpen }
      : a.hi > b.hi
        ? { hi: b.hi, hiOpen: b.hiOpen }
        : { hi: a.hi, hiOpen: a.hiOpen || b.hiOpen };
  const out: Interval = { ...lo, ...hi };
  if (a.eq !== undefined || b.eq !== undefined)
    out.eq = a.eq !== undefined && b.eq !== undefined && a.eq !== b.eq ? "\u0000conflict" : (a.eq ?? b.eq);
  return out;
}

export function isEmpty(i: Interval): boolean {
  if (i.eq === "\u0000conflict") return true;
  return i.lo > i.hi || (i.lo === i.hi && (i.loOpen || i.hiOpen));
}

/** a ⊆ b */
export function contains(b: Interval, a: Interval): boolean {
  if (b.eq !== undefined && a.eq !== b.eq) return false;
  const loOk = b.lo < a.lo || (b.lo === a.lo && (!b.loOpen || a.loOpen));
  const hiOk = b.hi > a.hi || (b.hi === a.hi && (!b.hiOpen || a.hiOpen));
  return loOk && hiOk;
}
