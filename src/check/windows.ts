// Static facts about windows: their bounds as time points, their length and bucket counts.
import type { Expr, TimeUnit, Window } from "../syntax/ast.js";
import type { TimePoint } from "../plan/plan.js";
import { CALENDAR_UNIT_MONTHS, FIXED_UNIT_MS, UNIT_DAYS } from "../plan/types.js";
import { parseTimestamp } from "./literals.js";
import { shiftMs } from "../plan/time.js";

export const NOW: TimePoint = { base: "now", shifts: [] };

export function shiftPoint(p: TimePoint, amount: number, unit: TimeUnit): TimePoint {
  return amount === 0 ? p : { base: p.base, shifts: [...p.shifts, { amount, unit }] };
}

/** A constant window bound (`now`, `N UNITS ago`, a date or timestamp literal) as a time point. */
export function boundPoint(e: Expr, paramValue?: (e: Expr) => string | undefined): TimePoint | undefined {
  switch (e.kind) {
    case "Now":
      return NOW;
    case "Ago":
      return shiftPoint(NOW, -Number(e.duration.amount.text), e.duration.unit);
    case "TypedLiteral": {
      const t = parseTimestamp(e.value.value);
      return t.ok ? { base: { literal: t.value }, shifts: [] } : undefined;
    }
    case "Paren":
      return boundPoint(e.expr, paramValue);
    case "Name": {
      const v = paramValue?.(e);
      return v === undefined ? undefined : { base: { literal: v }, shifts: [] };
    }
    default:
      return undefined;
  }
}

export interface WindowPoints {
  readonly start: TimePoint;
  readonly end: TimePoint;
}

export function windowPoints(w: Window, paramValue?: (e: Expr) => string | undefined): WindowPoints | undefined {
  if (w.kind === "LastWindow") {
    return { start: shiftPoint(NOW, -Number(w.duration.amount.text), w.duration.unit), end: NOW };
  }
  const start = boundPoint(w.from, paramValue);
  const end = boundPoint(w.to, paramValue);
  return start && end ? { start, end } : undefined;
}

const unitMs = (u: TimeUnit): number => UNIT_DAYS[u] * 86_400_000;

/** A single-shift relative point: now − amount units. */
function relative(p: TimePoint): { amount: number; unit: TimeUnit } | undefined {
  if (p.base !== "now" || p.shifts.length > 1) return undefined;
  const s = p.shifts[0];
  return s ? { amount: -s.amount, unit: s.unit } : { amount: 0, unit: "day" };
}

const literalMs = (p: TimePoint): number | undefined =>
  p.base !== "now" && p.shifts.length === 0 ? Date.parse(p.base.literal) : undefined;

/** Window length in ms using the conversion table of language.md 5.5; undefined when not fixed. */
export function windowLengthMs(w: WindowPoints): number | undefined {
  const a = relative(w.start);
  const b = relative(w.end);
  if (a && b) return a.amount * unitMs(a.unit) - b.amount * unitMs(b.unit);
  const la = literalMs(w.start);
  const lb = literalMs(w.end);
  return la !== undefined && lb !== undefined ? lb - la : undefined;
}

/** Whether the window certainly has no positive length (checked only when it can be known). */
export function windowNotPositive(w: WindowPoints): boolean {
  const a = relative(w.start);
  const b = relative(w.end);
  if (a && b) {
    const fa = FIXED_UNIT_MS[a.unit] !== undefined || a.amount === 0;
    const fb = FIXED_UNIT_MS[b.unit] !== undefined || b.amount === 0;
    if ((fa && fb) || a.unit === b.unit || (CALENDAR_UNIT_MONTHS[a.unit] && CALENDAR_UNIT_MONTHS[b.unit]))
      return (windowLengthMs(w) ?? 1) <= 0;
    return false;
  }
  const la = literalMs(w.start);
  const lb = literalMs(w.end);
  return la !== undefined && lb !== undefined && lb <= la;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** Window length expressed in `unit` as an exact fraction num/den. */
export function lengthIn(
  w: WindowPoints,
  unit: TimeUnit,
  last?: { amount: number; unit: TimeUnit },
): { num: number; den: number } | undefined {
  if (last && last.unit === unit) return { num: last.amount, den: 1 };
  const ms = windowLengthMs(w);
  if (ms === undefined) return undefined;
  const u = unitMs(unit);
  // Work in whole milliseconds: every unit's length is an integer number of ms.
  const g = gcd(ms, u);
  return { num: ms / g, den: u / g };
}

/** How many whole `unit` buckets the window holds, or undefined when it is not a whole number. */
export function bucketCount(w: WindowPoints, unit: TimeUnit): number | undefined {
  const fixed = FIXED_UNIT_MS[unit];
  const months = CALENDAR_UNIT_MONTHS[unit];
  const a = relative(w.start);
  const b = relative(w.end);
  if (a && b) {
    const parts = [a, b].filter((p) => p.amount !== 0);
    if (fixed !== undefined && parts.every((p) => FIXED_UNIT_MS[p.unit] !== undefined)) {
      const len = a.amount * (FIXED_UNIT_MS[a.unit] ?? 0) - b.amount * (FIXED_UNIT_MS[b.unit] ?? 0);
      return len > 0 && len % fixed === 0 ? len / fixed : undefined;
    }
    if (months !== undefined && parts.every((p) => CALENDAR_UNIT_MONTHS[p.unit] !== undefined)) {
      const len = a.amount * (CALENDAR_UNIT_MONTHS[a.unit] ?? 0) - b.amount * (CALENDAR_UNIT_MONTHS[b.unit] ?? 0);
      return len > 0 && len % months === 0 ? len / months : undefined;
    }
    return undefined;
  }
  const la = literalMs(w.start);
  const lb = literalMs(w.end);
  if (la === undefined || lb === undefined || lb <= la) return undefined;
  if (fixed !== undefined) return (lb - la) % fixed === 0 ? (lb - la) / fixed : undefined;
  if (months === undefined) return undefined;
  for (let k = 1; k <= 12_000; k++) {
    const s = shiftMs(lb, -k * months, "month");
    if (s === la) return k;
    if (s < la) return undefined;
  }
  return undefined;
}
