// Diagnostics for people (code frames) and for machines (json, sarif, github annotations).
import { relative } from "node:path";
import type { Diagnostic } from "./diagnostic.js";
import { codes } from "./codes.js";

export interface Position {
  /** 1-based */
  readonly line: number;
  /** 1-based, in UTF-16 units */
  readonly column: number;
}

export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }
  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return Math.min(this.text.length, start + column - 1);
  }
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const end = this.starts[line] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, "");
  }
}

export interface Located {
  readonly d: Diagnostic;
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export function locate(
  diagnostics: readonly Diagnostic[],
  textOf: (file: string) => string | undefined,
  cwd = process.cwd(),
): Located[] {
  const maps = new Map<string, LineMap>();
  return diagnostics.map((d) => {
    let map = maps.get(d.file);
    if (!map) maps.set(d.file, (map = new LineMap(textOf(d.file) ?? "")));
    const file = d.file.startsWith("/") ? relative(cwd, d.file) || d.file : d.file;
    return { d, file, start: map.position(d.span.start), end: map.position(d.span.end) };
  });
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function formatText(
  items: readonly Located[],
  textOf: (file: string) => string | undefined,
  color: boolean,
): string {
  const out: string[] = [];
  for (const { d, file, start, end } of items) {
    const sev = paint(color, d.severity === "error" ? "31;1" : d.severity === "warning" ? "33;1" : "36", d.severity);
    out.push(`${paint(color, "1", `${file}:${start.line}:${start.column}`)} ${sev} ${d.code} ${d.message}`);
    const text = textOf(d.file);
    if (text !== undefined) {
      const map = new LineMap(text);
      const line = map.lineText(start.line);
      const gutter = String(start.line);
      const width = Math.max(1, (end.line === start.line ? end.column : line.length + 1) - start.column);
      out.push(`${gutter} | ${line}`);
      out.push(
        `${" ".repeat(gutter.length)} | ${" ".repeat(start.column - 1)}${paint(color, "31", "^".repeat(width))}`,
      );
    }
    for (const f of d.fixes) out.push(`${" ".repeat(2)}fix: ${f.title}`);
  }
  return out.join("\n");
}

export function formatJson(items: readonly Located[]): string {
  return JSON.stringify(
    items.map(({ d, file, start, end }) => ({
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
      fixes: d.fixes,
    })),
    null,
    2,
  );
}

export function formatGithub(items: readonly Located[]): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escProp = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return items
    .map(({ d, file, start, end }) => {
      const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      return `::${level} file=${escProp(file)},line=${start.line},col=${start.column},endLine=${end.line},endColumn=${end.column},title=${d.code}::${esc(d.message)}`;
    })
    .join("\n");
}

export function formatSarif(items: readonly Located[], version: string): string {
  const rules = Object.entries(codes)
    .map(([name, c]) => ({
      id: c.code,
      name,
      defaultConfiguration: { level: c.severity === "info" ? "note" : c.severity },
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const results = items.map(({ d, file, start, end }) => ({
    ruleId: d.code,
    level: d.severity === "info" ? "note" : d.severity,
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: file.split("\\").join("/") },
          region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
        },
      },
    ],
  }));
  return JSON.stringify(
    {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: { driver: { name: "seg", version, informationUri: "https://github.com/seglang/seg", rules } },
          results,
        },
      ],
    },
    null,
    2,
  );
}
