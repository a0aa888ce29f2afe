// Find references across the workspace: open documents, the `.seg` files of the workspace
// folders and what they import, checked together so that they share one set of symbols.
import type { Location, ReferenceParams } from "vscode-languageserver";
import { occurrences, symbolAt } from "./lookup.js";
import { indexOfDocument, safePosition } from "./positions.js";
import type { ServerState } from "./state.js";

export function references(state: ServerState, params: ReferenceParams): Location[] {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const offset = indexOfDocument(doc).offset(safePosition(params.position));
  const path = state.pathOf(doc.uri);
  const program = state.workspaceProgram();
  const found = symbolAt(program, path, offset);
  if (!found) return [];
  const includeDeclaration = params.context?.includeDeclaration !== false;
  const out: Location[] = [];
  for (const o of occurrences(program, found.symbol)) {
    if (o.declaration && !includeDeclaration) continue;
    const index = state.index(o.file);
    if (index) out.push({ uri: state.uriOf(o.file), range: index.range(o.span) });
  }
  return out;
}
