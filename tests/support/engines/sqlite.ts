// SQLite in process through sql.js (WASM), one in-memory database per session.
//
// Storage convention (the compiler's SQLite dialect must read data stored this way):
//   int       INTEGER   64-bit integer
//   float     REAL
//   decimal   DECIMAL(38,s), NUMERIC affinity: the text "12.50" is stored as REAL 12.5
//             and "12.00" as INTEGER 12; only about 15 significant digits survive
//             (SQLite has no exact decimal type), so exact sums need scaled integers
//   string    TEXT
//   bool      INTEGER 0/1
//   date      TEXT 'YYYY-MM-DD'
//   timestamp TEXT 'YYYY-MM-DD HH:MM:SS.SSS' in UTC: always milliseconds, a space, no
//             zone suffix. It is what strftime('%Y-%m-%d %H:%M:%f', …) produces, and it
//             sorts chronologically as text.
// Schema-qualified tables live in a database attached as ATTACH ':memory:' AS schema.

import initSqlJs from "sql.js";
import type { Database, SqlJsStatic, SqlValue, Statement } from "sql.js";

import { sqliteLiterals, unwrapSql } from "../../../src/backend/sql/literals.js";
import { withBomKeepingDecoders } from "./keep-bom.js";
import type { ColumnType, Engine, EngineSession, QueryParam, Row, TableData, Value } from "./types.js";
import { applyDeclaredTypes, batches, normaliseBigInt, prepareTable, splitTableName, type Prepared } from "./values.js";

const lit = sqliteLiterals;

let sqlJs: Promise<SqlJsStatic> | undefined;

// sql.js supports `useBigInt`, which its type declarations leave out.
type BigIntStatement = Statement & {
  get(params: null, config: { useBigInt: boolean }): (SqlValue | bigint)[];
};

function sqlType(type: ColumnType): string {
  if (typeof type === "object") return `DECIMAL(38,${type.decimal})`;
  switch (type) {
    case "int":
    case "bool":
      return "INTEGER";
    case "float":
      return "REAL";
    case "string":
    case "date":
    case "timestamp":
      return "TEXT";
  }
}

function bigintParam(value: bigint): SqlValue {
  // sql.js binds a BigInt as TEXT; INTEGER affinity turns digit text back into an exact integer.
  return normaliseBigInt(value);
}

function wire(value: Prepared): SqlValue {
  if (value === null || typeof value === "number") return value;
  if (typeof value === "bigint") return bigintParam(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if ("decimal" in value) return value.decimal;
  if ("text" in value) return value.text;
  if ("date" in value) return value.date;
  return value.timestamp;
}

function bindable(param: QueryParam): SqlValue {
  if (typeof param === "bigint") return bigintParam(param);
  if (typeof param === "boolean") return param ? 1 : 0;
  return param;
}

function normalise(value: SqlValue | bigint): Value {
  if (typeof value === "bigint") return normaliseBigInt(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  return value;
}

function countStatements(db: Database, sql: string): number {
  let count = 0;
  for (const statement of db.iterateStatements(sql)) {
    count++;
    statement.free();
  }
  return count;
}

export const sqliteEngine: Engine = {
  name: "sqlite",
  dialect: "sqlite",
  available: () => ({ ok: true }),
  placeholder: () => "?",
  async open(): Promise<EngineSession> {
    sqlJs ??= withBomKeepingDecoders(() => initSqlJs());
    const db = new (await sqlJs).Database();
    const attached = new Set<string>();

    const run = (sql: string, params: SqlValue[]): void => {
      const statement = db.prepare(sql);
      try {
        statement.run(params);
      } finally {
        statement.free();
      }
    };

    const session: EngineSession = {
      engine: sqliteEngine,
      async load(tables: readonly TableData[]) {
        const prepared = tables.map(prepareTable); // every row checked before anything is created
        for (const [t, table] of tables.entries()) {
          const { schema } = splitTableName(table.name);
          if (schema && !attached.has(schema)) {
            db.run(`ATTACH DATABASE ':memory:' AS ${unwrapSql(lit.identifier(schema))}`);
            attached.add(schema);
          }
          const name = unwrapSql(lit.table(table.name));
          const columns = table.columns.map(
            (c) => `${unwrapSql(lit.identifier(c.name))} ${sqlType(c.type)}${c.nullable ? "" : " NOT NULL"}`,
          );
          // An unqualified name would also find a table of an attached database.
          db.run(`DROP TABLE IF EXISTS ${schema ? name : `main.${name}`}`);
          db.run(`CREATE TABLE ${name} (${columns.join(", ")})`);
          const rows = prepared[t]!;
          const tuple = `(${table.columns.map(() => "?").join(", ")})`;
          db.run("BEGIN");
          try {
            for (const batch of batches(rows, table.columns.length, 30_000, 500)) {
              run(`INSERT INTO ${name} VALUES ${batch.map(() => tuple).join(", ")}`, batch.flat().map(wire));
            }
            db.run("COMMIT");
          } catch (error) {
            db.run("ROLLBACK");
            throw error;
          }
        }
      },
      async query(sql, params = [], options) {
        // db.prepare would silently ignore every statement after the first.
        const count = countStatements(db, sql);
        if (count !== 1) throw new Error(`query runs exactly one statement, got ${count}; use exec for scripts`);
        const statement = db.prepare(sql) as BigIntStatement;
        try {
          statement.bind(params.map(bindable));
          const names = statement.getColumnNames();
          const rows: Row[] = [];
          while (statement.step()) {
            const values = statement.get(null, { useBigInt: true });
            const row: Row = {};
            names.forEach((name, i) => (row[name] = normalise(values[i] ?? null)));
            rows.push(row);
          }
          return applyDeclaredTypes(rows, options);
        } finally {
          statement.free();
        }
      },
      async exec(sql) {
        db.exec(sql);
      },
      async close() {
        db.close();
      },
    };
    return session;
  },
};
