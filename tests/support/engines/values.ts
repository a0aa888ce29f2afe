// Value conversions shared by every engine: checking input rows before they are
// loaded, and normalising result values so rows compare equal across engines.

import { randomBytes } from "node:crypto";

import { checkSqlText } from "../../../src/backend/sql/literals.js";
import type { ColumnSpec, ColumnType, QueryOptions, Row, TableData, Value } from "./types.js";

/** A validated input value, in the one canonical form every engine converts from. */
export type Prepared =
  | null
  | bigint /* int */
  | number /* float */
  | boolean /* bool */
  | { readonly decimal: string }
  | { readonly text: string } /* string */
  | { readonly date: string } /* YYYY-MM-DD */
  | { readonly timestamp: string }; /* YYYY-MM-DD HH:MM:SS.SSS, UTC */

export function columnTypeName(type: ColumnType): string {
  return typeof type === "string" ? type : `decimal(${type.decimal})`;
}

/** Checks a table's declaration and rows, and returns its rows in column order. */
export function prepareTable(table: TableData): Prepared[][] {
  if (table.columns.length === 0) throw new Error(`table ${table.name}: no columns`);
  const seen = new Set<string>();
  for (const column of table.columns) {
    if (seen.has(column.name)) throw new Error(`table ${table.name}: column ${column.name} declared twice`);
    seen.add(column.name);
    const type = column.type;
    if (typeof type === "object" && !(Number.isInteger(type.decimal) && type.decimal >= 0 && type.decimal <= 38)) {
      throw new Error(`table ${table.name}: column ${column.name}: decimal scale must be 0..38`);
    }
  }
  return table.rows.map((row, index) => {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) throw new Error(`table ${table.name}, row ${index}: unknown column ${key}`);
    }
    return table.columns.map((column) => {
      try {
        return prepareValue(column, row[column.name]);
      } catch (error) {
        throw new Error(`table ${table.name}, row ${index}, column ${column.name}: ${(error as Error).message}`);
      }
    });
  });
}

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function prepareValue(column: ColumnSpec, value: unknown): Prepared {
  if (value === null || value === undefined) {
    if (!column.nullable) throw new Error("NULL in a NOT NULL column");
    return null;
  }
  const type = column.type;
  if (typeof type === "object") return { decimal: prepareDecimal(value, type.decimal) };
  switch (type) {
    case "int":
      return prepareInt(value);
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new Error(`expected a finite number, got ${show(value)}`);
      return value;
    case "string": {
      if (typeof value !== "string") throw new Error(`expected a string, got ${show(value)}`);
      const bad = checkSqlText(value);
      if (bad) throw new Error(bad.message);
      return { text: value };
    }
    case "bool":
      if (typeof value !== "boolean") throw new Error(`expected a boolean, got ${show(value)}`);
      return value;
    case "date":
      return { date: prepareDate(value) };
    case "timestamp":
      return { timestamp: formatTimestamp(timestampMillis(value)) };
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function prepareInt(value: unknown): bigint {
  let result: bigint;
  if (typeof value === "bigint") result = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) result = BigInt(value);
  else if (typeof value === "string" && INTEGER_TEXT.test(value)) result = BigInt(value);
  else throw new Error(`expected a safe integer, a bigint or a digit string, got ${show(value)}`);
  if (result < INT64_MIN || result > INT64_MAX) throw new Error(`${result} does not fit in a 64-bit integer`);
  return result;
}

function prepareDecimal(value: unknown, scale: number): string {
  const text =
    typeof value === "string" ? value : typeof value === "bigint" || typeof value === "number" ? String(value) : "";
  const match = DECIMAL_TEXT.exec(text);
  const whole = (match?.[2] ?? "").replace(/^0+(?=\d)/, "");
  const fraction = match?.[3] ?? "";
  if (!match || (whole === "" && fraction === "")) throw new Error(`expected a decimal string, got ${show(value)}`);
  // Engines would round extra digits, each its own way; input data must be exact.
  if (fraction.replace(/0+$/, "").length > scale) throw new Error(`${text} has more than ${scale} fraction digits`);
  if (whole.replace(/^0+/, "").length > 38 - scale) throw new Error(`${text} does not fit in DECIMAL(38,${scale})`);
  return `${match[1] === "-" ? "-" : ""}${whole || "0"}${fraction ? `.${fraction}` : ""}`;
}

function prepareDate(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("invalid Date");
    return formatTimestamp(value.getTime()).slice(0, 10);
  }
  const match = typeof value === "string" ? DATE_TEXT.exec(value) : null;
  if (!match) throw new Error(`expected "YYYY-MM-DD" or a Date, got ${show(value)}`);
  const millis = utcMillis(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0, 0);
  if (formatTimestamp(millis).slice(0, 10) !== value) throw new Error(`${value} is not a calendar date`);
  return value as string;
}

