// A MariaDB (or MySQL) server, used only when SEG_TEST_MYSQL_URL is set. Each session
// creates its own database seg_<random>, works in it (USE) and drops it on close.
//
// Storage: int BIGINT, float DOUBLE, decimal DECIMAL(38,s), string LONGTEXT CHARACTER SET
// utf8mb4 (holds any text), bool BOOLEAN (= TINYINT(1), reads back as 0/1), date DATE,
// timestamp DATETIME(3) holding UTC. Tables and databases declare charset utf8mb4 and
// no collation, so they get the server's default for utf8mb4 (utf8mb4_general_ci on
// MariaDB 10.11: case- and accent-insensitive, PAD SPACE); the compiler must pin its
// own collation. The session runs SET NAMES utf8mb4 and time_zone '+00:00' and keeps
// the server's sql_mode.
//
// Isolation caveat: a schema-qualified table `analytics.orders` is table `orders` of
// database `analytics`, which every parallel session would share. A session therefore
// holds the named lock GET_LOCK('seg-harness-schema:analytics') from the load that
// creates it until close, so such sessions run one at a time; close drops its tables and
// the database once it is empty.

import { createHash } from "node:crypto";

import mysql from "mysql2/promise";

import { mysqlLiterals, unwrapSql } from "../../../src/backend/sql/literals.js";
import type { ColumnType, Engine, EngineSession, QueryParam, Row, TableData, Value } from "./types.js";
import {
  applyDeclaredTypes,
  batches,
  canonicalDecimal,
  canonicalTimestamp,
  normaliseBigInt,
  normaliseIntegerText,
  prepareTable,
  randomSuffix,
  splitTableName,
  type Prepared,
} from "./values.js";

export const MYSQL_URL_VARIABLE = "SEG_TEST_MYSQL_URL";

const lit = mysqlLiterals;
const id = (name: string): string => unwrapSql(lit.identifier(name));

const SCHEMA_LOCK_SECONDS = 120;
const SYSTEM_SCHEMAS = new Set(["mysql", "information_schema", "performance_schema", "sys"]);

function sqlType(type: ColumnType): string {
  if (typeof type === "object") return `DECIMAL(38,${type.decimal})`;
  switch (type) {
    case "int":
      return "BIGINT";
    case "float":
      return "DOUBLE";
    case "string":
      return "LONGTEXT CHARACTER SET utf8mb4";
    case "bool":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "timestamp":
      return "DATETIME(3)";
  }
}

function wire(value: Prepared): string | number | null {
  if (value === null || typeof value === "number") return value;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? 1 : 0;
  if ("decimal" in value) return value.decimal;
  if ("text" in value) return value.text;
  if ("date" in value) return value.date;
  return value.timestamp;
}

function bindable(param: QueryParam): string | number | null {
  if (typeof param === "bigint") return param.toString();
  if (typeof param === "boolean") return param ? 1 : 0;
  return param;
}

// mysql2 column type codes (MYSQL_TYPE_*).
const DECIMAL_TYPES = new Set([0, 246]);
const LONGLONG = 8;
const DATETIME_TYPES = new Set([7, 12]);

function normalise(value: unknown, columnType: number | undefined): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    if (columnType === undefined) return value;
    if (DECIMAL_TYPES.has(columnType)) return canonicalDecimal(value);
    if (columnType === LONGLONG) return normaliseIntegerText(value);
    if (DATETIME_TYPES.has(columnType)) return canonicalTimestamp(value);
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return normaliseBigInt(value);
  if (value instanceof Uint8Array) return new Uint8Array(value); // binary strings arrive as Buffer
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function lockName(schema: string): string {
  const name = `seg-harness-schema:${schema}`;
  // Lock names are limited to 64 characters.
  return name.length <= 64
    ? name
    : `seg-harness-schema#${createHash("sha256").update(schema).digest("hex").slice(0, 40)}`;
}

