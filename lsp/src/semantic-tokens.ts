// Semantic tokens: the lexer says what each token is (keyword, number, string, comment, operator);
// for names, the checker's resolution says which kind of symbol it is (field, event set, measure,
// param, segment, …). A contextual keyword used as a name (`from`, `month`) is coloured as the name.
import type { SemanticTokens, SemanticTokensLegend, SemanticTokensParams } from "vscode-languageserver";
import type { Program } from "../../src/check/checker.js";
import type { Symbol } from "../../src/check/symbols.js";
import type { Identifier, SegFile, Span } from "../../src/syntax/ast.js";
import { lex } from "../../src/syntax/parse.js";
import type { TextIndex } from "./positions.js";
import { CheckFailed, type ServerState } from "./state.js";
import { functionDoc } from "./describe.js";
import { identifiers } from "./syntax-walk.js";

const TYPES = [
  "keyword",
  "number",
  "string",
  "comment",
  "operator",
  "class",
  "event",
  "property",
  "function",
  "parameter",
  "variable",
  "enum",
  "enumMember",
  "type",
] as const;
const MODIFIERS = ["declaration", "documentation", "defaultLibrary", "readonly"] as const;
type TokenType = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

export const semanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Classified {
  readonly type: TokenType;
  readonly modifiers: readonly Modifier[];
}

const SYMBOL_TYPES: Readonly<Record<Symbol["kind"], TokenType>> = {
  entity: "class",
  events: "event",
  field: "property",
  eventTime: "property",
  measure: "function",
  param: "parameter",
  segment: "variable",
  segmentation: "enum",
  branch: "enumMember",
};

/** The last answer per checked program: editors ask again for an unchanged document. */
const cache = new WeakMap<Program, SemanticTokens>();

export function semanticTokens(state: ServerState, params: SemanticTokensParams): SemanticTokens {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return { data: [] };
  const path = state.pathOf(doc.uri);
  const index = state.index(path);
  let program: Program;
  try {
    program = state.program(path);
  } catch (e) {
    if (!(e instanceof CheckFailed)) throw e;
    // Without resolution, names are left to the grammar's colours; the rest still comes from the lexer.
    const parsed = state.parsed(path);
    return parsed && index ? encode(parsed.text, parsed.result.file, () => undefined, index) : { data: [] };
  }
  const cached = cache.get(program);
  if (cached) return cached;
  const analysis = program.analyses.get(path);
  if (!analysis || !index) return { data: [] };
  const result = encode(analysis.module.text, analysis.module.parsed.file, (id) => program.refs.get(id), index);
  cache.set(program, result);
  return result;
}

function encode(
  text: string,
  file: SegFile,
  resolve: (id: Identifier) => Symbol | undefined,
  index: TextIndex,
): SemanticTokens {
  const names = classifyNames(file, resolve);
  const builder = new Encoder(index);
  for (const token of lex(text)) {
    const named = names.get(token.span.start);
    if (named) {
      builder.push(token.span, named);
      continue;
    }
    switch (token.category) {
      case "comment":
        builder.push(token.span, { type: "comment", modifiers: token.type === "DocComment" ? ["documentation"] : [] });
        break;
      case "string":
        builder.push(token.span, { type: "string", modifiers: [] });
        break;
      case "number":
        builder.push(token.span, { type: "number", modifiers: [] });
        break;
      case "keyword":
      case "contextual-keyword":
      case "unit":
        builder.push(token.span, { type: "keyword", modifiers: [] });
        break;
      case "operator":
        builder.push(token.span, { type: "operator", modifiers: [] });
        break;
      case "identifier":
      case "punctuation":
        break;
    }
  }
  return { data: builder.data };
}

/** Names by start offset: resolved identifiers, function names and type names. */
function classifyNames(file: SegFile, resolve: (id: Identifier) => Symbol | undefined): Map<number, Classified> {
  const out = new Map<number, Classified>();
  for (const site of identifiers(file)) {
    if (site.role === "callee") {
      if (functionDoc(site.id.name)) out.set(site.id.span.start, { type: "function", modifiers: ["defaultLibrary"] });
      continue;
    }
    const sym = resolve(site.id);
    if (!sym) continue;
    const declaration = site.role === "declaration" || site.role === "field" || site.role === "tier";
    const modifiers: Modifier[] = declaration ? ["declaration"] : [];
    if (sym.kind === "param") modifiers.push("readonly");
    out.set(site.id.span.start, { type: SYMBOL_TYPES[sym.kind], modifiers });
  }
  for (const d of file.declarations) {
    const types =
      d.kind === "Entity" || d.kind === "Events" ? d.fields.map((f) => f.type) : d.kind === "Param" ? [d.type] : [];
    for (const t of types)
      if (t.name && t.nameSpan.end > t.nameSpan.start) out.set(t.nameSpan.start, { type: "type", modifiers: [] });
  }
  return out;
}

/** LSP's relative encoding; tokens that span lines are cut at each line break. */
class Encoder {
  readonly data: number[] = [];
  private line = 0;
  private char = 0;
  constructor(private readonly index: TextIndex) {}

  push(span: Span, c: Classified): void {
    const type = TYPES.indexOf(c.type);
    const mods = c.modifiers.reduce((m, x) => m | (1 << MODIFIERS.indexOf(x)), 0);
    const text = this.index.text;
    let start = span.start;
    while (start < span.end) {
      let end = start;
      while (end < span.end && text[end] !== "\n" && text[end] !== "\r") end++;
      if (end > start) this.emit(start, end - start, type, mods);
      start = end;
      while (start < span.end && (text[start] === "\n" || text[start] === "\r")) start++;
    }
  }

  private emit(offset: number, length: number, type: number, mods: number): void {
    const p = this.index.position(offset);
    const deltaLine = p.line - this.line;
    if (deltaLine < 0 || (deltaLine === 0 && p.character < this.char)) return;
    this.data.push(deltaLine, deltaLine === 0 ? p.character - this.char : p.character, length, type, mods);
    this.line = p.line;
    this.char = p.character;
  }
}
