// Where a declared table's data is: `DIR/<table>.csv` or `DIR/<table>.parquet`; a
// schema-qualified name (`shop.orders`) is looked up as `shop.orders.*` first, then `orders.*`.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "./errors.js";

export type DataFormat = "csv" | "parquet";

export interface DataFile {
  readonly path: string;
  readonly format: DataFormat;
}

const FORMATS: readonly DataFormat[] = ["csv", "parquet"];

/** File names tried for a table, in order (each stem with every format). */
export function candidateStems(table: string): string[] {
  const dot = table.indexOf(".");
  return dot > 0 ? [table, table.slice(dot + 1)] : [table];
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

export function locateTable(dir: string, table: string): DataFile {
  if (/[/\\]/.test(table) || table.startsWith("."))
    throw new DataError(
      `table "${table}" cannot be read from a file: its name holds a path separator or starts with "."`,
    );
  const tried: string[] = [];
  for (const stem of candidateStems(table)) {
    const found = FORMATS.map((format) => ({ path: join(dir, `${stem}.${format}`), format })).filter((f) => {
      tried.push(f.path);
      return isFile(f.path);
    });
    if (found.length > 1)
      throw new DataError(`table "${table}": both ${found.map((f) => f.path).join(" and ")} exist; keep one`);
    if (found.length === 1) return found[0]!;
  }
  throw new DataError(`table "${table}": no data file; looked for ${tried.join(", ")}`);
}
