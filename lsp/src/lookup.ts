// Finding the symbol under the cursor and every place a symbol is named, shared by definition,
// references and rename.
import type { Program } from "../../src/check/checker.js";
import type { Symbol } from "../../src/check/symbols.js";
import type { Span } from "../../src/syntax/ast.js";
import { symbolKey } from "./describe.js";
import { identifierAt, identifiers, type IdSite } from "./syntax-walk.js";

export interface Found {
  readonly symbol: Symbol;
  readonly site: IdSite;
}

export function symbolAt(program: Program, path: string, offset: number): Found | undefined {
  const analysis = program.analyses.get(path);
  if (!analysis) return undefined;
  const site = identifierAt(analysis.module.parsed.file, offset);
  if (!site) return undefined;
  const symbol = program.refs.get(site.id);
  return symbol ? { symbol, site } : undefined;
}

/** Same declaration: `NAME.at` is a fresh symbol at every use, so compare what it stands for. */
export function sameSymbol(a: Symbol, b: Symbol): boolean {
  if (a === b) return true;
  if (a.kind === "eventTime" && b.kind === "eventTime") return symbolKey(a.events) === symbolKey(b.events);
  return symbolKey(a) === symbolKey(b);
}

export interface Occurrence {
  readonly file: string;
  readonly span: Span;
  /** The name in the declaration itself. */
  readonly declaration: boolean;
}

/** Every identifier in the program's files that names `target`, its declaration included. */
export function occurrences(program: Program, target: Symbol): Occurrence[] {
  const out: Occurrence[] = [];
  for (const [file, analysis] of program.analyses) {
    for (const site of identifiers(analysis.module.parsed.file)) {
      const s = program.refs.get(site.id);
      if (!s || !sameSymbol(s, target)) continue;
      const declaration = file === target.file && site.id.span.start === target.nameSpan.start;
      out.push({ file, span: site.id.span, declaration });
    }
  }
  // `at ordered_at` declares `orders.at` without an identifier of its own.
  if (target.kind === "eventTime" && !out.some((o) => o.declaration))
    out.push({ file: target.file, span: target.nameSpan, declaration: true });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}
