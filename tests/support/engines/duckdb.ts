// DuckDB in process (@duckdb/node-api), one in-memory database per session.

import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBBlobValue,
  DuckDBInstance,
  DuckDBTypeId,
  INTEGER,
  SQLNULL,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
} from "@duckdb/node-api";

import { duckdbLiterals, unwrapSql } from "../../../src/backend/sql/literals.js";
import { keepBomInDuckDB } from "./keep-bom.js";
import type { ColumnType, Engine, EngineSession, QueryParam, Row, TableData, Value } from "./types.js";
import {
  applyDeclaredTypes,
  batches,
  canonicalDecimal,
  canonicalTimestamp,
  normaliseBigInt,
  prepareTable,
  splitTableName,
  type Prepared,
} from "./values.js";

const lit = duckdbLiterals;

function sqlType(type: ColumnType): string {
  if (typeof type === "object") return `DECIMAL(38,${type.decimal})`;
  switch (type) {
    case "int":
      return "BIGINT";
    case "float":
      return "DOUBLE";
    case "string":
      return "VARCHAR";
    case "bool":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "timestamp":
      return "TIMESTAMP";
  }
}

function wire(value: Prepared): DuckDBValue {
  if (value === null || typeof value !== "object") return value;
  if ("decimal" in value) return value.decimal;
  if ("text" in value) return value.text;
  if ("date" in value) return value.date;
  return value.timestamp;
}

// Parameter types are explicit because the driver infers INTEGER/BIGINT for any
// integral number, so binding -1.5e300 fails with "bigint out of int64 range".
function wireType(type: ColumnType): DuckDBType {
  if (type === "int") return BIGINT;
  if (type === "float") return DOUBLE;
  if (type === "bool") return BOOLEAN;
  return VARCHAR;
}

function bindableType(param: QueryParam): DuckDBType {
  if (param === null) return SQLNULL;
  if (typeof param === "boolean") return BOOLEAN;
  if (typeof param === "string") return VARCHAR;
  if (typeof param === "bigint") return BIGINT;
  if (Number.isSafeInteger(param)) return param >= -(2 ** 31) && param < 2 ** 31 ? INTEGER : BIGINT;
  return DOUBLE;
}

const TIMESTAMP_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

function normalise(value: DuckDBValue, typeId: DuckDBTypeId): Value {
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
    return value;
  }
  if (typeof value === "bigint") return normaliseBigInt(value);
  if (value instanceof DuckDBBlobValue) return new Uint8Array(value.bytes);
  if (typeId === DuckDBTypeId.DECIMAL) return canonicalDecimal(String(value));
  if (TIMESTAMP_TYPES.has(typeId)) return canonicalTimestamp(String(value));
  // DATE prints as YYYY-MM-DD; intervals, lists and the rest keep DuckDB's text form.
  return String(value);
}

export const duckdbEngine: Engine = {
  name: "duckdb",
  dialect: "duckdb",
  available: () => ({ ok: true }),
  placeholder: (index) => `$${index}`,
  async open(): Promise<EngineSession> {
    keepBomInDuckDB();
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    // TIMESTAMP has no zone, but now() and casts to TIMESTAMPTZ follow this setting.
    await connection.run("SET TimeZone = 'UTC'");

    const query = async (sql: string, params: readonly QueryParam[] = []): Promise<Row[]> => {
      // prepare() refuses a second statement, which is the contract of `query`.
      const statement = await connection.prepare(sql);
      try {
        if (params.length > 0) statement.bind([...params], params.map(bindableType));
        const reader = await statement.runAndReadAll();
        const names = reader.columnNames();
        const typeIds = names.map((_, i) => reader.columnTypeId(i));
        return reader.getRows().map((values) => {
          const row: Row = {};
          names.forEach((name, i) => (row[name] = normalise(values[i] ?? null, typeIds[i]!)));
          return row;
        });
      } finally {
        statement.destroySync();
      }
    };

    const session: EngineSession = {
      engine: duckdbEngine,
      async load(tables: readonly TableData[]) {
        const prepared = tables.map(prepareTable); // every row checked before anything is created
        for (const [t, table] of tables.entries()) {
          const { schema } = splitTableName(table.name);
          if (schema) await connection.run(`CREATE SCHEMA IF NOT EXISTS ${unwrapSql(lit.identifier(schema))}`);
          const name = unwrapSql(lit.table(table.name));
          const columns = table.columns.map(
            (c) => `${unwrapSql(lit.identifier(c.name))} ${sqlType(c.type)}${c.nullable ? "" : " NOT NULL"}`,
          );
          await connection.run(`DROP TABLE IF EXISTS ${name}`);
          await connection.run(`CREATE TABLE ${name} (${columns.join(", ")})`);
          const rows = prepared[t]!;
          const types = table.columns.map((c) => wireType(c.type));
          for (const batch of batches(rows, types.length, 20_000)) {
            let n = 0;
            // No CAST: INSERT converts the text of decimals and times to the column type,
            // exactly and twice as fast as explicit casts (measured).
            const tuples = batch.map((row) => `(${row.map(() => `$${++n}`).join(", ")})`);
            const sql = `INSERT INTO ${name} VALUES ${tuples.join(", ")}`;
            await connection.run(
              sql,
              batch.flat().map(wire),
              batch.flatMap(() => types),
            );
          }
        }
      },
      async query(sql, params, options) {
        return applyDeclaredTypes(await query(sql, params), options);
      },
      async exec(sql) {
        await connection.run(sql);
      },
      async close() {
        connection.closeSync();
        instance.closeSync();
      },
    };
    return session;
  },
};
