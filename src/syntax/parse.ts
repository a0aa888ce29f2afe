// Text in; syntax tree, comments and diagnostics out. Never throws: whatever the input, the caller
// gets a tree (with placeholders where the text is broken) and a diagnostic for every mistake.
import { EOF, tokenMatcher, type IToken } from "chevrotain";
import { DiagnosticSink } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comment, SegFile, Span } from "./ast.js";
import { parseTokens, resumesDeclarations, type SyntaxErrorInfo } from "./parser.js";
import { tokenEnd } from "./to-ast.js";
import * as t from "./tokens.js";

export interface ParseResult {
  readonly file: SegFile;
  readonly comments: readonly Comment[];
  readonly diagnostics: Diagnostic[];
}

/** Parentheses nest at most this deep: the recursive-descent parser runs out of stack at about 150. */
export const MAX_NESTING = 64;

export function parse(text: string, file: string): ParseResult {
  const sink = new DiagnosticSink(file);
  const span = { start: 0, end: text.length };
  try {
    const scanned = scan(text, sink);
    const { tokens, holes } = limitNesting(scanned.tokens, sink);
    const { declarations, errors } = parseTokens(tokens, scanned.docs);
    reportSyntaxErrors(errors, holes, text, sink);
    return { file: { kind: "File", declarations, span }, comments: scanned.comments, diagnostics: sorted(sink.items) };
  } catch (e) {
    sink.report("internal-error", { message: e instanceof Error ? e.message : String(e) }, { start: 0, end: 0 });
    return { file: { kind: "File", declarations: [], span }, comments: [], diagnostics: sorted(sink.items) };
  }
}

// ---------------------------------------------------------------- tokens for editors

export type TokenCategory =
  | "keyword"
  | "contextual-keyword"
  | "identifier"
  | "unit"
  | "string"
  | "number"
  | "operator"
  | "punctuation"
  | "comment";

export interface SegToken {
  /** The token type, e.g. "Segment", "Identifier", "StringLit", "DocComment". */
  readonly type: string;
  readonly category: TokenCategory;
  readonly text: string;
  readonly span: Span;
}

/**
 * The tokens of a text, comments included, in source order; characters that start no token are left
 * out. A contextual keyword (`from`, `month`) may be used as a name: whether it is, only the tree says.
 */
export function lex(text: string): SegToken[] {
  const lexed = t.segLexer.tokenize(text);
  const comments = lexed.groups["comments"] ?? [];
  const out: SegToken[] = [];
  let c = 0;
  for (const token of lexed.tokens) {
    while (c < comments.length && comments[c]!.startOffset < token.startOffset) out.push(segToken(comments[c++]!));
    out.push(segToken(token));
  }
  while (c < comments.length) out.push(segToken(comments[c++]!));
  return out;
}

function segToken(token: IToken): SegToken {
  return {
    type: token.tokenType.name,
    category: categoryOf(token),
    text: token.image,
    span: { start: token.startOffset, end: tokenEnd(token) },
  };
}

function categoryOf(token: IToken): TokenCategory {
  const type = token.tokenType;
  if (type.GROUP === "comments") return "comment";
  if (tokenMatcher(token, t.Keyword)) return tokenMatcher(token, t.Name) ? "contextual-keyword" : "keyword";
  if (type === t.Unit) return "unit";
  if (type === t.Identifier) return "identifier";
  if (type === t.StringLit) return "string";
  if (type === t.NumberLit || type === t.PercentLit) return "number";
  if (tokenMatcher(token, t.CompareOp) || tokenMatcher(token, t.AddOp) || tokenMatcher(token, t.MulOp))
    return "operator";
  return "punctuation";
}

// ---------------------------------------------------------------- lexical analysis

interface Scanned {
  readonly tokens: IToken[];
  readonly comments: Comment[];
  readonly docs: Map<number, string>;
}

function scan(text: string, sink: DiagnosticSink): Scanned {
  const lexed = t.segLexer.tokenize(text);
  for (const error of lexed.errors) {
    const span = { start: error.offset, end: error.offset + error.length };
    sink.report("unexpected-character", { char: visible(text.slice(span.start, span.end)) }, span);
  }
  for (const token of lexed.tokens) {
    const type = token.tokenType;
    if (type === t.StringLit) checkString(token, sink);
    // Without `_` the lexer's pattern only matches well-formed numbers.
    else if ((type === t.NumberLit || type === t.PercentLit) && token.image.includes("_")) checkNumber(token, sink);
  }
  const commentTokens = lexed.groups["comments"] ?? [];
  const comments = commentTokens.map((token): Comment => {
    if (token.tokenType === t.UnterminatedComment) {
      sink.report("unterminated-comment", {}, { start: token.startOffset, end: token.startOffset + 2 });
    }
    const style = token.tokenType === t.DocComment ? "doc" : token.tokenType === t.LineComment ? "line" : "block";
    return { text: token.image, style, span: { start: token.startOffset, end: tokenEnd(token) } };
  });
  return { tokens: lexed.tokens, comments, docs: docComments(comments, lexed.tokens) };
}

function checkNumber(token: IToken, sink: DiagnosticSink): void {
  if (!t.isWellFormedNumber(token.image)) {
    sink.report("invalid-number", { text: token.image }, { start: token.startOffset, end: tokenEnd(token) });
  }
}

