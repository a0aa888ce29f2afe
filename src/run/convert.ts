// SQL that turns a source column into its declared Seg type, strictly. DuckDB's own casts are
// lenient in ways that would change answers silently ('1.5' → BIGINT 2, a DATE cast drops the
// time, a TIMESTAMP cast ignores '+02:00'), so text is checked first and only then cast.
import type { ValueType } from "../plan/types.js";
import { typeToString } from "../plan/types.js";
import { str } from "./engine.js";

/** DuckDB storage type of a Seg type. Decimals with up to 8 places use DECIMAL(18, s): 64-bit,
 *  many times faster to parse and sum than DECIMAL(38, s), and exact up to 10^(18-s). */
export function sqlType(t: ValueType): string {
  switch (t.kind) {
    case "int":
      return "BIGINT";
    case "float":
      return "DOUBLE";
    case "decimal":
      return `DECIMAL(${t.scale <= 8 ? 18 : 38}, ${t.scale})`;
    case "bool":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "timestamp":
      return "TIMESTAMP";
    case "string":
    case "enum":
    case "null":
      return "VARCHAR";
  }
}

const INT_TEXT = String.raw`\s*[+-]?[0-9]+\s*`;
const DATE_TEXT = String.raw`\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*`;
// A timestamp without a zone (or with Z): DuckDB's TIMESTAMP cast reads these right. Anything
// else (an offset, a zone name) goes through TIMESTAMP WITH TIME ZONE, which converts to UTC.
const PLAIN_TIMESTAMP_TEXT = String.raw`\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]*)?)?)?Z?\s*`;

/** What a value must be, for messages: `"12.5" is not <what> (<origin>: <type>; <hint>)`. */
export function expected(t: ValueType): { what: string; hint?: string } {
  switch (t.kind) {
    case "int":
      return { what: "an integer" };
    case "float":
      return { what: "a number" };
    case "decimal":
      return {
        what: "a decimal number",
        hint: `at most ${(t.scale <= 8 ? 18 : 38) - t.scale} digits before the point`,
      };
    case "bool":
      return { what: "a boolean", hint: "true/false, t/f, yes/no, y/n or 1/0" };
    case "date":
      return { what: "a date", hint: "YYYY-MM-DD" };
    case "timestamp":
      return { what: "a timestamp", hint: "YYYY-MM-DD HH:MM:SS[.fff], UTC unless it carries an offset" };
    case "enum":
      return { what: `one of ${t.values.map((v) => JSON.stringify(v)).join(", ")}` };
    default:
      return { what: typeToString(t) };
  }
}

/**
 * `v` (a non-null value of DuckDB type `source`) as type `t`, or `bad` (an SQL expression: an
 * error() call when loading, NULL when looking for the bad row) when it does not fit.
 * Returns `v` itself when nothing needs doing, so DuckDB reads Parquet columns untouched.
 */
export function convert(v: string, source: string, t: ValueType, bad: string): string {
  const target = sqlType(t);
  const orBad = (e: string): string => `COALESCE(${e}, ${bad})`;
  const src = source.toUpperCase();
  if (src === "VARCHAR") {
    switch (t.kind) {
      case "string":
      case "null":
        return v;
      case "enum":
        return t.values.length ? `CASE WHEN ${v} IN (${t.values.map(str).join(", ")}) THEN ${v} ELSE ${bad} END` : bad;
      case "int":
        return `CASE WHEN regexp_full_match(${v}, ${str(INT_TEXT)}) THEN ${orBad(`TRY_CAST(${v} AS BIGINT)`)} ELSE ${bad} END`;
      case "date":
        return `CASE WHEN regexp_full_match(${v}, ${str(DATE_TEXT)}) THEN ${orBad(`TRY_CAST(${v} AS DATE)`)} ELSE ${bad} END`;
      case "timestamp":
        return `CASE WHEN regexp_full_match(${v}, ${str(PLAIN_TIMESTAMP_TEXT)}) THEN ${orBad(`TRY_CAST(${v} AS TIMESTAMP)`)} ELSE ${orBad(`CAST(TRY_CAST(${v} AS TIMESTAMPTZ) AS TIMESTAMP)`)} END`;
      default:
        return orBad(`TRY_CAST(${v} AS ${target})`);
    }
  }
  if (src === target) return v;
  switch (t.kind) {
    case "string":
    case "null":
      return `CAST(${v} AS VARCHAR)`;
    case "enum":
      return convert(`CAST(${v} AS VARCHAR)`, "VARCHAR", t, bad);
    case "int":
      if (/^(U?(TINY|SMALL|)INT(EGER)?|UINTEGER|INTEGER)$/.test(src)) return `CAST(${v} AS BIGINT)`;
      // Floats, decimals, wider integers: only whole values that fit.
      return `CASE WHEN TRY_CAST(${v} AS BIGINT) = ${v} THEN CAST(${v} AS BIGINT) ELSE ${bad} END`;
    case "decimal": {
      const m = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(src);
      if (m && Number(m[2]) === t.scale) return v; // same scale: exact as stored
      return orBad(`TRY_CAST(${v} AS ${target})`);
    }
    case "date":
      if (src.startsWith("TIMESTAMP"))
        return `CASE WHEN CAST(CAST(${v} AS DATE) AS TIMESTAMP) = ${v} THEN CAST(${v} AS DATE) ELSE ${bad} END`;
      return orBad(`TRY_CAST(${v} AS DATE)`);
    case "timestamp":
      // TIMESTAMP_S/_MS/_NS, TIMESTAMP WITH TIME ZONE (converted in the UTC session), DATE (midnight).
      if (src.startsWith("TIMESTAMP") || src === "DATE") return `CAST(${v} AS TIMESTAMP)`;
      return orBad(`TRY_CAST(${v} AS TIMESTAMP)`);
    default:
      return orBad(`TRY_CAST(${v} AS ${target})`);
  }
}

/** Whether a source type can hold values of `t` at all (a BLOB or a list never can). */
export function compatible(source: string, t: ValueType): boolean {
  const src = source.toUpperCase();
  if (
    src === "BLOB" ||
    src.endsWith("[]") ||
    src.startsWith("STRUCT") ||
    src.startsWith("MAP") ||
    src.startsWith("UNION")
  )
    return false;
  if (t.kind === "string" || t.kind === "enum" || src === "VARCHAR") return true;
  const numeric = /INT|DECIMAL|DOUBLE|FLOAT|REAL|HUGE/.test(src);
  switch (t.kind) {
    case "int":
    case "float":
    case "decimal":
      return numeric;
    case "bool":
      return src === "BOOLEAN" || numeric;
    case "date":
    case "timestamp":
      return src === "DATE" || src.startsWith("TIMESTAMP");
    default:
      return false;
  }
}
