/**
 * The SQL engine harness every backend test loops over.
 *
 * Engines: DuckDB, SQLite (sql.js) and PGlite run in process and are always
 * available. The PostgreSQL and MariaDB servers are used only when their address is in
 * the environment (SEG_TEST_POSTGRES_URL, SEG_TEST_MYSQL_URL); without it the engine
 * reports itself unavailable with that reason, and with it the engine is mandatory: a
 * connection failure fails the test. Server sessions each create a database
 * seg_<random> and drop it on close, so parallel test processes never meet. Every
 * session runs in UTC.
 *
 * What `session.query` returns: one plain object per row, keyed by result column name
 * (with two columns of the same name, the later wins), values normalised so that rows
 * compare equal across engines:
 * - NULL → null; booleans stay booleans (PostgreSQL, PGlite, DuckDB). MariaDB and
 *   SQLite have no boolean type, so their flags and comparisons come back as 0/1
 *   numbers: use `asBoolean`, or declare the column `bool` in `options.types`.
 * - integers → number when they are safe integers, otherwise their digits as a string
 *   (PostgreSQL int8, DuckDB BIGINT/HUGEINT, MariaDB BIGINT, SQLite INTEGER).
 * - floating point → number, unchanged (NaN and ±Infinity included).
 * - exact decimals (PostgreSQL numeric, DuckDB DECIMAL, MariaDB DECIMAL) → canonical
 *   decimal string: "12.50" → "12.5", "3.000" → "3", "-0.0" → "0" (`canonicalDecimal`).
 *   SQLite has no decimal type: its decimals come back as numbers.
 * - DATE → "YYYY-MM-DD"; TIMESTAMP → "YYYY-MM-DDTHH:MM:SS.sssZ" (more fraction digits only
 *   when DuckDB holds non-zero microseconds). SQLite stores both as TEXT and cannot say a
 *   text is a time, so it returns the stored text ("YYYY-MM-DD HH:MM:SS.SSS"); declare
 *   the column `timestamp` in `options.types` or use `canonicalTimestamp`.
 * - text → the string exactly as stored, never rewritten (a leading U+FEFF too: the
 *   in-process drivers would drop it, see engines/keep-bom.ts).
 * - binary values → Uint8Array. Other types (intervals, arrays, json) → their text.
 * `options.types` coerces named columns further; see QueryOptions.
 *
 * Table storage per engine (ColumnType → native type):
 *   int → BIGINT (SQLite INTEGER); float → DOUBLE / DOUBLE PRECISION (SQLite REAL);
 *   decimal(s) → DECIMAL(38,s) / NUMERIC(38,s) (SQLite: NUMERIC affinity, see sqlite.ts);
 *   string → TEXT / VARCHAR (MariaDB LONGTEXT utf8mb4, default collation);
 *   bool → BOOLEAN (MariaDB TINYINT(1), SQLite INTEGER 0/1);
 *   date → DATE (SQLite TEXT 'YYYY-MM-DD');
 *   timestamp → TIMESTAMP(3) / TIMESTAMP / DATETIME(3) holding UTC
 *   (SQLite TEXT 'YYYY-MM-DD HH:MM:SS.SSS').
 * Schema-qualified names ("analytics.orders") create the schema: CREATE SCHEMA on
 * PostgreSQL, PGlite and DuckDB, ATTACH ':memory:' on SQLite, a database on MariaDB
 * (shared between sessions, so guarded by a lock: see engines/mariadb.ts). `load`
 * replaces a table that already exists under the same name. Note that on SQLite an
 * unqualified name also finds a table of an attached database when main has none.
 */

import { afterAll, beforeAll, describe, it } from "vitest";

import { duckdbEngine } from "./engines/duckdb.js";
import { mariadbEngine } from "./engines/mariadb.js";
import { pgliteEngine } from "./engines/pglite.js";
import { postgresEngine } from "./engines/postgres.js";
import { sqliteEngine } from "./engines/sqlite.js";
import type { Engine, EngineSession } from "./engines/types.js";

export type {
  Availability,
  ColumnSpec,
  ColumnType,
  Engine,
  EngineDialect,
  EngineName,
  EngineSession,
  QueryOptions,
  QueryParam,
  Row,
  TableData,
  Value,
} from "./engines/types.js";
export { asBoolean, canonicalDecimal, canonicalTimestamp, formatTimestamp } from "./engines/values.js";
export { MYSQL_URL_VARIABLE } from "./engines/mariadb.js";
export { POSTGRES_URL_VARIABLE } from "./engines/postgres.js";

/** Every engine the harness knows, available or not, in a fixed order. */
export function allEngines(): Engine[] {
  return [duckdbEngine, sqliteEngine, pgliteEngine, postgresEngine, mariadbEngine];
}

export interface EngineContext {
  readonly engine: Engine;
  /** The suite's session, opened in beforeAll and closed in afterAll. */
  session(): EngineSession;
}

const reported = new Set<string>();

/**
 * One `describe` per engine, each with its own session. An unavailable engine gets a
 * skipped test whose name gives the reason, and one warning in the log.
 */
export function describeEngines(title: string, body: (context: EngineContext) => void, engines = allEngines()): void {
  for (const engine of engines) {
    const availability = engine.available();
    if (!availability.ok) {
      if (!reported.has(engine.name)) {
        reported.add(engine.name);
        console.warn(`[engines] ${engine.name} is not available: ${availability.reason}`);
      }
      describe(`${title} [${engine.name}]`, () => {
        it.skip(`${engine.name} not available: ${availability.reason}`, () => {});
      });
      continue;
    }
    describe(`${title} [${engine.name}]`, () => {
      let current: EngineSession | undefined;
      beforeAll(async () => {
        current = await engine.open();
      });
      afterAll(async () => {
        await current?.close();
      });
      body({
        engine,
        session() {
          if (!current) throw new Error(`${engine.name}: the session is not open`);
          return current;
        },
      });
    });
  }
}
