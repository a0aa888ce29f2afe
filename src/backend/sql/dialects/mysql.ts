import { MysqlAdapter, MysqlQueryCompiler, sql } from "kysely";
import { compilerOnly, UNIT_SQL, type Dialect } from "../dialect.js";
import { mysqlLiterals } from "../literals.js";

const tsText = (iso: string) => iso.replace("T", " ").replace("Z", "");

// MySQL 8 and MariaDB 10.11. Strings compare as binary (UTF-8 bytes order like code points,
// and binary strings never pad), whatever the column's collation.
export const mysql: Dialect = {
  name: "mysql",
  literals: mysqlLiterals,
  capabilities: { lowerUnicode: true, roundFloat: true },
  db: compilerOnly(
    () => new MysqlAdapter(),
    () => new MysqlQueryCompiler(),
  ),
  types: { double: "DOUBLE", bigint: "SIGNED", decimal: (s) => `DECIMAL(38, ${s})` },
  timestampLiteral: (iso) => sql`TIMESTAMP ${sql.raw(`'${tsText(iso)}'`)}`,
  dateLiteral: (ymd) => sql`DATE ${sql.raw(`'${ymd}'`)}`,
  now: () => sql`UTC_TIMESTAMP(3)`,
  nowParam: () => sql`CAST(@now AS DATETIME(3))`,
  shift: (t, amount, unit) => sql`DATE_ADD(${t}, INTERVAL ${sql.raw(String(amount))} ${sql.raw(UNIT_SQL[unit])})`,
  dateToTimestamp: (d) => sql`CAST(${d} AS DATETIME(3))`,
  stringKey: (x) => sql`CAST(${x} AS BINARY)`,
  fromStringKey: (x) => sql`CONVERT(${x} USING utf8mb4)`,
  toDouble: (x) => sql`CAST(${x} AS DOUBLE)`,
  charLength: (x) => sql`CHAR_LENGTH(${x})`,
  lower: (x) => sql`LOWER(${x})`,
  upper: (x) => sql`UPPER(${x})`,
  trim: (x) => sql`TRIM(BOTH ' ' FROM ${x})`,
  part: (part, t) => (part === "isodow" ? sql`(WEEKDAY(${t}) + 1)` : sql`${sql.raw(part.toUpperCase())}(${t})`),
  dateOf: (t) => sql`DATE(${t})`,
  epochMs: (t) => sql`(TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', ${t}) DIV 1000)`,
  round(x, digits, type) {
    // A double prints as its shortest decimal; round that, as the language says.
    const exact = type.kind === "float" ? sql`CAST(CAST(${x} AS CHAR) AS DECIMAL(65, 30))` : x;
    const r = sql`ROUND(${exact}, ${sql.raw(String(digits))})`;
    return type.kind === "float" ? sql`CAST(${r} AS DOUBLE)` : r;
  },
  contains: (h, n) => sql`(LOCATE(CAST(${n} AS BINARY), CAST(${h} AS BINARY)) > 0)`,
  startsWith: (s, p) => sql`(LEFT(CAST(${s} AS BINARY), LENGTH(CAST(${p} AS BINARY))) = CAST(${p} AS BINARY))`,
  endsWith: (s, p) => sql`(RIGHT(CAST(${s} AS BINARY), LENGTH(CAST(${p} AS BINARY))) = CAST(${p} AS BINARY))`,
  decimalResult: (x) => x,
  floorDiv: (a, b) => sql`CAST(FLOOR(${a} / ${sql.raw(String(b))}) AS SIGNED)`,
};
