import { extname } from "node:path";

export type OutFormat = "csv" | "parquet";

/** The format `--out` writes, from the file's extension. */
export function outFormat(path: string): OutFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === ".csv" ? "csv" : ext === ".parquet" ? "parquet" : undefined;
}
