// Rename across the workspace. A field declared without `from "column"` reads the column of its
// own name, so renaming it adds `from "old_name"`: the field keeps reading the same column.
import {
  ResponseError,
  ErrorCodes,
  type PrepareRenameParams,
  type Range,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { Program } from "../../src/check/checker.js";
import type { Symbol } from "../../src/check/symbols.js";
import { occurrences, sameSymbol, symbolAt, type Found } from "./lookup.js";
import { indexOfDocument, safePosition } from "./positions.js";
import type { ServerState } from "./state.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(["and", "or", "not", "true", "false", "null", "in", "is", "where", "now"]);

function target(state: ServerState, uri: string, position: unknown): { found: Found; program: Program } | undefined {
  const doc = state.document(uri);
  if (!doc) return undefined;
  const offset = indexOfDocument(doc).offset(safePosition(position));
  const program = state.workspaceProgram();
  const found = symbolAt(program, state.pathOf(uri), offset);
  // `NAME.at` is the event-time column, not a name declared in Seg.
  if (!found || found.symbol.kind === "eventTime") return undefined;
  return { found, program };
}

export function prepareRename(
  state: ServerState,
  params: PrepareRenameParams,
): { range: Range; placeholder: string } | null {
  const t = target(state, params.textDocument.uri, params.position);
  const doc = state.document(params.textDocument.uri);
  if (!t || !doc) return null;
  return { range: indexOfDocument(doc).range(t.found.site.id.span), placeholder: t.found.symbol.name };
}

export function rename(state: ServerState, params: RenameParams): WorkspaceEdit | null {
  const t = target(state, params.textDocument.uri, params.position);
  if (!t) return null;
  const newName = params.newName;
  if (typeof newName !== "string" || !NAME.test(newName) || RESERVED.has(newName))
    throw new ResponseError(ErrorCodes.InvalidParams, `\`${String(newName)}\` is not a valid Seg name`);
  const sym = t.found.symbol;
  if (newName === sym.name) return { changes: {} };
  const clash = conflict(t.program, sym, newName);
  if (clash) throw new ResponseError(ErrorCodes.InvalidParams, clash);
  const changes: Record<string, TextEdit[]> = {};
  const add = (file: string, edit: (index: NonNullable<ReturnType<ServerState["index"]>>) => TextEdit): void => {
    const index = state.index(file);
    if (index) (changes[state.uriOf(file)] ??= []).push(edit(index));
  };
  for (const o of occurrences(t.program, sym))
    add(o.file, (index) => ({ range: index.range(o.span), newText: newName }));
  if (sym.kind === "field" && !sym.decl.column) {
    const at = sym.decl.span.end;
    add(sym.file, (index) => ({
      range: index.range({ start: at, end: at }),
      newText: ` from ${JSON.stringify(sym.name)}`,
    }));
  }
  return { changes };
}

/** Why the new name cannot be used, if it clashes with a name already visible. */
function conflict(program: Program, sym: Symbol, newName: string): string | undefined {
  if (sym.kind === "field" && sym.owner.fields.has(newName))
    return `\`${sym.owner.name}\` already has a field \`${newName}\``;
  if (sym.kind === "branch" && sym.segmentation.branches.has(newName))
    return `\`${sym.segmentation.name}\` already has a tier \`${newName}\``;
  if (sym.kind === "branch" || sym.kind === "eventTime") return undefined;
  // Entity fields and top-level names share expressions (a bare name is a field first).
  const owner = sym.kind === "field" ? sym.owner : sym;
  if (sym.kind === "field" && owner.kind !== "entity") return undefined;
  for (const [file, analysis] of program.analyses) {
    const visible = analysis.scope.get(owner.name);
    if (!visible || !sameSymbol(visible, owner)) continue;
    if (analysis.scope.has(newName)) return `\`${newName}\` is already declared in the scope of ${file}`;
    if (sym.kind !== "field")
      for (const s of analysis.scope.values())
        if (s.kind === "entity" && s.fields.has(newName))
          return `\`${newName}\` is a field of \`${s.name}\`, which would hide the new name`;
  }
  return undefined;
}
