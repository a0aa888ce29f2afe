// Text in; syntax tree, comments and diagnostics out. Never throws: whatever the input, the caller
// gets a tree (with placeholders where the text is broken) and a diagnostic for every mistake.
import { EOF, tokenMatcher, type IToken } from "chevrotain";
import { DiagnosticSink } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comment, SegFile, Span } from "./ast.js";
import { parseTokens, type SyntaxErrorInfo } from "./parser.js";
import { tokenEnd } from "./to-ast.js";
import * as t from "./tokens.js";

export interface ParseResult {
  readonly file: SegFile;
  readonly comments: readonly Comment[];
  readonly diagnostics: Diagnostic[];
}

/** Parentheses nest at most this deep; the recursive-descent parser would run out of stack long before 1000. */
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
 * The tokens of a text, comments included, in source order. A contextual keyword (`from`, `month`)
 * may be used as a name: whether it is one here, only the syntax tree says.
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
  if (token.tokenType.GROUP === "comments") return "comment";
  if (tokenMatcher(token, t.Keyword)) return tokenMatcher(token, t.Name) ? "contextual-keyword" : "keyword";
  if (type === t.Unit) return "unit";
  if (type === t.Identifier) return "identifier";
  if (type === t.StringLit) return "string";
  if (type === t.NumberLit || type === t.PercentLit) return "number";
  if (tokenMatcher(token, t.CompareOp) || tokenMatcher(token, t.AddOp) || tokenMatcher(token, t.MulOp)) return "operator";
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
    if (token.tokenType === t.StringLit) checkString(token, sink);
    else if ((token.tokenType === t.NumberLit || token.tokenType === t.PercentLit) && !t.isWellFormedNumber(token.image)) {
      sink.report("invalid-number", { text: token.image }, { start: token.startOffset, end: tokenEnd(token) });
    }
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

function checkString(token: IToken, sink: DiagnosticSink): void {
  for (const problem of t.decodeString(token.image).problems) {
    const span = { start: token.startOffset + problem.start, end: token.startOffset + problem.end };
    if (problem.kind === "unterminated") sink.report("unterminated-string", {}, span);
    else sink.report("invalid-escape", { escape: problem.text }, span);
  }
}

/** Invisible or control characters are shown by code point. */
function visible(chars: string): string {
  const shown = [...chars.slice(0, 16)]
    .map((ch) => (/[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? ch : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`))
    .join("");
  return chars.length > 16 ? `${shown}…` : shown;
}

/**
 * A run of `///` lines documents the token that follows it (the first token of a declaration,
 * field or tier); only whitespace may come between. Keyed by that token's offset.
 */
function docComments(comments: readonly Comment[], tokens: readonly IToken[]): Map<number, string> {
  const docs = new Map<number, string>();
  let run: string[] = [];
  let next = 0;
  const attach = (before: number): void => {
    while (next < tokens.length && tokens[next]!.startOffset < before) {
      if (run.length) {
        docs.set(tokens[next]!.startOffset, run.join("\n"));
        run = [];
      }
      next++;
    }
  };
  for (const comment of comments) {
    attach(comment.span.start);
    if (comment.style === "doc") run.push(comment.text.slice(3).replace(/^ /, "").trimEnd());
    else run = [];
  }
  if (run.length && next < tokens.length) docs.set(tokens[next]!.startOffset, run.join("\n"));
  return docs;
}

// ---------------------------------------------------------------- syntax errors

/**
 * Parentheses nested deeper than MAX_NESTING would overflow the recursive-descent parser's stack:
 * such a group is reported and left out. The parser's complaint about the hole it leaves (at the
 * token after the group) is not reported again.
 */
function limitNesting(tokens: IToken[], sink: DiagnosticSink): { tokens: IToken[]; holes: Set<IToken> } {
  const holes = new Set<IToken>();
  let kept: IToken[] | undefined;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.tokenType === t.LParen && depth === MAX_NESTING) {
      sink.report("nesting-too-deep", { limit: MAX_NESTING }, { start: token.startOffset, end: tokenEnd(token) });
      kept ??= tokens.slice(0, i);
      for (let inner = 0; i < tokens.length; i++) {
        const type = tokens[i]!.tokenType;
        if (type === t.LParen) inner++;
        else if (type === t.RParen && --inner === 0) break;
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
    // A token on a later line than the last good one most likely means something is missing at
    // the end of that line: say so there, rather than at the next line's first token.
    const missing = e.missing || atEnd || text.slice(previousEnd, e.token.startOffset).includes("\n");
    const span = missing ? { start: previousEnd, end: previousEnd } : { start: e.token.startOffset, end: tokenEnd(e.token) };
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
