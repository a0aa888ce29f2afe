// `seg run`: evaluates a file's segments on local data in embedded DuckDB and summarises them:
// population, each segment's size and share, each segmentation's tiers, pairwise overlaps.
import { renameSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Plan } from "../plan/plan.js";
import { ident, str } from "./engine.js";
import { DataError, formatCount } from "./errors.js";
import type { LoadedTable } from "./load.js";
import { outFormat } from "./out-format.js";
import { silentProgress } from "./progress.js";
import { openSession, type Session, type SessionOptions } from "./session.js";

export interface RunOptions extends SessionOptions {
  /** Write the flags table (one row per member) to this `.csv` or `.parquet` file. */
  readonly out?: string;
}

export interface SegmentSize {
  readonly name: string;
  readonly size: number;
  /** size / population; null for an empty population. */
  readonly share: number | null;
}

export interface SegmentationSizes {
  readonly name: string;
  /** Every tier in declaration order, with its member count. */
  readonly tiers: readonly { readonly name: string; readonly size: number }[];
  /** Members with no tier; null when the segmentation has an `otherwise` tier (never any). */
  readonly none: number | null;
}

export interface Overlap {
  readonly a: string;
  readonly b: string;
  /** |A ∩ B| */
  readonly size: number;
  /** |A ∩ B| / |A ∪ B|; null when both are empty. */
  readonly jaccard: number | null;
}

export interface EntitySummary {
  readonly entity: string;
  readonly population: number;
  readonly segments: readonly SegmentSize[];
  readonly segmentations: readonly SegmentationSizes[];
  readonly overlaps: readonly Overlap[];
}

export type RunResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly diagnostics: readonly Diagnostic[];
      readonly asOf?: string;
      readonly tables: readonly LoadedTable[];
      readonly entities: readonly EntitySummary[];
    };

export async function runSegments(file: string, options: RunOptions): Promise<RunResult> {
  if (options.out !== undefined && !outFormat(options.out))
    throw new DataError(`--out ${options.out}: the file name must end in .csv or .parquet`);
  const opened = await openSession(file, options);
  if (!opened.ok) return opened;
  const session = opened.session;
  try {
    if (options.out !== undefined && session.plans.length > 1)
      throw new DataError(
        `--out writes one table, but ${file} has segments for several entities (${session.plans.map((p) => p.entity.name).join(", ")})`,
      );
    const entities: EntitySummary[] = [];
    const progress = options.progress ?? silentProgress;
    for (const [i, plan] of session.plans.entries()) {
      progress.start(`evaluating the segments of ${plan.entity.name}`, () => session.engine.progress());
      const table = await materializeFlags(session, i).catch((e: unknown) => {
        progress.done("failed");
        throw e;
      });
      const summary = await summarize(session, plan, table);
      progress.done(`${formatCount(summary.population)} members`);
      entities.push(summary);
      if (options.out !== undefined) await writeFlags(session, table, options.out);
    }
    return { ok: true, diagnostics: opened.diagnostics, asOf: session.asOf, tables: session.tables, entities };
  } finally {
    session.close();
  }
}

/** Runs plan `i`'s flags query into a temporary table; returns the table's name. */
export async function materializeFlags(session: Session, i: number): Promise<string> {
  const name = `seg_flags_${i}`;
  await session.engine.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${session.flagsSql[i]!}`);
  return name;
}

const outputSegments = (plan: Plan): string[] => plan.segments.filter((s) => s.output).map((s) => s.name);
const outputSegmentations = (plan: Plan): Plan["segmentations"] => plan.segmentations.filter((s) => s.output);

/** Every count in one pass over the flags table. */
async function summarize(session: Session, plan: Plan, table: string): Promise<EntitySummary> {
  const segs = outputSegments(plan);
  const segmentations = outputSegmentations(plan);
  const cols: string[] = ["count(*) AS population"];
  segs.forEach((s, i) => cols.push(`count(*) FILTER (WHERE ${ident(s)}) AS "s${i}"`));
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++)
      cols.push(`count(*) FILTER (WHERE ${ident(segs[i]!)} AND ${ident(segs[j]!)}) AS "o${i}_${j}"`);
  segmentations.forEach((s, i) => {
    s.branches.forEach((b, j) =>
      cols.push(`count(*) FILTER (WHERE ${ident(s.name)} = ${str(b.name)}) AS "t${i}_${j}"`),
    );
    cols.push(`count(*) FILTER (WHERE ${ident(s.name)} IS NULL) AS "t${i}_none"`);
  });
  const [r] = await session.engine.rows(`SELECT ${cols.join(", ")} FROM ${table}`);
  const n = (k: string): number => Number(r![k]);
  const population = n("population");
  const sizes = segs.map((_, i) => n(`s${i}`));
  const overlaps: Overlap[] = [];
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++) {
      const size = n(`o${i}_${j}`);
      const union = sizes[i]! + sizes[j]! - size;
      overlaps.push({ a: segs[i]!, b: segs[j]!, size, jaccard: union === 0 ? null : size / union });
    }
  return {
    entity: plan.entity.name,
    population,
    segments: segs.map((name, i) => ({
      name,
      size: sizes[i]!,
      share: population === 0 ? null : sizes[i]! / population,
    })),
    segmentations: segmentations.map((s, i) => ({
      name: s.name,
      tiers: s.branches.map((b, j) => ({ name: b.name, size: n(`t${i}_${j}`) })),
      none: s.branches.some((b) => b.condition === null) ? null : n(`t${i}_none`),
    })),
    overlaps,
  };
}

/** COPY the flags table to a temporary file next to `out`, then rename it: never a partial file. */
async function writeFlags(session: Session, table: string, out: string): Promise<void> {
  const format = outFormat(out)!;
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    const opts = format === "csv" ? "FORMAT csv, HEADER true" : "FORMAT parquet";
    await session.engine.run(`COPY ${table} TO ${str(tmp)} (${opts})`);
    renameSync(tmp, out);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    if (e instanceof DataError) throw e;
    // The target's folder is missing or not writable: the user's problem, not a bug.
    const text = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    throw new DataError(`cannot write ${out}: ${text}`);
  }
}
