// Formatting is `seg fmt`: the same function, the whole document as one edit, and no edit at all
// when the file has syntax errors (a layout guessed around broken code could lose what was typed).
import type { DocumentFormattingParams, TextEdit } from "vscode-languageserver";
import { format } from "../../src/format/format.js";
import { indexOfDocument } from "./positions.js";
import type { ServerState } from "./state.js";

export function formatting(state: ServerState, params: DocumentFormattingParams): TextEdit[] {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const text = doc.getText();
  const result = format(text, state.pathOf(doc.uri));
  if (!result.ok || !result.changed) return [];
  return [{ range: indexOfDocument(doc).range({ start: 0, end: text.length }), newText: result.text }];
}
