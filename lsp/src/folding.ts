// Folding: declarations that span lines (blocks and long conditions), multi-line tiers, runs of
// imports and runs of line comments, block comments.
import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from "vscode-languageserver";
import type { Span } from "../../src/syntax/ast.js";
import type { ServerState } from "./state.js";

export function foldingRanges(state: ServerState, params: FoldingRangeParams): FoldingRange[] {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const path = state.pathOf(doc.uri);
  const parsed = state.parsed(path);
  const index = state.index(path);
  if (!parsed || !index) return [];
  const { text } = parsed;
  const out: FoldingRange[] = [];
  const fold = (span: Span, kind?: FoldingRangeKind): void => {
    const start = index.position(span.start).line;
    let end = index.position(span.end).line;
    // A closing brace on its own line stays visible, as editors expect of blocks.
    if (text[span.end - 1] === "}" && /^\s*}$/.test(text.slice(text.lastIndexOf("\n", span.end - 1) + 1, span.end)))
      end -= 1;
    if (end > start) out.push({ startLine: start, endLine: end, ...(kind && { kind }) });
  };
  const decls = parsed.result.file.declarations;
  for (const d of decls) {
    fold(d.span);
    if (d.kind === "Segmentation") for (const b of d.branches) fold(b.span);
  }
  // Consecutive imports fold together.
  let run: Span | undefined;
  for (const d of [...decls, undefined]) {
    if (d?.kind === "Import") {
      run = run ? { start: run.start, end: d.span.end } : d.span;
      continue;
    }
    if (run) fold(run, FoldingRangeKind.Imports);
    run = undefined;
  }
  // Comments: block comments, and runs of line comments on consecutive lines.
  let lines: { first: number; last: number } | undefined;
  const flush = (): void => {
    if (lines && lines.last > lines.first)
      out.push({ startLine: lines.first, endLine: lines.last, kind: FoldingRangeKind.Comment });
    lines = undefined;
  };
  for (const c of parsed.result.comments) {
    if (c.style === "block") {
      flush();
      fold(c.span, FoldingRangeKind.Comment);
      continue;
    }
    const line = index.position(c.span.start).line;
    const alone = /^\s*$/.test(text.slice(text.lastIndexOf("\n", c.span.start - 1) + 1, c.span.start));
    if (lines && alone && line === lines.last + 1) lines.last = line;
    else {
      flush();
      if (alone) lines = { first: line, last: line };
    }
  }
  flush();
  return out;
}
