// A dialect is a handful of hooks and capability flags; the emitter never asks which engine it is.
import {
  DummyDriver,
  Kysely,
  type DialectAdapter,
  type QueryCompiler,
  PostgresIntrospector,
  type RawBuilder,
} from "kysely";
import type { TimeUnit } from "../../syntax/ast.js";
import type { ValueType } from "../../plan/types.js";
import type { LiteralStyle, SqlDialect } from "./literals.js";

export type Sql = RawBuilder<unknown>;

export interface Capabilities {
  /** `lower`/`upper` fold the whole Unicode range. */
  readonly lowerUnicode: boolean;
  /** `round` of a float can start from the shortest decimal that prints the double. */
  readonly roundFloat: boolean;
}

export interface Dialect {
  readonly name: SqlDialect;
  readonly literals: LiteralStyle;
  readonly capabilities: Capabilities;
  /** A kysely instance used only as a compiler (no connection). */
  readonly db: Kysely<Record<string, never>>;
  readonly types: { readonly double: string; readonly bigint: string; decimal(scale: number): string };
  timestampLiteral(iso: string): Sql;
  dateLiteral(ymd: string): Sql;
  /** The engine clock as a UTC timestamp. */
  now(): Sql;
  /** `now` left as a named parameter. */
  nowParam(): Sql;
  /** Calendar shift with month-end clamping. */
  shift(t: Sql, amount: number, unit: TimeUnit): Sql;
  dateToTimestamp(d: Sql): Sql;
  /** An expression that compares, orders and groups by code point. */
  stringKey(x: Sql): Sql;
  /** Back from `stringKey` to text (for values that come out of MIN/MAX/GROUP BY). */
  fromStringKey(x: Sql): Sql;
  toDouble(x: Sql): Sql;
  charLength(x: Sql): Sql;
  lower(x: Sql): Sql;
  upper(x: Sql): Sql;
  trim(x: Sql): Sql;
  part(part: "year" | "month" | "day" | "hour" | "isodow", t: Sql): Sql;
  dateOf(t: Sql): Sql;
  epochMs(t: Sql): Sql;
  round(x: Sql, digits: number, type: ValueType): Sql;
  contains(hay: Sql, needle: Sql): Sql;
  startsWith(s: Sql, prefix: Sql): Sql;
  endsWith(s: Sql, suffix: Sql): Sql;
  /** Decimal results where the engine stores decimals as doubles: round back to the scale. */
  decimalResult(x: Sql, scale: number): Sql;
  /** Integer division rounding down, for exact day counts. */
  floorDiv(a: Sql, b: number): Sql;
}

/** kysely as a cold compiler: the DummyDriver recipe from its docs. */
export function compilerOnly(
  createAdapter: () => DialectAdapter,
  createQueryCompiler: () => QueryCompiler,
): Kysely<Record<string, never>> {
  return new Kysely<Record<string, never>>({
    dialect: {
      createAdapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler,
    },
  });
}

export const UNIT_SQL: Record<TimeUnit, string> = {
  minute: "MINUTE",
  hour: "HOUR",
  day: "DAY",
  week: "WEEK",
  month: "MONTH",
  quarter: "QUARTER",
  year: "YEAR",
};