function checkString(token: IToken, sink: DiagnosticSink): void {
  const image = token.image;
  if (image.length >= 2 && image.endsWith(image[0]!) && !image.includes("\\")) return;
  for (const problem of t.decodeString(token.image).problems) {
    const span = { start: token.startOffset + problem.start, end: token.startOffset + problem.end };
    if (problem.kind === "unterminated") sink.report("unterminated-string", {}, span);
    else sink.report("invalid-escape", { escape: problem.text }, span);
  }
}

/** Invisible or control characters are shown by code point. */
function visible(chars: string): string {
  const shown = [...chars.slice(0, 16)]
    .map((ch) =>
      /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? ch : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
    )
    .join("");
  return chars.length > 16 ? `${shown}…` : shown;
}

/**
 * A run of `///` lines documents the token that follows it (the first token of a declaration,
 * field or tier); only white space may come between. Keyed by that token's offset.
 */
function docComments(comments: readonly Comment[], tokens: readonly IToken[]): Map<number, string> {
  const docs = new Map<number, string>();
  let run: string[] = [];
  for (let i = 0; i < comments.length; i++) {
    const comment = comments[i]!;
    if (comment.style !== "doc") {
      run = [];
      continue;
    }
    run.push(comment.text.slice(3).replace(/^ /, "").trimEnd());
    const next = tokens[firstTokenFrom(tokens, comment.span.end)];
    const nextComment = comments[i + 1];
    // The run goes on when the next comment comes before the next token.
    if (nextComment && (!next || nextComment.span.start < next.startOffset)) continue;
    if (next) docs.set(next.startOffset, run.join("\n"));
    run = [];
  }
  return docs;
}

/** The index of the first token that starts at or after `offset` (tokens.length if none). */
function firstTokenFrom(tokens: readonly IToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle]!.startOffset < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

// ---------------------------------------------------------------- syntax errors

/**
 * Parentheses nested deeper than MAX_NESTING would overflow the recursive-descent parser's stack:
 * such a group is reported and left out. The parser's complaint about the hole it leaves (at the
 * token after the group) is not reported again. Parentheses never span braces or declarations, so
 * the count starts again there: unclosed ones in broken code do not add up.
 */
function limitNesting(tokens: IToken[], sink: DiagnosticSink): { tokens: IToken[]; holes: Set<IToken> } {
  const holes = new Set<IToken>();
  if (maxDepth(tokens) <= MAX_NESTING) return { tokens, holes };
  const restarts = (i: number): boolean => {
    const type = tokens[i]!.tokenType;
    return type === t.LCurly || type === t.RCurly || resumesDeclarations(tokens[i]!, tokens[i + 1] ?? endOfFile);
  };
  let kept: IToken[] | undefined;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (restarts(i)) depth = 0;
    if (token.tokenType === t.LParen && depth === MAX_NESTING) {
      sink.report("nesting-too-deep", { limit: MAX_NESTING }, { start: token.startOffset, end: tokenEnd(token) });
      kept ??= tokens.slice(0, i);
      let inner = 0;
      for (; i < tokens.length; i++) {
        const type = tokens[i]!.tokenType;
        if (type === t.LParen) inner++;
        else if (type === t.RParen && --inner === 0) break;
        else if (restarts(i)) {
          i--;
          break;
        }
      }
      holes.add(tokens[i + 1] ?? endOfFile);
      continue;
    }
    if (token.tokenType === t.LParen) depth++;
    else if (token.tokenType === t.RParen && depth > 0) depth--;
    kept?.push(token);
  }
  return { tokens: kept ?? tokens, holes };
}

/** Nesting depth without starting again at braces or declarations: an upper bound, quick to find. */
function maxDepth(tokens: readonly IToken[]): number {
  let depth = 0;
  let max = 0;
  for (const token of tokens) {
    if (token.tokenType === t.LParen) max = Math.max(max, ++depth);
    else if (token.tokenType === t.RParen && depth > 0) depth--;
  }
  return max;
}

/** Stands for chevrotain's end-of-input token, which has no offsets. */
const endOfFile = { tokenType: EOF } as IToken;

function reportSyntaxErrors(
  errors: readonly SyntaxErrorInfo[],
  holes: ReadonlySet<IToken>,
  text: string,
  sink: DiagnosticSink,
): void {
  const seen = new Set<number>();
  for (const e of errors) {
    const atEnd = e.token.tokenType === EOF;
    if (holes.has(atEnd ? endOfFile : e.token)) continue;
    const previousEnd = e.previous && e.previous.tokenType !== EOF ? tokenEnd(e.previous) : 0;
    // A token that does not fit, on a later line than the last good one, most likely means something
    // is missing at the end of that line: say so there, rather than at the next line's first token.
    const missing =
      e.cause === "missing" ||
      (e.cause === "mismatch" && (atEnd || text.slice(previousEnd, e.token.startOffset).includes("\n")));
    const span = missing
      ? { start: previousEnd, end: previousEnd }
      : { start: e.token.startOffset, end: tokenEnd(e.token) };
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    if (missing) sink.report("missing-token", { expected: e.expected }, span);
    else sink.report("unexpected-token", { expected: e.expected, found: describeToken(e.token) }, span);
  }
}

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  const image = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  return `\`${image}\``;
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.span.start - b.span.start);
}
