// Value types shared by the checker and the plan.
import type { TimeUnit } from "../syntax/ast.js";

export type ValueType =
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "decimal"; readonly scale: number }
  | { readonly kind: "string" }
  | { readonly kind: "bool" }
  | { readonly kind: "date" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "null" };

export const INT: ValueType = { kind: "int" };
export const FLOAT: ValueType = { kind: "float" };
export const STRING: ValueType = { kind: "string" };
export const BOOL: ValueType = { kind: "bool" };
export const DATE: ValueType = { kind: "date" };
export const TIMESTAMP: ValueType = { kind: "timestamp" };
export const NULL: ValueType = { kind: "null" };
export const decimal = (scale: number): ValueType => ({ kind: "decimal", scale });

export function typeToString(t: ValueType): string {
  switch (t.kind) {
    case "decimal":
      return `decimal(${t.scale})`;
    case "enum":
      return `enum(${t.values.map((v) => JSON.stringify(v)).join(", ")})`;
    default:
      return t.kind;
  }
}

export const isNumeric = (t: ValueType): boolean => t.kind === "int" || t.kind === "float" || t.kind === "decimal";
export const isTime = (t: ValueType): boolean => t.kind === "date" || t.kind === "timestamp";
export const isStringLike = (t: ValueType): boolean => t.kind === "string" || t.kind === "enum";

/** The type both sides of a comparison are converted to, or undefined when they cannot be compared. */
export function comparisonType(a: ValueType, b: ValueType): ValueType | undefined {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (isNumeric(a) && isNumeric(b)) return numericJoin(a, b);
  if (isStringLike(a) && isStringLike(b)) return a.kind === "enum" && b.kind === "enum" ? a : STRING;
  if (isTime(a) && isTime(b)) return a.kind === "date" && b.kind === "date" ? DATE : TIMESTAMP;
  if (a.kind === "bool" && b.kind === "bool") return BOOL;
  return undefined;
}

/** int < decimal < float; decimals widen to the larger scale. */
export function numericJoin(a: ValueType, b: ValueType): ValueType {
  if (a.kind === "float" || b.kind === "float") return FLOAT;
  if (a.kind === "decimal" || b.kind === "decimal") {
    const sa = a.kind === "decimal" ? a.scale : 0;
    const sb = b.kind === "decimal" ? b.scale : 0;
    return decimal(Math.max(sa, sb));
  }
  return INT;
}

/** Days per unit when a rate converts between units (language.md 5.5). */
export const UNIT_DAYS: Record<TimeUnit, number> = {
  minute: 1 / 1440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 30,
  quarter: 90,
  year: 365,
};

export const FIXED_UNIT_MS: Partial<Record<TimeUnit, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export const CALENDAR_UNIT_MONTHS: Partial<Record<TimeUnit, number>> = { month: 1, quarter: 3, year: 12 };
