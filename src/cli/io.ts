import { readFileSync, renameSync, writeFileSync, unlinkSync } from "node:fs";
import { dirname, basename, join } from "node:path";

export class UsageError extends Error {}

export function readStdin(): string {
  return readFileSync(0, "utf8");
}

/** Writes through a temporary file in the same folder and renames it over the target. */
export function writeAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}

export const useColor = (flag: boolean | undefined): boolean =>
  flag !== false && !!process.stdout.isTTY && !process.env.NO_COLOR;

export function parseParams(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) throw new UsageError(`--param expects NAME=VALUE, got "${v}"`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}
