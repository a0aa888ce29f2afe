// The outline: entities and event sets with their fields, measures, params, segments, and
// segmentations with their tiers. Read from the syntax tree alone, so it is there while the file
// is broken.
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from "vscode-languageserver";
import type { Declaration, FieldDecl, Identifier, Span } from "../../src/syntax/ast.js";
import type { TextIndex } from "./positions.js";
import type { ServerState } from "./state.js";

export function documentSymbols(state: ServerState, params: DocumentSymbolParams): DocumentSymbol[] {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const path = state.pathOf(doc.uri);
  const parsed = state.parsed(path);
  const index = state.index(path);
  if (!parsed || !index) return [];
  const out: DocumentSymbol[] = [];
  for (const d of parsed.result.file.declarations) {
    const s = declarationSymbol(d, index, parsed.text);
    if (s) out.push(s);
  }
  return out;
}

function symbol(
  name: Identifier,
  kind: SymbolKind,
  span: Span,
  index: TextIndex,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol | undefined {
  if (!name.name) return undefined;
  // The selection must lie inside the full range, even for spans recovery left odd.
  const full = { start: Math.min(span.start, name.span.start), end: Math.max(span.end, name.span.end) };
  return {
    name: name.name,
    kind,
    range: index.range(full),
    selectionRange: index.range(name.span),
    ...(detail !== undefined && { detail }),
    ...(children && { children }),
  };
}

function fieldSymbols(fields: readonly FieldDecl[], index: TextIndex, text: string): DocumentSymbol[] {
  return fields.flatMap((f) => {
    const type = text.slice(f.type.span.start, f.type.span.end) + (f.nullable ? "?" : "");
    const s = symbol(f.name, SymbolKind.Field, f.span, index, type);
    return s ? [s] : [];
  });
}

function declarationSymbol(d: Declaration, index: TextIndex, text: string): DocumentSymbol | undefined {
  switch (d.kind) {
    case "Entity":
      return symbol(d.name, SymbolKind.Class, d.span, index, "entity", fieldSymbols(d.fields, index, text));
    case "Events":
      return symbol(
        d.name,
        SymbolKind.Event,
        d.span,
        index,
        d.entity.name ? `events of ${d.entity.name}` : "events",
        fieldSymbols(d.fields, index, text),
      );
    case "Measure":
      return symbol(d.name, SymbolKind.Function, d.span, index, "measure");
    case "Param":
      return symbol(d.name, SymbolKind.Constant, d.span, index, `param: ${d.type.name}`);
    case "Segment":
      return symbol(
        d.name,
        SymbolKind.Boolean,
        d.span,
        index,
        d.entity?.name ? `segment for ${d.entity.name}` : "segment",
      );
    case "Segmentation":
      return symbol(
        d.name,
        SymbolKind.Enum,
        d.span,
        index,
        "segmentation",
        d.branches.flatMap((b) => {
          const s = symbol(b.name, SymbolKind.EnumMember, b.span, index, b.condition ? "tier" : "otherwise");
          return s ? [s] : [];
        }),
      );
    case "Import":
    case "DefaultWindow":
      return undefined;
  }
}
