// A run's state: the checked program, its plans, and the data loaded into DuckDB. `seg run` and
// `seg explain` both start here, so they read the same rows with the same types.
import { check } from "../api/check.js";
import { compile } from "../api/compile.js";
import { dialects } from "../backend/sql/dialects/index.js";
import { emitSql } from "../backend/sql/emit.js";
import type { Program } from "../check/checker.js";
import { parseTimestamp } from "../check/literals.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Plan } from "../plan/plan.js";
import { Engine } from "./engine.js";
import { loadTables, type LoadedTable } from "./load.js";
import { silentProgress, type Progress } from "./progress.js";
import { tablesFor } from "./tables.js";

export interface SessionOptions {
  /** Directory holding one CSV or Parquet file per table. */
  readonly dataDir: string;
  /** Evaluation instant (ISO date or timestamp); the engine clock when absent. */
  readonly asOf?: string;
  /** `--param NAME=VALUE` overrides. */
  readonly params?: Readonly<Record<string, string>>;
  readonly progress?: Progress;
}

export interface Session {
  readonly engine: Engine;
  readonly program: Program;
  /** One plan per entity with output segments. */
  readonly plans: readonly Plan[];
  readonly tables: readonly LoadedTable[];
  /** Canonical `YYYY-MM-DDTHH:MM:SS.sssZ`, when the run is as of a fixed instant. */
  readonly asOf?: string;
  /** The flags query of each plan (one row per member, a column per segment and segmentation). */
  readonly flagsSql: readonly string[];
  close(): void;
}

export type Opened =
  | { readonly ok: true; readonly session: Session; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Checks and compiles `file`, then loads the tables of its entities. Data problems throw DataError. */
export async function openSession(file: string, options: SessionOptions): Promise<Opened> {
  const compiled = compile(file, {
    to: "sql",
    dialect: "duckdb",
    shape: "flags",
    asOf: options.asOf,
    params: options.params,
  });
  if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics };
  const { program } = check([file], { params: options.params });
  const plans = compiled.plans;
  // compile() accepted the as-of, so it parses.
  const asOf = options.asOf === undefined ? undefined : (parseTimestamp(options.asOf) as { value: string }).value;
  const now = asOf ? { kind: "literal" as const, iso: asOf } : { kind: "clock" as const };
  const flagsSql = plans.map((p) => emitSql([p], dialects.duckdb, { now, shape: "flags" }).trim().replace(/;$/, ""));
  const specs = tablesFor(
    program,
    plans.map((p) => p.entity.name),
  );
  const engine = await Engine.open();
  try {
    const tables = await loadTables(engine, options.dataDir, specs, options.progress ?? silentProgress);
    const session: Session = { engine, program, plans, tables, asOf, flagsSql, close: () => engine.close() };
    return { ok: true, session, diagnostics: compiled.diagnostics };
  } catch (e) {
    engine.close();
    throw e;
  }
}
