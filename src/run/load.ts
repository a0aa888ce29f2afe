// Loads each declared table from its CSV or Parquet file into DuckDB with the declared types.
// CSV is read as text (no type guessing) and converted strictly into a table in one pass; a bad
// value stops the load through DuckDB's error(), and only then is the file searched for the first
// bad row to name it. Parquet keeps its own types: it is validated once, then read through a view.
import { existsSync, statSync } from "node:fs";
import type { ValueType } from "../plan/types.js";
import { typeToString } from "../plan/types.js";
import { compatible, convert, expected, sqlType } from "./convert.js";
import { findRecord, lineOfRecord, scanCsv } from "./csv-scan.js";
import { ident, str, tableRef, type Engine } from "./engine.js";
import { DataError, formatCount, showValue } from "./errors.js";
import { locateTable, type DataFile } from "./locate.js";
import { silentProgress, type Progress } from "./progress.js";
import type { ColumnSpec, TableSpec } from "./tables.js";

export interface LoadedTable {
  readonly spec: TableSpec;
  readonly file: DataFile;
  readonly rows: number;
}

interface FileColumn {
  readonly name: string;
  /** DuckDB type as the file gives it (VARCHAR for every CSV column). */
  readonly type: string;
}

export const BAD_TAG = "seg-bad-value:";

/** Every table of `specs` from `dir`, in order. Throws DataError on the first problem. */
export async function loadTables(
  engine: Engine,
  dir: string,
  specs: readonly TableSpec[],
  progress: Progress = silentProgress,
): Promise<LoadedTable[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError(`data directory ${dir} does not exist`);
  const files = specs.map((s) => locateTable(dir, s.table)); // every file found before anything loads
  const out: LoadedTable[] = [];
  for (const [i, spec] of specs.entries()) out.push(await loadTable(engine, spec, files[i]!, progress, i));
  return out;
}

async function loadTable(
  engine: Engine,
  spec: TableSpec,
  file: DataFile,
  progress: Progress,
  index: number,
): Promise<LoadedTable> {
  const columns = file.format === "csv" ? csvHeader(file.path) : await parquetColumns(engine, file.path);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const missing = spec.columns.filter((c) => !byName.has(c.name));
  if (missing.length) {
    const list = missing.map((c) => `"${c.name}" (${c.origin})`).join(", ");
    const has = columns.map((c) => `"${c.name}"`).join(", ") || "none";
    throw new DataError(`${file.path}: missing column${missing.length > 1 ? "s" : ""} ${list}; the file has ${has}`);
  }
  for (const c of spec.columns) {
    const src = byName.get(c.name)!.type;
    if (!compatible(src, c.type))
      throw new DataError(
        `${file.path}: column "${c.name}" holds ${src} values, which cannot be ${typeToString(c.type)} (${c.origin})`,
      );
  }
  const dot = spec.table.indexOf(".");
  if (dot > 0) await engine.run(`CREATE SCHEMA IF NOT EXISTS ${ident(spec.table.slice(0, dot))}`);
  const name = tableRef(spec.table);
  progress.start(`loading ${file.path}`, () => engine.progress());
  try {
    if (file.format === "csv") await loadCsv(engine, spec, file.path, columns, name, index);
    else await loadParquet(engine, spec, file.path, byName, name, index);
    const rows = Number((await engine.rows(`SELECT count(*) AS n FROM ${name}`))[0]!.n);
    if (spec.key !== undefined) await checkKeys(engine, spec, file, columns, name);
    progress.done(`${formatCount(rows)} rows`);
    return { spec, file, rows };
  } catch (e) {
    progress.done("failed");
    throw e;
  }
}

// ---------------------------------------------------------------- CSV

function csvHeader(path: string): FileColumn[] {
  const header = scanCsv(path, () => true);
  if (!header || (header.fields.length === 1 && header.fields[0] === null))
    throw new DataError(`${path}: the file is empty; expected a header row with the column names`);
  const seen = new Set<string>();
  return header.fields.map((f, i) => {
    // Unnamed or repeated columns get names no declaration can ask for.
    let n = f ?? `\u0001column ${i + 1}`;
    if (seen.has(n)) n = `${n}\u0001${i + 1}`;
    seen.add(n);
    return { name: n, type: "VARCHAR" };
  });
}

