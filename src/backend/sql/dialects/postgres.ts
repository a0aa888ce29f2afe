import { PostgresAdapter, PostgresQueryCompiler, sql } from "kysely";
import { compilerOnly, type Dialect, type Sql } from "../dialect.js";
import { postgresLiterals } from "../literals.js";
import { CALENDAR_UNIT_MONTHS, FIXED_UNIT_MS } from "../../../plan/types.js";

const tsText = (iso: string) => iso.replace("T", " ").replace("Z", "");

export const postgres: Dialect = {
  name: "postgres",
  literals: postgresLiterals,
  // lower/upper follow the database's LC_CTYPE: a C-locale database folds only ASCII.
  capabilities: { lowerUnicode: true, roundFloat: true },
  db: compilerOnly(
    () => new PostgresAdapter(),
    () => new PostgresQueryCompiler(),
  ),
  types: { double: "double precision", bigint: "bigint", decimal: (s) => `numeric(38, ${s})` },
  timestampLiteral: (iso) =>
    sql`TIMESTAMP ${sql.raw(postgresLiterals.string(tsText(iso)).ok ? `'${tsText(iso)}'` : "NULL")}`,
  dateLiteral: (ymd) => sql`DATE ${sql.raw(`'${ymd}'`)}`,
  now: () => sql`CAST((now() AT TIME ZONE 'UTC') AS timestamp(3))`,
  nowParam: () => sql`CAST(${sql.raw("$1")} AS timestamp(3))`,
  shift(t, amount, unit) {
    const fixed = FIXED_UNIT_MS[unit];
    const text =
      fixed !== undefined ? `${(amount * fixed) / 1000} seconds` : `${amount * CALENDAR_UNIT_MONTHS[unit]!} months`;
    return sql`(${t} + INTERVAL ${sql.raw(`'${text}'`)})`;
  },
  dateToTimestamp: (d) => sql`CAST(${d} AS timestamp)`,
  stringKey: (x) => sql`(${x} COLLATE "C")`,
  // Back to the database's collation, so lower/upper use its full case mapping again.
  fromStringKey: (x) => sql`(${x} COLLATE "default")`,
  toDouble: (x) => sql`CAST(${x} AS double precision)`,
  charLength: (x) => sql`char_length(${x})`,
  lower: (x) => sql`lower(${x})`,
  upper: (x) => sql`upper(${x})`,
  trim: (x) => sql`btrim(${x}, ' ')`,
  part: (part, t) =>
    sql`CAST(EXTRACT(${sql.raw(part === "isodow" ? "ISODOW" : part.toUpperCase())} FROM ${t}) AS bigint)`,
  dateOf: (t) => sql`CAST(${t} AS date)`,
  epochMs: (t) => sql`(EXTRACT(EPOCH FROM CAST(${t} AS timestamp)) * 1000)`,
  round(x, digits, type) {
    // float8 → text is the shortest decimal that round-trips: the value the language rounds.
    const exact = type.kind === "float" ? sql`CAST(CAST(${x} AS text) AS numeric)` : sql`CAST(${x} AS numeric)`;
    const r = sql`round(${exact}, ${sql.raw(String(digits))})`;
    return type.kind === "float"
      ? sql`CAST(${r} AS double precision)`
      : type.kind === "int"
        ? sql`CAST(${r} AS bigint)`
        : r;
  },
  contains: (h, n) => sql`(strpos(${h}, ${n}) > 0)`,
  startsWith: (s, p) => sql`(left(${s}, char_length(${p})) = ${p})`,
  endsWith: (s, p) => sql`(right(${s}, char_length(${p})) = ${p})`,
  decimalResult: (x) => x,
  floorDiv: (a, b) => sql`CAST(floor(${a} / ${sql.raw(String(b))}) AS bigint)`,
};

export type { Sql };
