import { PostgresAdapter, PostgresQueryCompiler, sql } from "kysely";
import { compilerOnly, type Dialect } from "../dialect.js";
import { duckdbLiterals } from "../literals.js";
import { CALENDAR_UNIT_MONTHS, FIXED_UNIT_MS } from "../../../plan/types.js";

const tsText = (iso: string) => iso.replace("T", " ").replace("Z", "");

export const duckdb: Dialect = {
  name: "duckdb",
  literals: duckdbLiterals,
  capabilities: { lowerUnicode: true, roundFloat: true },
  db: compilerOnly(
    () => new PostgresAdapter(),
    () => new PostgresQueryCompiler(),
  ),
  types: { double: "DOUBLE", bigint: "BIGINT", decimal: (s) => `DECIMAL(38, ${s})` },
  timestampLiteral: (iso) => sql`TIMESTAMP ${sql.raw(`'${tsText(iso)}'`)}`,
  dateLiteral: (ymd) => sql`DATE ${sql.raw(`'${ymd}'`)}`,
  now: () => sql`make_timestamp(epoch_us(get_current_timestamp()))`,
  nowParam: () => sql`CAST(${sql.raw("$now")} AS TIMESTAMP)`,
  shift(t, amount, unit) {
    const fixed = FIXED_UNIT_MS[unit];
    // Fixed units as microsecond arithmetic: DuckDB's optimizer treats INTERVAL 30 DAY and
    // INTERVAL 1 MONTH as equal and merges them (research/engines.md section 6).
    if (fixed !== undefined)
      return sql`make_timestamp(epoch_us(${t}) + ${sql.raw(String(BigInt(amount) * BigInt(fixed) * 1000n))})`;
    return sql`(${t} + to_months(${sql.raw(String(amount * CALENDAR_UNIT_MONTHS[unit]!))}))`;
  },
  dateToTimestamp: (d) => sql`CAST(${d} AS TIMESTAMP)`,
  stringKey: (x) => x,
  fromStringKey: (x) => x,
  toDouble: (x) => sql`CAST(${x} AS DOUBLE)`,
  charLength: (x) => sql`length(${x})`,
  lower: (x) => sql`lower(${x})`,
  upper: (x) => sql`upper(${x})`,
  trim: (x) => sql`trim(${x}, ' ')`,
  part: (part, t) => sql`CAST(${sql.raw(part)}(${t}) AS BIGINT)`,
  dateOf: (t) => sql`CAST(${t} AS DATE)`,
  epochMs: (t) => sql`epoch_ms(CAST(${t} AS TIMESTAMP))`,
  round(x, digits, type) {
    if (type.kind === "float") {
      // Round the shortest decimal that prints the double; beyond 1e15 a double has no fraction to round.
      const exact = sql`round(CAST(CAST(${x} AS VARCHAR) AS DECIMAL(38, 20)), ${sql.raw(String(digits))})`;
      return sql`(CASE WHEN abs(${x}) >= 1e15 THEN ${x} ELSE CAST(${exact} AS DOUBLE) END)`;
    }
    const r = sql`round(${x}, ${sql.raw(String(digits))})`;
    return type.kind === "int" ? sql`CAST(${r} AS BIGINT)` : r;
  },
  contains: (h, n) => sql`(strpos(${h}, ${n}) > 0)`,
  startsWith: (s, p) => sql`starts_with(${s}, ${p})`,
  endsWith: (s, p) => sql`suffix(${s}, ${p})`,
  decimalResult: (x) => x,
  floorDiv: (a, b) => sql`CAST(floor(${a} / ${sql.raw(String(b))}) AS BIGINT)`,
};
