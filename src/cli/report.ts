import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatGithub, formatJson, formatSarif, formatText, locate } from "../diagnostics/format.js";
import { VERSION } from "./version.js";

export type ReportFormat = "text" | "json" | "sarif" | "github";

export function report(
  diagnostics: readonly Diagnostic[],
  format: ReportFormat,
  color: boolean,
  texts: ReadonlyMap<string, string> = new Map(),
): string {
  const textOf = (f: string): string | undefined => {
    if (texts.has(f)) return texts.get(f);
    try {
      return readFileSync(f, "utf8");
    } catch {
      return undefined;
    }
  };
  const items = locate(diagnostics, textOf);
  switch (format) {
    case "json":
      return formatJson(items);
    case "sarif":
      return formatSarif(items, VERSION);
    case "github":
      return formatGithub(items);
    case "text":
      return formatText(items, textOf, color);
  }
}
