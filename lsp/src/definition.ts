// Go to definition: a name jumps to its declaration, in whichever file declares it; an import's
// path jumps to the imported file.
import type { DefinitionParams, Location } from "vscode-languageserver";
import { symbolAt } from "./lookup.js";
import { indexOfDocument, safePosition } from "./positions.js";
import type { ServerState } from "./state.js";

export function definition(state: ServerState, params: DefinitionParams): Location[] {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const offset = indexOfDocument(doc).offset(safePosition(params.position));
  const path = state.pathOf(doc.uri);
  const program = state.program(path);
  const found = symbolAt(program, path, offset);
  if (found) {
    const s = found.symbol;
    const file = s.kind === "eventTime" ? s.events.file : s.file;
    const index = state.index(file);
    return index ? [{ uri: state.uriOf(file), range: index.range(s.nameSpan) }] : [];
  }
  const module = program.analyses.get(path)?.module;
  const imported = module?.imports.find((i) => i.decl.path.span.start <= offset && offset <= i.decl.path.span.end);
  if (imported?.target) {
    const start = { line: 0, character: 0 };
    return [{ uri: state.uriOf(imported.target), range: { start, end: start } }];
  }
  return [];
}