/** read_csv with every column as text, exactly RFC 4180: no sniffing of types, delimiters or comments. */
function csvSource(path: string, columns: readonly FileColumn[], extra = ""): string {
  const cols = columns.map((c) => `${str(c.name)}: 'VARCHAR'`).join(", ");
  return `read_csv(${str(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${cols}}${extra})`;
}

/** Fails the query with a tag naming table and column (`seg-bad-value:2:5`) when it is evaluated. */
const badExpr = (id: string, t: ValueType): string => `CAST(error(${str(`${BAD_TAG}${id}`)}) AS ${sqlType(t)})`;

/** The column converted to its type; a value that does not fit becomes `bad` (or fails). */
function columnExpr(c: ColumnSpec, source: string, bad: string): string {
  const v = ident(c.name);
  const conv = convert(v, source, c.type, bad);
  if (c.nullable) return conv === v ? v : `CASE WHEN ${v} IS NULL THEN NULL ELSE ${conv} END`;
  return `CASE WHEN ${v} IS NULL THEN ${bad} ELSE ${conv} END`;
}

/** True when the column's value fits (null included, for nullable columns). */
function okExpr(c: ColumnSpec, source: string): string {
  const v = ident(c.name);
  const conv = convert(v, source, c.type, "NULL");
  return c.nullable ? `(${v} IS NULL OR ${conv} IS NOT NULL)` : `(${v} IS NOT NULL AND ${conv} IS NOT NULL)`;
}

async function loadCsv(
  engine: Engine,
  spec: TableSpec,
  path: string,
  columns: readonly FileColumn[],
  name: string,
  table: number,
): Promise<void> {
  const items = spec.columns.map(
    (c, i) => `${columnExpr(c, "VARCHAR", badExpr(`${table}:${i}`, c.type))} AS ${ident(c.name)}`,
  );
  try {
    await engine.run(`CREATE TABLE ${name} AS SELECT ${items.join(", ")} FROM ${csvSource(path, columns)}`);
  } catch (e) {
    throw await diagnoseCsv(engine, spec, path, columns, e);
  }
}

async function diagnoseCsv(
  engine: Engine,
  spec: TableSpec,
  path: string,
  columns: readonly FileColumn[],
  e: unknown,
): Promise<Error> {
  const message = e instanceof Error ? e.message : String(e);
  const tag = new RegExp(`${BAD_TAG}\\d+:(\\d+)`).exec(message);
  if (tag) {
    const c = spec.columns[Number(tag[1])]!;
    // The first bad value in file order; every record holding that same text is bad the same
    // way, so the first record with that text is the first bad record.
    const [row] = await engine.rows(
      `SELECT ${ident(c.name)} AS v FROM ${csvSource(path, columns)} WHERE NOT ${okExpr(c, "VARCHAR")} LIMIT 1`,
    );
    const value = row ? ((row.v as string | null) ?? null) : null;
    const position = columns.findIndex((f) => f.name === c.name);
    const line = findRecord(path, position, value)?.line;
    return new DataError(`${path}${line ? `:${line}` : ""}: column "${c.name}": ${badValue(c, value)}`);
  }
  // A malformed file: ask DuckDB for the first rejected line, with its reason.
  try {
    await engine.run(
      `CREATE TEMP TABLE seg_probe AS SELECT * FROM ${csvSource(path, columns, ", store_rejects = true, rejects_table = 'seg_rejects', rejects_scan = 'seg_reject_scans'")}`,
    );
    const [r] = await engine.rows(`SELECT line, error_type, csv_line FROM seg_rejects ORDER BY line LIMIT 1`);
    await engine.run(`DROP TABLE IF EXISTS seg_probe`);
    if (r) {
      const line = lineOfRecord(path, Number(r.line) - 1) ?? Number(r.line);
      return new DataError(`${path}:${line}: ${structural(String(r.error_type), columns.length)}`);
    }
  } catch {
    // fall through to DuckDB's own words
  }
  return new DataError(`${path}: ${firstLine(message)}`);
}

function structural(type: string, n: number): string {
  switch (type) {
    case "TOO MANY COLUMNS":
      return `more fields than the ${n} columns of the header`;
    case "MISSING COLUMNS":
      return `fewer fields than the ${n} columns of the header`;
    case "UNQUOTED VALUE":
      return `a quote inside an unquoted field (quote the whole field and double the quotes inside it, as RFC 4180 says)`;
    case "INVALID UNICODE":
      return "not valid UTF-8 text";
    case "LINE SIZE OVER MAXIMUM":
      return "the line is longer than DuckDB reads (2 MB)";
    default:
      return type.toLowerCase();
  }
}

