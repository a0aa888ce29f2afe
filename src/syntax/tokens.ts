// The vocabulary of Seg: token types, the lexer, and the decoding of string and number literals.
// Keywords are lowercase. Most are contextual: they belong to the `Name` category, so every rule that
// expects a name also accepts them (a field may be called `from`, `key` or `month`).
import { createToken, EOF, Lexer, type TokenType } from "chevrotain";
import type { TimeUnit } from "./ast.js";

/** Anything that can stand where a name is expected: identifiers, contextual keywords and unit words. */
// Labels are what the railroad diagrams show.
export const Name = createToken({ name: "Name", label: "name", pattern: Lexer.NA });
/** Every keyword, reserved or contextual; only used to classify tokens for editors. */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });
export const CompareOp = createToken({ name: "CompareOp", label: "= != < <= > >=", pattern: Lexer.NA });
export const AddOp = createToken({ name: "AddOp", label: "+ -", pattern: Lexer.NA });
export const MulOp = createToken({ name: "MulOp", label: "* /", pattern: Lexer.NA });

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name] });

const keywords: TokenType[] = [];
function keyword(word: string, reserved = false): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  const type = createToken({
    name,
    label: word,
    pattern: word,
    longer_alt: Identifier,
    categories: reserved ? [Keyword] : [Keyword, Name],
  });
  keywords.push(type);
  return type;
}

// Reserved: these never name anything (listed in grammar/seg.ebnf).
export const And = keyword("and", true);
export const Or = keyword("or", true);
export const Not = keyword("not", true);
export const True = keyword("true", true);
export const False = keyword("false", true);
export const Null = keyword("null", true);
export const In = keyword("in", true);
export const Is = keyword("is", true);
export const Where = keyword("where", true);
export const Now = keyword("now", true);

// Contextual.
export const Import = keyword("import");
export const Entity = keyword("entity");
export const Events = keyword("events");
export const Measure = keyword("measure");
export const Param = keyword("param");
export const Segmentation = keyword("segmentation");
export const Segment = keyword("segment");
export const Default = keyword("default");
export const Window = keyword("window");
export const From = keyword("from");
export const Key = keyword("key");
export const Of = keyword("of");
export const By = keyword("by");
export const At = keyword("at");
export const For = keyword("for");
export const Otherwise = keyword("otherwise");
export const Last = keyword("last");
export const To = keyword("to");
export const Over = keyword("over");
export const Per = keyword("per");
export const Every = keyword("every");
export const Least = keyword("least");
export const Top = keyword("top");
export const Bottom = keyword("bottom");
export const Within = keyword("within");
export const Ago = keyword("ago");
export const Between = keyword("between");
export const Contains = keyword("contains");
export const Starts = keyword("starts");
export const Ends = keyword("ends");
export const With = keyword("with");
export const DateKw = keyword("date");
export const TimestampKw = keyword("timestamp");

/** `day`, `days`, `month`, … : a name too (`month(t)` is a function, a field may be called `day`). */
export const Unit = createToken({
  name: "Unit",
  label: "unit",
  pattern: /(?:minute|hour|day|week|month|quarter|year)s?/,
  longer_alt: Identifier,
  categories: [Name],
});

// `///` documents the next declaration; `////…` is an ordinary comment.
export const DocComment = createToken({ name: "DocComment", pattern: /\/\/\/(?!\/)[^\r\n]*/, group: "comments" });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: "comments" });
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  line_breaks: true,
  group: "comments",
});
/** Tried after BlockComment: a `/*` that never closes runs to the end of the file. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
  group: "comments",
});
const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });

/** A string may not span lines; a missing closing quote ends the token at the end of the line. */
export const StringLit = createToken({
  name: "StringLit",
  label: "string",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*"?|'(?:[^'\\\r\n]|\\[^\r\n]?)*'?/,
});
export const PercentLit = createToken({ name: "PercentLit", label: "percent", pattern: /[0-9][0-9_]*(?:\.[0-9_]+)?%/ });
export const NumberLit = createToken({ name: "NumberLit", label: "number", pattern: /[0-9][0-9_]*(?:\.[0-9_]+)?/ });

function punct(name: string, pattern: string, category?: TokenType): TokenType {
  return createToken({ name, label: pattern, pattern, ...(category && { categories: [category] }) });
}
export const NotEq = punct("NotEq", "!=", CompareOp);
export const LtEq = punct("LtEq", "<=", CompareOp);
export const GtEq = punct("GtEq", ">=", CompareOp);
export const Lt = punct("Lt", "<", CompareOp);
export const Gt = punct("Gt", ">", CompareOp);
export const Eq = punct("Eq", "=", CompareOp);
export const Plus = punct("Plus", "+", AddOp);
export const Minus = punct("Minus", "-", AddOp);
export const Star = punct("Star", "*", MulOp);
export const Slash = punct("Slash", "/", MulOp);
export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Question = punct("Question", "?");
export const Dot = punct("Dot", ".");

