// Quick fixes: every fix a diagnostic carries ("did you mean", "add a window", "use `is null`")
// becomes a code action on the diagnostic's range.
import { CodeActionKind, type CodeAction, type CodeActionParams } from "vscode-languageserver";
import { toLspDiagnostic } from "./diagnostics.js";
import type { ServerState } from "./state.js";

export function codeActions(state: ServerState, params: CodeActionParams): CodeAction[] {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const only = params.context?.only;
  if (
    only &&
    !only.some(
      (k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty,
    )
  )
    return [];
  const path = state.pathOf(doc.uri);
  const index = state.index(path);
  const analysis = state.analysis(path);
  if (!index || !analysis) return [];
  const range = index.span(params.range);
  const out: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (d.file !== path || !d.fixes.length) continue;
    // Overlapping, or touching: a cursor at either end of the range counts.
    if (d.span.end < range.start || d.span.start > range.end) continue;
    const diagnostic = toLspDiagnostic(d, index);
    d.fixes.forEach((fix, i) => {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0 && d.fixes.length === 1,
        edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: index.range(e.span), newText: e.newText })) } },
      });
    });
  }
  return out;
}