export const mariadbEngine: Engine = {
  name: "mariadb",
  dialect: "mysql",
  available() {
    return process.env[MYSQL_URL_VARIABLE]
      ? { ok: true }
      : { ok: false, reason: `${MYSQL_URL_VARIABLE} is not set (e.g. mysql://root@127.0.0.1:3306/test)` };
  },
  placeholder: () => "?",
  async open(): Promise<EngineSession> {
    const url = process.env[MYSQL_URL_VARIABLE];
    if (!url) throw new Error(`${MYSQL_URL_VARIABLE} is not set`);
    const connection = await mysql.createConnection({
      uri: url,
      multipleStatements: true, // for exec(); query() uses prepared statements, one at a time
      supportBigNumbers: true,
      bigNumberStrings: true, // BIGINT and DECIMAL as text, normalised below
      decimalNumbers: false,
      dateStrings: true, // DATE/DATETIME as text: no Date built in the client's zone
      maxPreparedStatements: 64, // closes old server-side statements (max_prepared_stmt_count is global)
    });
    // A dropped connection emits 'error'; unhandled, it would kill the test process.
    connection.on("error", () => {});
    const database = `seg_${randomSuffix()}`;
    const sharedTables: string[] = []; // tables outside our own database
    const lockedSchemas = new Set<string>();
    try {
      await connection.query("SET NAMES utf8mb4");
      await connection.query("SET time_zone = '+00:00'");
      await connection.query(`CREATE DATABASE ${id(database)} CHARACTER SET utf8mb4`);
      await connection.query(`USE ${id(database)}`);
    } catch (error) {
      await connection.end();
      throw error;
    }

    const run = async (sql: string, params: (string | number | null)[]): Promise<void> => {
      await connection.execute(sql, params);
    };

    const claimSchema = async (schema: string): Promise<void> => {
      if (schema === database || lockedSchemas.has(schema)) return;
      if (SYSTEM_SCHEMAS.has(schema.toLowerCase())) throw new Error(`refusing to create tables in ${schema}`);
      const [rows] = await connection.execute<mysql.RowDataPacket[]>("SELECT GET_LOCK(?, ?) AS got", [
        lockName(schema),
        SCHEMA_LOCK_SECONDS,
      ]);
      if (Number(rows[0]?.["got"]) !== 1)
        throw new Error(
          `waited ${SCHEMA_LOCK_SECONDS} s for schema ${schema}: another session holds it (here or in a parallel process)`,
        );
      lockedSchemas.add(schema);
      await connection.query(`CREATE DATABASE IF NOT EXISTS ${id(schema)} CHARACTER SET utf8mb4`);
    };

    const createTable = async (table: TableData, rows: Prepared[][]): Promise<void> => {
      const { schema } = splitTableName(table.name);
      if (schema) await claimSchema(schema);
      const name = unwrapSql(lit.table(table.name));
      // Under the lock, a shared table left behind by a crashed session is stale.
      await connection.query(`DROP TABLE IF EXISTS ${name}`);
      if (schema) sharedTables.push(name);
      const columns = table.columns.map((c) => `${id(c.name)} ${sqlType(c.type)}${c.nullable ? "" : " NOT NULL"}`);
      await connection.query(`CREATE TABLE ${name} (${columns.join(", ")}) DEFAULT CHARSET=utf8mb4`);
      const tuple = `(${table.columns.map(() => "?").join(", ")})`;
      for (const batch of batches(rows, table.columns.length, 60_000)) {
        await run(`INSERT INTO ${name} VALUES ${batch.map(() => tuple).join(", ")}`, batch.flat().map(wire));
      }
    };

    const session: EngineSession = {
      engine: mariadbEngine,
      async load(tables) {
        const prepared = tables.map(prepareTable); // every row checked before anything is created
        for (const [t, table] of tables.entries()) await createTable(table, prepared[t]!);
      },
      async query(sql, params = [], options) {
        // A server-side prepared statement holds exactly one statement.
        const [result, fields] = await connection.execute({ sql, values: params.map(bindable), rowsAsArray: true });
        if (!Array.isArray(result)) return [];
        const rows = (result as unknown[][]).map((values) => {
          const row: Row = {};
          fields.forEach((field, i) => (row[field.name] = normalise(values[i], field.columnType)));
          return row;
        });
        return applyDeclaredTypes(rows, options);
      },
      async exec(sql) {
        await connection.query(sql);
      },
      async close() {
        try {
          for (const table of sharedTables.reverse()) await connection.query(`DROP TABLE IF EXISTS ${table}`);
          for (const schema of lockedSchemas) {
            const [rows] = await connection.execute<mysql.RowDataPacket[]>(
              "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
              [schema],
            );
            if (Number(rows[0]?.["n"]) === 0) await connection.query(`DROP DATABASE IF EXISTS ${id(schema)}`);
          }
          await connection.query(`DROP DATABASE IF EXISTS ${id(database)}`);
        } finally {
          await connection.end(); // also releases the schema locks
        }
      },
    };
    return session;
  },
};