/** In matching order: comments before `/`, longer keywords before their prefixes (`top` before `to`). */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  PercentLit,
  NumberLit,
  ...[...keywords].sort((a, b) => (b.PATTERN as string).length - (a.PATTERN as string).length),
  Unit,
  Identifier,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Eq,
  Plus,
  Minus,
  Star,
  Slash,
  LCurly,
  RCurly,
  LParen,
  RParen,
  Comma,
  Colon,
  Question,
  Dot,
  Name,
  Keyword,
  CompareOp,
  AddOp,
  MulOp,
];

export const segLexer = new Lexer([...allTokens], { positionTracking: "onlyOffset", ensureOptimizations: true });

/** How a token type reads in an error message: "`where`", "a name", "the end of the file". */
export function describeTokenType(type: TokenType): string {
  switch (type) {
    case Name:
    case Identifier:
      return "a name";
    case StringLit:
      return "a string";
    case NumberLit:
      return "a number";
    case PercentLit:
      return "a percentage such as `10%`";
    case Unit:
      return "a time unit such as `days`";
    case CompareOp:
      return "a comparison operator";
    case AddOp:
      return "`+` or `-`";
    case MulOp:
      return "`*` or `/`";
    case EOF:
      return "the end of the file";
    default:
      return typeof type.PATTERN === "string" ? `\`${type.PATTERN}\`` : type.name;
  }
}

/** Normalises `days` to `day`; the pattern guarantees one of the seven units. */
export function unitOf(image: string): TimeUnit {
  return (image.endsWith("s") ? image.slice(0, -1) : image) as TimeUnit;
}

// ---------------------------------------------------------------- literals

const wellFormedNumber = /^[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?%?$/;

/** Underscores are allowed only between digits (`1_000`, not `1__0` or `1_`). */
export function isWellFormedNumber(image: string): boolean {
  return wellFormedNumber.test(image);
}

/** NumberLiteral.text: the source without `_` and `%`. */
export function numberText(image: string): string {
  return image.replace(/[_%]/g, "");
}

export interface StringProblem {
  readonly kind: "unterminated" | "escape";
  /** The escape as written, for `escape` problems. */
  readonly text: string;
  /** Offsets relative to the token start. */
  readonly start: number;
  readonly end: number;
}

export interface DecodedString {
  readonly value: string;
  readonly problems: readonly StringProblem[];
}

const simpleEscapes: Readonly<Record<string, string>> = { "\\": "\\", '"': '"', "'": "'", n: "\n", t: "\t" };
const unicodeEscape = /u\{([0-9A-Fa-f]{1,6})\}/y;
const badUnicodeEscape = /u(?:\{[0-9A-Za-z]*\}?)?/y;

/** Decodes a string token's image (quotes included, the closing one possibly missing). */
export function decodeString(image: string): DecodedString {
  const quote = image[0];
  const problems: StringProblem[] = [];
  if (!image.includes("\\")) {
    const closed = image.length >= 2 && image.endsWith(quote!);
    if (!closed) problems.push({ kind: "unterminated", text: "", start: 0, end: image.length });
    return { value: image.slice(1, closed ? -1 : undefined), problems };
  }
  let value = "";
  let i = 1;
  let closed = false;
  while (i < image.length) {
    const ch = image[i]!;
    if (ch === quote) {
      closed = true;
      break;
    }
    if (ch !== "\\") {
      value += ch;
      i++;
      continue;
    }
    const next = image[i + 1];
    const simple = next === undefined ? undefined : simpleEscapes[next];
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    unicodeEscape.lastIndex = i + 1;
    const m = unicodeEscape.exec(image);
    const code = m ? parseInt(m[1]!, 16) : -1;
    if (m && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) {
      value += String.fromCodePoint(code);
      i += 1 + m[0].length;
      continue;
    }
    // An invalid escape: report it and keep it as written.
    let length = 1 + (next === undefined ? 0 : 1);
    if (next === "u") {
      badUnicodeEscape.lastIndex = i + 1;
      length = 1 + badUnicodeEscape.exec(image)![0].length;
    }
    const text = image.slice(i, i + length);
    problems.push({ kind: "escape", text, start: i, end: i + length });
    value += text;
    i += length;
  }
  if (!closed) problems.push({ kind: "unterminated", text: "", start: 0, end: image.length });
  return { value, problems };
}
