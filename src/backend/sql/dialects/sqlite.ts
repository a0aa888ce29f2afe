import { SqliteAdapter, SqliteQueryCompiler, sql } from "kysely";
import { compilerOnly, type Dialect, type Sql } from "../dialect.js";
import { sqliteLiterals } from "../literals.js";
import { CALENDAR_UNIT_MONTHS, FIXED_UNIT_MS } from "../../../plan/types.js";

// Timestamps are TEXT 'YYYY-MM-DD HH:MM:SS.SSS' (UTC), dates 'YYYY-MM-DD', booleans 0/1,
// decimals numeric (REAL): decimal results are rounded back to their scale.
const TS = "'%Y-%m-%d %H:%M:%f'";
const tsText = (iso: string) => iso.replace("T", " ").replace("Z", "");

/** Month shift clamped to the target month's last day (SQLite's own modifier overflows). */
function shiftMonths(t: Sql, months: number): Sql {
  const start = sql`date(${t}, 'start of month', ${sql.raw(`'${months >= 0 ? "+" : ""}${months} months'`)})`;
  const lastDay = sql`CAST(strftime('%d', ${start}, '+1 month', '-1 day') AS INTEGER)`;
  const day = sql`min(CAST(strftime('%d', ${t}) AS INTEGER), ${lastDay})`;
  return sql`(date(${start}, '+' || (${day} - 1) || ' days') || ' ' || strftime('%H:%M:%f', ${t}))`;
}

export const sqlite: Dialect = {
  name: "sqlite",
  literals: sqliteLiterals,
  // SQLite's lower/upper fold ASCII only.
  // CAST(real AS TEXT) keeps 15 digits, not the shortest decimal, so float rounding could differ.
  capabilities: { lowerUnicode: false, roundFloat: false },
  db: compilerOnly(
    () => new SqliteAdapter(),
    () => new SqliteQueryCompiler(),
  ),
  types: { double: "REAL", bigint: "INTEGER", decimal: () => "NUMERIC" },
  timestampLiteral: (iso) => sql.raw(`'${tsText(iso)}'`),
  dateLiteral: (ymd) => sql.raw(`'${ymd}'`),
  now: () => sql`strftime(${sql.raw(TS)}, 'now')`,
  nowParam: () => sql`strftime(${sql.raw(TS)}, :now)`,
  shift(t, amount, unit) {
    const fixed = FIXED_UNIT_MS[unit];
    if (fixed === undefined) return shiftMonths(t, amount * CALENDAR_UNIT_MONTHS[unit]!);
    const seconds = (amount * fixed) / 1000;
    return sql`strftime(${sql.raw(TS)}, ${t}, ${sql.raw(`'${seconds >= 0 ? "+" : ""}${seconds} seconds'`)})`;
  },
  dateToTimestamp: (d) => sql`(${d} || ' 00:00:00.000')`,
  stringKey: (x) => x,
  fromStringKey: (x) => x,
  toDouble: (x) => sql`CAST(${x} AS REAL)`,
  charLength: (x) => sql`length(${x})`,
  lower: (x) => sql`lower(${x})`,
  upper: (x) => sql`upper(${x})`,
  trim: (x) => sql`trim(${x}, ' ')`,
  part(part, t) {
    if (part === "isodow") return sql`(((CAST(strftime('%w', ${t}) AS INTEGER) + 6) % 7) + 1)`;
    const f = { year: "%Y", month: "%m", day: "%d", hour: "%H" }[part];
    return sql`CAST(strftime(${sql.raw(`'${f}'`)}, ${t}) AS INTEGER)`;
  },
  dateOf: (t) => sql`date(${t})`,
  epochMs: (t) => sql`CAST(round((julianday(${t}) - 2440587.5) * 86400000) AS INTEGER)`,
  round(x, digits, type) {
    if (type.kind === "int") return x;
    if (type.kind !== "decimal" || digits >= type.scale) return sql`round(${x}, ${sql.raw(String(digits))})`;
    // Decimals are stored as doubles (1.005 is 1.00499…): round the scaled integer instead.
    const units = sql`CAST(round(${x} * ${sql.raw(`1e${type.scale}`)}) AS INTEGER)`;
    const q = 10 ** (type.scale - digits);
    const rounded = sql`(CASE WHEN ${units} < 0 THEN -1 ELSE 1 END) * ((abs(${units}) + ${sql.raw(String(q / 2))}) / ${sql.raw(String(q))})`;
    return sql`round(${rounded} / ${sql.raw(`1e${digits}`)}, ${sql.raw(String(digits))})`;
  },
  contains: (h, n) => sql`(instr(${h}, ${n}) > 0)`,
  startsWith: (s, p) => sql`(substr(${s}, 1, length(${p})) = ${p})`,
  endsWith: (s, p) => sql`(substr(${s}, length(${s}) - length(${p}) + 1) = ${p})`,
  decimalResult: (x, scale) => sql`round(${x}, ${sql.raw(String(scale))})`,
  // floor() needs SQLite's optional math functions; integer arithmetic does not.
  floorDiv(a, b) {
    const n = sql.raw(String(b));
    return sql`((${a} - (((${a} % ${n}) + ${n}) % ${n})) / ${n})`;
  },
};