/** Epoch milliseconds of an input timestamp: ISO text (UTC without an offset), Date or epoch ms. */
export function timestampMillis(value: unknown): number {
  if (value instanceof Date || typeof value === "number") {
    const millis = value instanceof Date ? value.getTime() : value;
    if (!Number.isInteger(millis)) throw new Error(`expected a timestamp, got ${show(value)}`);
    checkYear(millis);
    return millis;
  }
  const match = typeof value === "string" ? TIMESTAMP_TEXT.exec(value) : null;
  if (!match) throw new Error(`expected an ISO timestamp, got ${show(value)}`);
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone] = match;
  if (/[1-9]/.test(fraction.slice(3))) throw new Error(`${value} is more precise than milliseconds`);
  const local = utcMillis(
    Number(y),
    Number(mo),
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(fraction.padEnd(3, "0").slice(0, 3)),
  );
  const check = formatTimestamp(local);
  const expected = `${y}-${mo}-${d} ${h.padStart(2, "0")}:${mi.padStart(2, "0")}:${s.padStart(2, "0")}`;
  if (!check.startsWith(expected)) throw new Error(`${value} is not a valid timestamp`);
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * (zone[0] === "-" ? -1 : 1);
  }
  const millis = local - offsetMinutes * 60_000;
  checkYear(millis);
  return millis;
}

function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

function checkYear(millis: number): void {
  const year = new Date(millis).getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) throw new Error(`year ${year} is outside 0001..9999`);
}

/** `YYYY-MM-DD HH:MM:SS.SSS` in UTC: the text form used for loading, and SQLite's storage form. */
export function formatTimestamp(millis: number): string {
  return new Date(millis).toISOString().replace("T", " ").replace("Z", "");
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  return String(value);
}

// ---------------------------------------------------------------------------
// Result normalisation

