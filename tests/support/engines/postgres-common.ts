// What PGlite and the PostgreSQL server share: column types, load statements and
// result normalisation by type OID.

import { postgresLiterals, unwrapSql } from "../../../src/backend/sql/literals.js";
import type { ColumnType, QueryParam, TableData, Value } from "./types.js";
import {
  batches,
  canonicalDecimal,
  canonicalTimestamp,
  normaliseBigInt,
  normaliseIntegerText,
  prepareTable,
  splitTableName,
  type Prepared,
} from "./values.js";

const lit = postgresLiterals;

export const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

/** Types whose driver parsing we replace by the raw text (pg parses DATE as local midnight). */
export const RAW_TEXT_OIDS: readonly number[] = Object.values(OID);

export function sqlType(type: ColumnType): string {
  if (typeof type === "object") return `NUMERIC(38,${type.decimal})`;
  switch (type) {
    case "int":
      return "BIGINT";
    case "float":
      return "DOUBLE PRECISION";
    case "string":
      return "TEXT";
    case "bool":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "timestamp":
      return "TIMESTAMP(3)";
  }
}

function wire(value: Prepared): unknown {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if ("decimal" in value) return value.decimal;
  if ("text" in value) return value.text;
  if ("date" in value) return value.date;
  return value.timestamp;
}

export function bindable(param: QueryParam): unknown {
  return typeof param === "bigint" ? param.toString() : param;
}

/** The statements that create and fill `tables`, with their parameters. */
export function loadStatements(tables: readonly TableData[]): { sql: string; params: unknown[] }[] {
  const out: { sql: string; params: unknown[] }[] = [];
  const schemas = new Set<string>();
  for (const table of tables) {
    const { schema } = splitTableName(table.name);
    if (schema && !schemas.has(schema)) {
      schemas.add(schema);
      out.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${unwrapSql(lit.identifier(schema))}`, params: [] });
    }
    const name = unwrapSql(lit.table(table.name));
    const columns = table.columns.map(
      (c) => `${unwrapSql(lit.identifier(c.name))} ${sqlType(c.type)}${c.nullable ? "" : " NOT NULL"}`,
    );
    out.push({ sql: `DROP TABLE IF EXISTS ${name}`, params: [] });
    out.push({ sql: `CREATE TABLE ${name} (${columns.join(", ")})`, params: [] });
    const casts = table.columns.map((c) => sqlType(c.type));
    for (const batch of batches(prepareTable(table), casts.length, 60_000)) {
      let n = 0;
      const tuples = batch.map((row) => `(${row.map((_, i) => `CAST($${++n} AS ${casts[i]})`).join(", ")})`);
      out.push({ sql: `INSERT INTO ${name} VALUES ${tuples.join(", ")}`, params: batch.flat().map(wire) });
    }
  }
  return out;
}

/** Normalises one value given its column's type OID (the raw-text types arrive as text). */
export function normalise(value: unknown, oid: number): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    switch (oid) {
      case OID.int8:
        return normaliseIntegerText(value);
      case OID.numeric:
        return canonicalDecimal(value);
      case OID.timestamp:
      case OID.timestamptz:
        return canonicalTimestamp(value);
      default:
        return value;
    }
  }
  if (typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "bigint") return normaliseBigInt(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Date) return value.toISOString();
  // json, arrays and other structured values: their JSON text.
  return JSON.stringify(value);
}
