// A PostgreSQL server, used only when SEG_TEST_POSTGRES_URL is set. Each session
// creates its own database (tests run in parallel processes) and drops it on close.

import pg from "pg";

import { postgresLiterals, unwrapSql } from "../../../src/backend/sql/literals.js";
import type { Engine, EngineSession, Row } from "./types.js";
import { bindable, loadStatements, normalise, RAW_TEXT_OIDS } from "./postgres-common.js";
import { applyDeclaredTypes, randomSuffix } from "./values.js";

export const POSTGRES_URL_VARIABLE = "SEG_TEST_POSTGRES_URL";

const rawTextOids = new Set(RAW_TEXT_OIDS);

// Per-client parsers: changing pg.types globally would leak into other code in the process.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    rawTextOids.has(oid)
      ? (text: string) => text
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

async function connect(url: string, database?: string): Promise<pg.Client> {
  const target = new URL(url);
  if (database) target.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: target.toString(), options: "-c TimeZone=UTC", types });
  // A dropped connection emits 'error'; unhandled, it would kill the test process.
  client.on("error", () => {});
  await client.connect();
  return client;
}

export const postgresEngine: Engine = {
  name: "postgres",
  dialect: "postgres",
  available() {
    return process.env[POSTGRES_URL_VARIABLE]
      ? { ok: true }
      : { ok: false, reason: `${POSTGRES_URL_VARIABLE} is not set (e.g. postgres://postgres@127.0.0.1:5432/test)` };
  },
  placeholder: (index) => `$${index}`,
  async open(): Promise<EngineSession> {
    const url = process.env[POSTGRES_URL_VARIABLE];
    if (!url) throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
    const database = `seg_${randomSuffix()}`;
    const quoted = unwrapSql(postgresLiterals.identifier(database));
    const admin = await connect(url);
    try {
      // template0 with UTF8: the cluster's default locale, but never a non-UTF8 template.
      await admin.query(`CREATE DATABASE ${quoted} TEMPLATE template0 ENCODING 'UTF8'`);
    } finally {
      await admin.end();
    }
    let client: pg.Client;
    try {
      client = await connect(url, database);
    } catch (error) {
      await dropDatabase(url, quoted);
      throw error;
    }

    const session: EngineSession = {
      engine: postgresEngine,
      async load(tables) {
        await client.query("BEGIN");
        try {
          for (const statement of loadStatements(tables)) await client.query(statement.sql, statement.params);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      },
      async query(sql, params = [], options) {
        // The extended protocol refuses a second statement, even without parameters.
        const config = { text: sql, values: params.map(bindable), rowMode: "array" as const, queryMode: "extended" };
        const result = await client.query<unknown[]>(config);
        const rows = result.rows.map((values) => {
          const row: Row = {};
          result.fields.forEach((field, i) => (row[field.name] = normalise(values[i], field.dataTypeID)));
          return row;
        });
        return applyDeclaredTypes(rows, options);
      },
      async exec(sql) {
        await client.query(sql); // simple protocol: a script of several statements
      },
      async close() {
        await client.end();
        await dropDatabase(url, quoted);
      },
    };
    return session;
  },
};

async function dropDatabase(url: string, quoted: string): Promise<void> {
  const admin = await connect(url);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
