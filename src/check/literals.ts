// Literal values as exact text: the checker normalises, the backends print.
import type { NumberLiteral } from "../syntax/ast.js";
import { decimal, INT, type ValueType } from "../plan/types.js";

/** `12.50` → { digits: "1250", scale: 2, negative }. Works on plain decimal text only. */
function splitDecimal(text: string): { negative: boolean; int: string; frac: string } {
  let t = text.trim();
  const negative = t.startsWith("-");
  if (negative || t.startsWith("+")) t = t.slice(1);
  const [int = "0", frac = ""] = t.split(".");
  return { negative, int: int === "" ? "0" : int, frac };
}

/** Canonical decimal text with exactly `scale` fractional digits (truncating is never needed: callers check scale first). */
export function normalizeDecimal(text: string, scale: number): string {
  const { negative, int, frac } = splitDecimal(text);
  const i = int.replace(/^0+(?=\d)/, "");
  const f = (frac + "0".repeat(scale)).slice(0, scale);
  const zero = /^0*$/.test(i + f);
  return `${negative && !zero ? "-" : ""}${i}${scale > 0 ? `.${f}` : ""}`;
}

export function normalizeInt(text: string): string {
  return normalizeDecimal(text, 0);
}

export function scaleOf(text: string): number {
  return splitDecimal(text).frac.length;
}

export const isDecimalText = (s: string): boolean => /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s.trim());
export const isIntText = (s: string): boolean => /^[-+]?\d+$/.test(s.trim());

/** `10%` → "0.10". */
export function percentValue(text: string): string {
  const { negative, int, frac } = splitDecimal(text);
  const padded = int.padStart(3, "0");
  const whole = padded.slice(0, -2).replace(/^0+(?=\d)/, "");
  return `${negative ? "-" : ""}${whole}.${padded.slice(-2)}${frac}`;
}

/** The type and exact value text of a number literal. */
export function numberLiteral(n: NumberLiteral): { type: ValueType; value: string } {
  if (n.percent) {
    const v = percentValue(n.text);
    return { type: decimal(scaleOf(v)), value: v };
  }
  if (!n.text.includes(".")) return { type: INT, value: normalizeInt(n.text) };
  const s = scaleOf(n.text);
  return { type: decimal(s), value: normalizeDecimal(n.text, s) };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Canonical `YYYY-MM-DD`, or an error reason. */
export function parseDate(s: string): { ok: true; value: string } | { ok: false; reason: string } {
  const m = DATE_RE.exec(s);
  if (!m) return { ok: false, reason: "expected YYYY-MM-DD" };
  if (!validYmd(+m[1]!, +m[2]!, +m[3]!)) return { ok: false, reason: "no such day" };
  return { ok: true, value: s };
}

/** Canonical UTC `YYYY-MM-DDTHH:MM:SS.sssZ`, or an error reason. A date alone is midnight UTC. */
export function parseTimestamp(s: string): { ok: true; value: string } | { ok: false; reason: string } {
  if (DATE_RE.test(s)) {
    const d = parseDate(s);
    return d.ok ? { ok: true, value: `${s}T00:00:00.000Z` } : d;
  }
  const m = TS_RE.exec(s);
  if (!m) return { ok: false, reason: "expected YYYY-MM-DDTHH:MM:SS[.sss][Z|±HH:MM]" };
  const [y, mo, d, h, mi, sec = "0", frac = ""] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, m[6], m[7]];
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || +sec > 59) return { ok: false, reason: "no such time" };
  if (frac.length > 3 && /[1-9]/.test(frac.slice(3))) return { ok: false, reason: "precision is milliseconds" };
  let ms = Date.UTC(y, mo - 1, d, h, mi, +sec, +(frac + "000").slice(0, 3));
  const tz = m[8];
  if (tz && tz !== "Z") {
    const sign = tz.startsWith("-") ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    ms -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
  }
  const out = new Date(ms);
  if (Number.isNaN(out.getTime()) || out.getUTCFullYear() < 1 || out.getUTCFullYear() > 9999)
    return { ok: false, reason: "out of range" };
  return { ok: true, value: out.toISOString() };
}
