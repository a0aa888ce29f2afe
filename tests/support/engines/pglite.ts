// PGlite: PostgreSQL compiled to WASM, in process, one fresh instance per session.

import { PGlite } from "@electric-sql/pglite";

import { withBomKeepingDecoders } from "./keep-bom.js";
import type { Engine, EngineSession, Row } from "./types.js";
import { bindable, loadStatements, normalise, RAW_TEXT_OIDS } from "./postgres-common.js";
import { applyDeclaredTypes } from "./values.js";

const raw = (text: string): string => text;

export const pgliteEngine: Engine = {
  name: "pglite",
  dialect: "postgres",
  available: () => ({ ok: true }),
  placeholder: (index) => `$${index}`,
  async open(): Promise<EngineSession> {
    const parsers = Object.fromEntries(RAW_TEXT_OIDS.map((oid) => [oid, raw]));
    const db = await withBomKeepingDecoders(() => PGlite.create({ parsers }));
    await db.exec("SET TimeZone = 'UTC'");
    const session: EngineSession = {
      engine: pgliteEngine,
      async load(tables) {
        await db.transaction(async (tx) => {
          for (const statement of loadStatements(tables)) await tx.query(statement.sql, statement.params);
        });
      },
      async query(sql, params = [], options) {
        // PGlite's query() uses the extended protocol, which refuses a second statement.
        const result = await db.query<unknown[]>(sql, params.map(bindable), { rowMode: "array" });
        const rows = result.rows.map((values) => {
          const row: Row = {};
          result.fields.forEach((field, i) => (row[field.name] = normalise(values[i], field.dataTypeID)));
          return row;
        });
        return applyDeclaredTypes(rows, options);
      },
      async exec(sql) {
        await db.exec(sql);
      },
      async close() {
        await db.close();
      },
    };
    return session;
  },
};
