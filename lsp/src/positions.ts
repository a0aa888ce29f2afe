// The edge between the core's spans (UTF-16 offsets) and LSP's 0-based line/character positions.
// Features work in spans and convert here, when they build their answer.
import type { Position, Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Span } from "../../src/syntax/ast.js";

/**
 * Line arithmetic for one text. TextDocument's, not the core LineMap's: LSP counts `\r` alone as a
 * line break too, and positions must agree with the client's to the character.
 */
export class TextIndex {
  constructor(private readonly doc: TextDocument) {}
  get text(): string {
    return this.doc.getText();
  }
  position(offset: number): Position {
    return this.doc.positionAt(offset);
  }
  /** Positions past the end of a line or of the text are clamped, as LSP asks. */
  offset(position: Position): number {
    return this.doc.offsetAt(position);
  }
  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(Math.max(span.start, span.end)) };
  }
  span(range: Range): Span {
    const a = this.offset(range.start);
    const b = this.offset(range.end);
    return a <= b ? { start: a, end: b } : { start: b, end: a };
  }
  get lineCount(): number {
    return this.doc.lineCount;
  }
}

const cache = new WeakMap<TextDocument, TextIndex>();
const byText = new Map<string, TextIndex>();

/** The index of an open document (cached for its version: TextDocument objects are replaced on change). */
export function indexOfDocument(doc: TextDocument): TextIndex {
  let index = cache.get(doc);
  if (!index) cache.set(doc, (index = new TextIndex(doc)));
  return index;
}

/** The index of any text (a file on disk); a few are kept. */
export function indexOfText(text: string): TextIndex {
  let index = byText.get(text);
  if (index) return index;
  if (byText.size > 16) byText.clear();
  byText.set(text, (index = new TextIndex(TextDocument.create("seg:index", "seg", 0, text))));
  return index;
}

/** A position the client sent, validated: anything malformed becomes the start of the text. */
export function safePosition(p: unknown): Position {
  const q = p as { line?: unknown; character?: unknown } | null | undefined;
  const num = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) ? Math.max(0, Math.floor(x)) : 0);
  return { line: num(q?.line), character: num(q?.character) };
}
