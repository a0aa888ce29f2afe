// Finding the symbol under the cursor and every place a symbol is named, shared by definition,
// references and rename.
import type { Program } from "../../src/check/checker.js";
import type { BranchSymbol, Symbol } from "../../src/check/symbols.js";
import type { Expr, Span } from "../../src/syntax/ast.js";
import { symbolKey } from "./describe.js";
import { identifierAt, identifiers, rootExprs, visitExpr, type IdSite } from "./syntax-walk.js";

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
  if (target.kind === "branch") out.push(...labelOccurrences(program, target));
  // `at ordered_at` declares `orders.at` without an identifier of its own.
  if (target.kind === "eventTime" && !out.some((o) => o.declaration))
    out.push({ file: target.file, span: target.nameSpan, declaration: true });
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/** `Frequency = "High"`, `Frequency in ("High", "Low")`: a tier named in a string compared with its segmentation's label. */
function labelOccurrences(program: Program, tier: BranchSymbol): Occurrence[] {
  const out: Occurrence[] = [];
  const isLabel = (e: Expr): boolean => {
    const s = e.kind === "Name" ? program.refs.get(e.name) : undefined;
    return !!s && s.kind === "segmentation" && sameSymbol(s, tier.segmentation);
  };
  for (const [file, analysis] of program.analyses) {
    const text = analysis.module.text;
    const add = (e: Expr): void => {
      // Only a string written exactly as the name (no escapes): its inside is the name.
      if (e.kind === "String" && e.value === tier.name && text.slice(e.span.start + 1, e.span.end - 1) === tier.name)
        out.push({ file, span: { start: e.span.start + 1, end: e.span.end - 1 }, declaration: false });
    };
    for (const d of analysis.module.parsed.file.declarations)
      for (const root of rootExprs(d))
        visitExpr(root, (e) => {
          if (e.kind === "Compare" && (e.op === "=" || e.op === "!=")) {
            if (isLabel(e.left)) add(e.right);
            if (isLabel(e.right)) add(e.left);
          } else if (e.kind === "In" && isLabel(e.operand)) e.values.forEach(add);
        });
  }
  return out;
}