function badValue(c: ColumnSpec, value: string | null): string {
  if (value === null) {
    const what = c.role === "key" ? "the entity key" : `${c.origin}, which is not nullable`;
    return `empty, but it holds ${what}${c.role === "field" ? ` (declare it with \`?\` to allow empty values)` : ""}`;
  }
  const e = expected(c.type);
  const type = c.type.kind === "enum" ? "" : `: ${typeToString(c.type)}`;
  return `${showValue(value)} is not ${e.what} (${c.origin}${type}${e.hint ? `; ${e.hint}` : ""})`;
}

const firstLine = (s: string): string =>
  s
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim() ?? s;

// ---------------------------------------------------------------- Parquet

async function parquetColumns(engine: Engine, path: string): Promise<FileColumn[]> {
  try {
    const rows = await engine.rows(`DESCRIBE SELECT * FROM read_parquet(${str(path)})`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } catch (e) {
    throw new DataError(
      `${path}: not a readable Parquet file (${firstLine(e instanceof Error ? e.message : String(e))})`,
    );
  }
}

async function loadParquet(
  engine: Engine,
  spec: TableSpec,
  path: string,
  byName: ReadonlyMap<string, FileColumn>,
  name: string,
  table: number,
): Promise<void> {
  const sourceOf = (c: ColumnSpec): string => byName.get(c.name)!.type;
  // Null counts from the file's statistics spare the check of non-nullable columns.
  const stats = await engine.rows(
    `SELECT path_in_schema AS col, sum(stats_null_count) AS nulls, bool_or(stats_null_count IS NULL) AS unknown FROM parquet_metadata(${str(path)}) GROUP BY path_in_schema`,
  );
  const noNulls = new Set(stats.filter((s) => !s.unknown && Number(s.nulls) === 0).map((s) => String(s.col)));
  // Values are checked as queries read them, inside the scan they do anyway (a separate pass
  // would read a large file twice): a bad one fails the query, and then its first row is found.
  const items = spec.columns.map((c, i) => {
    const v = ident(c.name);
    const id = `${table}:${i}`;
    engine.onBadValue(`${BAD_TAG}${id}`, () => firstBadParquetRow(engine, path, c, sourceOf(c)));
    const e = columnExpr(noNulls.has(c.name) ? { ...c, nullable: true } : c, sourceOf(c), badExpr(id, c.type));
    return e === v ? v : `${e} AS ${v}`;
  });
  await engine.run(`CREATE VIEW ${name} AS SELECT ${items.join(", ")} FROM read_parquet(${str(path)})`);
}

async function firstBadParquetRow(engine: Engine, path: string, c: ColumnSpec, source: string): Promise<Error> {
  const src = `read_parquet(${str(path)}, file_row_number = true)`;
  const [r] = await engine.rows(
    `SELECT file_row_number AS n, CAST(${ident(c.name)} AS VARCHAR) AS v FROM ${src} WHERE NOT ${okExpr(c, source)} ORDER BY file_row_number LIMIT 1`,
  );
  if (!r)
    return new DataError(`${path}: column "${c.name}": a value does not fit ${typeToString(c.type)} (${c.origin})`);
  return new DataError(
    `${path} row ${formatCount(Number(r.n) + 1)}: column "${c.name}": ${badValue(c, (r.v as string | null) ?? null)}`,
  );
}

// ---------------------------------------------------------------- keys

async function checkKeys(
  engine: Engine,
  spec: TableSpec,
  file: DataFile,
  columns: readonly FileColumn[],
  name: string,
): Promise<void> {
  const k = ident(spec.key!);
  const [dup] = await engine.rows(
    `SELECT CAST(${k} AS VARCHAR) AS k, count(*) AS n FROM ${name} GROUP BY ${k} HAVING count(*) > 1 ORDER BY 1 LIMIT 1`,
  );
  if (!dup) return;
  const key = String(dup.k);
  let where = `${formatCount(Number(dup.n))} times`;
  if (file.format === "csv") {
    const position = columns.findIndex((c) => c.name === spec.key);
    const a = findRecord(file.path, position, key);
    const b = a && findRecord(file.path, position, key, a.index + 1);
    if (a && b) where = `on lines ${a.line} and ${b.line}`;
  }
  throw new DataError(
    `${file.path}: key ${showValue(key)} (column "${spec.key}") appears ${where}; the entity table needs one row per member`,
  );
}
