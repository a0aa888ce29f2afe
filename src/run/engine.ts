// One embedded, in-memory DuckDB database per run. Every session runs in UTC so TIMESTAMP WITH
// TIME ZONE values and `now()` convert to the UTC instants Seg means.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import { duckdbLiterals, unwrapSql } from "../backend/sql/literals.js";

export type Row = Record<string, unknown>;

/** `"name"`: a quoted DuckDB identifier. */
export const ident = (name: string): string => unwrapSql(duckdbLiterals.identifier(name));
/** `'text'`: a DuckDB string literal. */
export const str = (value: string): string => unwrapSql(duckdbLiterals.string(value));
/** `"schema"."table"` or `"table"`. */
export const tableRef = (name: string): string => unwrapSql(duckdbLiterals.table(name));

export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<Engine> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const engine = new Engine(instance, connection);
    await engine.run("SET TimeZone = 'UTC'");
    // Progress is read by polling `connection.progress`; DuckDB must track it but never print it.
    await engine.run("SET enable_progress_bar = true");
    await engine.run("SET enable_progress_bar_print = false");
    return engine;
  }

  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    await this.explained(() => this.connection.run(sql, params));
  }

  /** Rows as plain objects: BIGINT → bigint, DOUBLE → number, VARCHAR → string, BOOLEAN → boolean. */
  async rows(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    const reader = await this.explained(() => this.connection.runAndReadAll(sql, params));
    return reader.getRowObjectsJS() as Row[];
  }

  private readonly badValues = new Map<string, () => Promise<Error>>();

  /**
   * When a query fails with an error() whose message holds `tag` (a value checked as it is read
   * did not fit), `explain` builds the error to throw instead: one that names the file, row and column.
   */
  onBadValue(tag: string, explain: () => Promise<Error>): void {
    this.badValues.set(tag, explain);
  }

  private async explained<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      for (const [tag, explain] of this.badValues) if (new RegExp(`${tag}(?!\\d)`).test(message)) throw await explain();
      throw e;
    }
  }

  /** Percentage of the running query done, when DuckDB knows it (-1 otherwise). */
  progress(): number {
    try {
      return this.connection.progress.percentage;
    } catch {
      return -1;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
