// Calendar arithmetic in UTC with month-end clamping (language.md 5.5), for constant folding.
import type { TimeUnit } from "../syntax/ast.js";
import type { TimePoint } from "./plan.js";
import { CALENDAR_UNIT_MONTHS, FIXED_UNIT_MS } from "./types.js";

export function shiftMs(ms: number, amount: number, unit: TimeUnit): number {
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return ms + amount * fixed;
  const months = amount * CALENDAR_UNIT_MONTHS[unit]!;
  const d = new Date(ms);
  const total = d.getUTCMonth() + months;
  const y = d.getUTCFullYear() + Math.floor(total / 12);
  const m = ((total % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(ms);
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), last));
  return out.getTime();
}

export function pointMs(p: TimePoint, nowMs: number): number {
  let ms = p.base === "now" ? nowMs : Date.parse(p.base.literal);
  for (const s of p.shifts) ms = shiftMs(ms, s.amount, s.unit);
  return ms;
}