/** bigint → number when it is a safe integer, otherwise its digits as a string. */
export function normaliseBigInt(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** An integer in text form (pg's int8, mysql2's BIGINT) → number when safe, else the digits. */
export function normaliseIntegerText(text: string): number | string {
  return INTEGER_TEXT.test(text) ? normaliseBigInt(BigInt(text)) : text;
}

/**
 * The canonical form of a decimal: no trailing fraction zeros, no lone point, no leading
 * zeros, no "-0" ("12.50" → "12.5", "3.000" → "3", "-0.0" → "0"). Text that is not a plain
 * decimal (NaN, exponent forms) is returned unchanged.
 */
export function canonicalDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return text;
  const whole = (match[2] ?? "").replace(/^0+/, "") || "0";
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  const sign = match[1] === "-" && (whole !== "0" || fraction !== "") ? "-" : "";
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

const RESULT_TIMESTAMP = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An engine's timestamp text → `YYYY-MM-DDTHH:MM:SS.sssZ`: at least millisecond digits,
 * more only when a finer digit is non-zero (DuckDB keeps microseconds). A zone offset
 * (PostgreSQL timestamptz) is applied. Other text ("infinity") is returned unchanged.
 */
export function canonicalTimestamp(text: string): string {
  const match = RESULT_TIMESTAMP.exec(text);
  if (!match) return text;
  const [, date, time, digits = "", zone] = match;
  let fraction = digits.padEnd(3, "0");
  fraction = fraction.slice(0, 3) + fraction.slice(3).replace(/0+$/, "");
  if (!zone || /^(Z|[+-]00(:?00)?)$/i.test(zone)) return `${date}T${time}.${fraction}Z`;
  const millis = Date.parse(`${date}T${time}.${fraction.slice(0, 3)}${zone.length === 3 ? `${zone}:00` : zone}`);
  if (Number.isNaN(millis)) return text;
  return new Date(millis).toISOString().replace(/\.(\d{3})Z$/, `.$1${fraction.slice(3)}Z`);
}

/** 1/0 or true/false → boolean; null stays null. Anything else is an error. */
export function asBoolean(value: unknown): boolean | null {
  if (value === null || typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  throw new Error(`expected a boolean or 0/1, got ${show(value)}`);
}

function coerce(value: Value, type: ColumnType, column: string): Value {
  if (value === null) return null;
  const fail = (): never => {
    throw new Error(`result column ${column}: ${show(value)} is not a ${columnTypeName(type)}`);
  };
  if (typeof type === "object") {
    if (typeof value === "number") return Number.isFinite(value) ? decimalFromNumber(value, type.decimal) : fail();
    return typeof value === "string" ? canonicalDecimal(value) : fail();
  }
  switch (type) {
    case "bool":
      return asBoolean(value);
    case "int":
      if (typeof value === "number") return Number.isInteger(value) ? value : fail();
      return typeof value === "string" && INTEGER_TEXT.test(value) ? normaliseIntegerText(value) : fail();
    case "float":
      if (typeof value === "number") return value;
      return typeof value === "string" && DECIMAL_TEXT.test(value) ? Number(value) : fail();
    case "string":
      return typeof value === "string" ? value : fail();
    case "date":
      if (typeof value !== "string") return fail();
      return DATE_TEXT.test(value)
        ? value
        : /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(value)
          ? value.slice(0, 10)
          : fail();
    case "timestamp":
      if (typeof value !== "string") return fail();
      if (DATE_TEXT.test(value)) return `${value}T00:00:00.000Z`;
      return RESULT_TIMESTAMP.test(value) ? canonicalTimestamp(value) : fail();
  }
}

/**
 * SQLite hands decimals back as REAL/INTEGER. The shortest round-trip text is the
 * stored decimal when it has at most `scale` fraction digits; longer means float noise
 * from arithmetic (a SUM giving 6.6000000000000005), which rounding to the scale removes.
 */
function decimalFromNumber(value: number, scale: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  const fraction = /\.(\d+)$/.exec(text)?.[1] ?? "";
  return canonicalDecimal(/e/i.test(text) || fraction.length > scale ? value.toFixed(scale) : text);
}

/** Applies `options.types` to normalised rows. */
export function applyDeclaredTypes(rows: Row[], options: QueryOptions | undefined): Row[] {
  const types = options?.types;
  if (!types) return rows;
  return rows.map((row) => {
    const out: Row = { ...row };
    for (const [column, type] of Object.entries(types)) {
      if (!(column in out)) throw new Error(`result has no column ${column}`);
      out[column] = coerce(out[column] ?? null, type, column);
    }
    return out;
  });
}

/** Splits rows into batches whose parameter count stays under `maxParams`. */
export function batches<T>(rows: readonly T[], columns: number, maxParams: number, maxRows = 1000): T[][] {
  const size = Math.max(1, Math.min(maxRows, Math.floor(maxParams / Math.max(1, columns))));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Random lowercase hex, for database names that parallel test processes never share. */
export function randomSuffix(): string {
  return randomBytes(6).toString("hex");
}

/** `"analytics.orders"` → `{ schema: "analytics", table: "orders" }`, as the literal encoders split it. */
export function splitTableName(name: string): { schema: string | undefined; table: string } {
  const parts = name.split(".");
  if (parts.length === 1 && parts[0]) return { schema: undefined, table: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { schema: parts[0], table: parts[1] };
  throw new Error(`"${name}" is not a table name: expected "table" or "schema.table"`);
}
