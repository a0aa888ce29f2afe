// Shared types of the engine harness; tests import them through ../engines.js.

export type EngineName = "duckdb" | "sqlite" | "pglite" | "postgres" | "mariadb";
export type EngineDialect = "duckdb" | "sqlite" | "postgres" | "mysql";

export type Availability = { ok: true } | { ok: false; reason: string };

export type ColumnType = "int" | "float" | { decimal: number /* scale */ } | "string" | "bool" | "date" | "timestamp";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

export interface TableData {
  /** `"orders"`, or schema-qualified `"analytics.orders"` (split on the dot). */
  name: string;
  columns: ColumnSpec[];
  /**
   * Values by column name; a missing key is NULL. int: number (safe integer), bigint or
   * a digit string; float: finite number; decimal: a decimal string such as "12.50" (a
   * number or bigint is accepted too) with at most `scale` fraction digits; string: any
   * text without NUL or lone surrogates; bool: boolean; date: "YYYY-MM-DD" or a Date;
   * timestamp: an ISO string (UTC when it has no offset), a Date or epoch milliseconds.
   */
  rows: Record<string, unknown>[];
}

/** A normalised result value; see `query` in ../engines.ts for the exact rules. */
export type Value = null | boolean | number | string | Uint8Array;
export type Row = Record<string, Value>;

export type QueryParam = null | boolean | number | bigint | string;

export interface QueryOptions {
  /**
   * Declared result types by column name. A listed column is coerced after the generic
   * normalisation: bool accepts 0/1, decimal rounds SQLite's floats to the scale, date
   * and timestamp accept SQLite's stored text. Unlisted columns stay generic.
   */
  types?: Record<string, ColumnType>;
}

export interface EngineSession {
  readonly engine: Engine;
  /**
   * Creates the tables (and schemas) with native types and inserts the rows. A table
   * that already exists under the same name is dropped first, so a session can be
   * reused across cases without dropping tables itself (on MariaDB a DROP of a shared
   * schema-qualified table outside `load` would bypass the schema lock).
   */
  load(tables: readonly TableData[]): Promise<void>;
  /**
   * Runs exactly one statement (a second one is an error) with optional bound
   * parameters written in the dialect's placeholder syntax (`engine.placeholder(i)`).
   */
  query(sql: string, params?: readonly QueryParam[], options?: QueryOptions): Promise<Row[]>;
  /** Runs a script of one or more statements and discards any results. */
  exec(sql: string): Promise<void>;
  /** Releases the session and drops everything it created (server databases included). */
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  readonly dialect: EngineDialect;
  available(): Availability;
  open(): Promise<EngineSession>;
  /** The placeholder for the 1-based parameter `index`: `$1` or `?`. */
  placeholder(index: number): string;
}
