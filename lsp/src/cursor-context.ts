// What may be typed at the cursor, from the tokens before it. Completion runs on every keystroke,
// on text that is usually broken, so this looks only at the declaration the cursor is in (found by
// its keyword at the start of a line), lexes that slice, and reads the tokens like the grammar
// would. The checker's symbols (names, fields, enum values) are looked up by the caller.
import { AGGREGATES } from "../../src/check/checker.js";
import { lex, type SegToken } from "../../src/syntax/parse.js";

export type DeclKeyword = "import" | "entity" | "events" | "measure" | "param" | "default" | "segment" | "segmentation";

export interface DeclInfo {
  readonly keyword: DeclKeyword;
  readonly name?: string;
  /** The entity after `for`, or an event set / entity the expression mentions (measures). */
  readonly entity?: string;
  readonly mentions: readonly string[];
}

/** Where in an expression the cursor is. */
export interface ExprContext {
  readonly kind: "expr";
  readonly decl: DeclInfo;
  /** `operand`: a value may start here; `after-operand`: an operator or keyword may follow. */
  readonly position: "operand" | "after-operand";
  /** Inside `AGG(SET where …)`: bare names are SET's fields. */
  readonly filterOf?: string;
  /** Directly after `AGG(`: an event set goes here. */
  readonly aggregateArg?: string;
  /** Right after the first argument of an aggregate: `where` may follow. */
  readonly afterAggregateArg?: boolean;
  /** A comparison is complete at this level: a rate (`per`, `every`) may follow. */
  readonly afterComparison: boolean;
  /** A number was just written: units may follow (`30 days ago`). */
  readonly afterNumber: boolean;
  /** The condition may be complete and the cursor is on a new line: a declaration may start. */
  readonly declarationMayStart: boolean;
  /** Inside a param's value: only literals. */
  readonly literalOnly?: boolean;
}

export type CursorContext =
  | { readonly kind: "none" }
  | { readonly kind: "top" }
  | { readonly kind: "keywords"; readonly words: readonly string[]; readonly alsoTop?: boolean }
  | { readonly kind: "entities" }
  | { readonly kind: "types" }
  | { readonly kind: "units"; readonly plural: boolean }
  | { readonly kind: "member"; readonly object: string; readonly decl: DeclInfo; readonly filterOf?: string }
  | ExprContext
  | StringContext;

/** The cursor is inside a string literal. */
export interface StringContext {
  readonly kind: "string";
  readonly decl: DeclInfo | undefined;
  /** Offset just after the opening quote. */
  readonly contentStart: number;
  readonly quote: string;
  /** What the string is compared with: a name (`status`), a member (`orders.channel`) or an aggregate of a member. */
  readonly subject?: { readonly object?: string; readonly name: string };
  readonly filterOf?: string;
  readonly importPath: boolean;
}

export interface Cursor {
  readonly context: CursorContext;
  /** The word typed so far before the cursor (may be empty). */
  readonly prefix: string;
}

const DECL_KEYWORDS: readonly DeclKeyword[] = [
  "import",
  "entity",
  "events",
  "measure",
  "param",
  "default",
  "segment",
  "segmentation",
];
const declLine = /^[ \t]*(import|entity|events|measure|param|default|segmentation|segment)\b(?![ \t]*:)/;
const word = /^[A-Za-z_][A-Za-z0-9_]*$/;
const aggregates = new Set<string>(AGGREGATES);

/** Offset of the line where the declaration holding `offset` starts (0 when none is found). */
export function declarationStart(text: string, offset: number): number {
  let end = offset;
  for (;;) {
    const start = text.lastIndexOf("\n", end - 1) + 1;
    if (declLine.test(text.slice(start, Math.min(text.length, start + 64)))) return start;
    if (start === 0) return 0;
    end = start - 1;
  }
}

const isWordToken = (t: SegToken | undefined): boolean =>
  !!t &&
  (t.category === "identifier" ||
    t.category === "contextual-keyword" ||
    t.category === "unit" ||
    t.category === "keyword") &&
  word.test(t.text);
/** A token that can stand where a name is expected (identifiers and contextual keywords). */
const isName = (t: SegToken | undefined): boolean =>
  !!t && (t.category === "identifier" || t.category === "contextual-keyword" || t.category === "unit");
const is = (t: SegToken | undefined, text: string): boolean => !!t && t.text === text && t.category !== "string";

export function cursorAt(text: string, offset: number): Cursor {
  const start = declarationStart(text, offset);
  const slice = text.slice(start, offset);
  const all = lex(slice).map((t) => ({ ...t, span: { start: t.span.start + start, end: t.span.end + start } }));
  const last = all.at(-1);
  if (last && last.category === "comment") {
    const closed = last.type === "BlockComment" && last.span.end <= offset;
    if (!closed) return { context: { kind: "none" }, prefix: "" };
  }
  const tokens = all.filter((t) => t.category !== "comment");
  let lastTok = tokens.at(-1);
  // Inside a string: the lexer cut it at the cursor, so it is unterminated.
  if (lastTok && lastTok.category === "string" && lastTok.span.end === offset && !closedString(lastTok.text)) {
    tokens.pop();
    return { context: stringContext(tokens, lastTok), prefix: lastTok.text.slice(1) };
  }
  let prefix = "";
  if (lastTok && lastTok.span.end === offset && isWordToken(lastTok)) {
    prefix = lastTok.text;
    tokens.pop();
  } else if (lastTok && lastTok.span.end === offset && lastTok.category === "number") {
    return { context: { kind: "none" }, prefix: "" };
  }
  lastTok = tokens.at(-1);
  const newLine = /\n/.test(text.slice(lastTok ? lastTok.span.end : start, offset - prefix.length));
  return { context: declarationContext(tokens, newLine), prefix };
}

function closedString(image: string): boolean {
  if (image.length < 2) return false;
  const q = image[0]!;
  if (!image.endsWith(q)) return false;
  // An escaped closing quote does not close: count the backslashes before it.
  let n = 0;
  for (let i = image.length - 2; i > 0 && image[i] === "\\"; i--) n++;
  return n % 2 === 0;
}

// ------------------------------------------------------------------ declarations

function declInfo(tokens: readonly SegToken[]): DeclInfo | undefined {
  const first = tokens[0];
  if (!first || !(DECL_KEYWORDS as readonly string[]).includes(first.text)) return undefined;
  const keyword = first.text as DeclKeyword;
  const name = isName(tokens[1]) ? tokens[1]!.text : undefined;
  let entity: string | undefined;
  if ((keyword === "segment" || keyword === "segmentation") && is(tokens[2], "for") && isName(tokens[3]))
    entity = tokens[3]!.text;
  const mentions = tokens
    .slice(2)
    .filter(isName)
    .map((t) => t.text);
  return { keyword, ...(name !== undefined && { name }), ...(entity !== undefined && { entity }), mentions };
}

function declarationContext(tokens: readonly SegToken[], newLine: boolean): CursorContext {
  const decl = declInfo(tokens);
  if (!decl) return tokens.length === 0 ? { kind: "top" } : { kind: "none" };
  const n = tokens.length;
  const at = (i: number): SegToken | undefined => tokens[i];
  switch (decl.keyword) {
    case "import":
      return n >= 2 ? { kind: "top" } : { kind: "none" };
    case "entity": {
      if (n === 2) return { kind: "keywords", words: ["from"] };
      if (n === 4) return { kind: "keywords", words: ["key"] };
      const open = tokens.findIndex((t) => is(t, "{"));
      if (open < 0) return { kind: "none" };
      return blockContext(tokens.slice(open + 1));
    }
    case "events": {
      if (n === 2) return { kind: "keywords", words: ["of"] };
      if (n === 3) return { kind: "entities" };
      if (n === 4) return { kind: "keywords", words: ["from"] };
      if (n === 6) return { kind: "keywords", words: ["by"] };
      if (n === 8) return { kind: "keywords", words: ["at"] };
      const open = tokens.findIndex((t) => is(t, "{"));
      if (open < 0) return { kind: "none" };
      return blockContext(tokens.slice(open + 1));
    }
    case "measure": {
      const eq = tokens.findIndex((t, i) => i >= 2 && is(t, "="));
      if (eq < 0) return { kind: "none" };
      return exprContext(tokens.slice(eq + 1), decl, newLine);
    }
    case "param": {
      if (n === 3 && is(at(2), ":")) return { kind: "types" };
      const eq = tokens.findIndex((t, i) => i >= 3 && is(t, "="));
      if (eq < 0) return { kind: "none" };
      if (eq === n - 1 || (eq === n - 2 && is(at(n - 1), "-")))
        return { kind: "keywords", words: ["true", "false", "date", "timestamp"] };
      return n - eq > 1 && newLine ? { kind: "top" } : { kind: "none" };
    }
    case "default": {
      if (n === 1) return { kind: "keywords", words: ["window"] };
      if (n === 2 && is(at(1), "window")) return { kind: "keywords", words: ["last", "from"] };
      const rest = tokens.slice(2);
      if (is(rest[0], "last")) {
        if (rest.length === 2 && rest[1]!.category === "number")
          return { kind: "units", plural: rest[1]!.text !== "1" };
        return rest.length >= 3 ? { kind: "top" } : { kind: "none" };
      }
      if (is(rest[0], "from")) return boundContext(rest.slice(1), newLine);
      return { kind: "none" };
    }
    case "segment": {
      if (n === 2) return { kind: "keywords", words: ["where", "for"] };
      if (n === 3 && is(at(2), "for")) return { kind: "entities" };
      if (n === 4 && is(at(2), "for")) return { kind: "keywords", words: ["where"] };
      const where = tokens.findIndex((t, i) => i >= 2 && is(t, "where"));
      if (where < 0) return { kind: "none" };
      return exprContext(tokens.slice(where + 1), decl, newLine);
    }
    case "segmentation": {
      if (n === 2) return { kind: "keywords", words: ["for"] };
      if (n === 3 && is(at(2), "for")) return { kind: "entities" };
      const open = tokens.findIndex((t) => is(t, "{"));
      if (open < 0) return { kind: "none" };
      return tiersContext(tokens.slice(open + 1), decl, newLine);
    }
  }
}

/** Inside `{ … }` of an entity or event set: `name: type [?] [from "column"]`. */
function blockContext(body: readonly SegToken[]): CursorContext {
  if (body.some((t) => is(t, "}"))) return { kind: "top" };
  const colon = body.map((t) => is(t, ":")).lastIndexOf(true);
  if (colon < 0) return { kind: "none" };
  const after = body.slice(colon + 1);
  if (after.length === 0) return { kind: "types" };
  // After a complete type a new field may start on the next token: only `from` is a keyword here.
  const depth = after.reduce((d, t) => d + (is(t, "(") ? 1 : is(t, ")") ? -1 : 0), 0);
  if (depth > 0) return { kind: "none" };
  const tail = after.at(-1)!;
  if (is(tail, "from") || tail.category === "string" || after.some((t) => is(t, ","))) return { kind: "none" };
  return { kind: "keywords", words: ["from"] };
}

/** `{ Tier where COND … Tier otherwise }` */
function tiersContext(body: readonly SegToken[], decl: DeclInfo, newLine: boolean): CursorContext {
  let depth = 0;
  let tierStart = -1;
  for (let i = 0; i < body.length; i++) {
    const t = body[i]!;
    if (is(t, "(")) depth++;
    else if (is(t, ")")) depth = Math.max(0, depth - 1);
    else if (is(t, "}") && depth === 0) return { kind: "top" };
    else if (depth === 0 && isName(t) && (is(body[i + 1], "where") || is(body[i + 1], "otherwise"))) tierStart = i;
  }
  if (tierStart < 0)
    return body.length === 1 && isName(body[0])
      ? { kind: "keywords", words: ["where", "otherwise"] }
      : { kind: "none" };
  const tier = body.slice(tierStart);
  if (is(tier[1], "otherwise")) {
    return tier.length === 3 && isName(tier[2])
      ? { kind: "keywords", words: ["where", "otherwise"] }
      : { kind: "none" };
  }
  const expr = tier.slice(2);
  // `High where x > 1 ⏎ Medium |`: a name right after a complete operand starts the next tier.
  const tl = expr.at(-1);
  if (expr.length >= 2 && tl?.category === "identifier" && endsOperand(expr.at(-2)))
    return { kind: "keywords", words: ["where", "otherwise"] };
  return exprContext(expr, decl, newLine);
}

/** A token after which an expression may be complete. */
function endsOperand(t: SegToken | undefined): boolean {
  if (!t) return false;
  if (t.category === "string" || t.category === "number" || t.category === "unit" || t.category === "identifier")
    return true;
  return [")", "true", "false", "null", "now", "ago"].includes(t.text);
}

// ------------------------------------------------------------------ expressions

interface Frame {
  readonly callee?: string;
  /** Index (in the expression tokens) of the `(`. */
  readonly open: number;
  where?: number;
  commas: number;
  /** Index where the current comparison began (after `and`, `or`, `not`, `(` or `,`). */
  segment: number;
}

const operandStarters = new Set([
  "(",
  ",",
  "where",
  "and",
  "or",
  "not",
  "=",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "between",
  "contains",
  "with",
  "from",
  "to",
]);

function exprContext(ts: readonly SegToken[], decl: DeclInfo, newLine: boolean): CursorContext {
  const frames: Frame[] = [{ open: -1, commas: 0, segment: 0 }];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const top = frames.at(-1)!;
    if (is(t, "(")) {
      const before = ts[i - 1];
      frames.push({ open: i, commas: 0, segment: i + 1, ...(isName(before) && { callee: before!.text }) });
    } else if (is(t, ")")) {
      if (frames.length > 1) frames.pop();
    } else if (is(t, "where") && top.callee !== undefined && top.where === undefined) {
      top.where = i;
      top.segment = i + 1;
    } else if (is(t, ",")) {
      top.commas++;
      top.segment = i + 1;
    } else if (is(t, "and") || is(t, "or") || (is(t, "not") && operandAt(ts, i))) {
      // `between a and b`: that `and` belongs to the comparison.
      if (!(is(t, "and") && betweenOpen(ts, top.segment, i))) top.segment = i + 1;
    }
  }
  const frame = frames.at(-1)!;
  const inAggregate = frame.callee !== undefined && aggregates.has(frame.callee);
  const filterOf = filterSet(ts, frames);
  const literalOnly = decl.keyword === "param";
  const base = {
    kind: "expr" as const,
    decl,
    ...(filterOf !== undefined && { filterOf }),
    ...(literalOnly && { literalOnly }),
  };
  const tl = ts.at(-1);
  const prev = ts.at(-2);
  const segmentTokens = ts.slice(frame.segment);
  const afterComparison = segmentTokens.some(
    (t) => t.category === "operator" && ["=", "!=", "<", "<=", ">", ">="].includes(t.text),
  );

  if (!tl)
    return { ...base, position: "operand", afterComparison: false, afterNumber: false, declarationMayStart: false };
  if (is(tl, "(") && inAggregate && frame.open === ts.length - 1) {
    return {
      ...base,
      position: "operand",
      aggregateArg: frame.callee!,
      afterComparison: false,
      afterNumber: false,
      declarationMayStart: false,
    };
  }
  if (is(tl, ".") && isName(prev))
    return { kind: "member", object: prev!.text, decl, ...(filterOf !== undefined && { filterOf }) };
  if (is(tl, ".")) return { kind: "none" };
  if (is(tl, "over")) return { kind: "keywords", words: ["last", "from"] };
  if (is(tl, "last") || is(tl, "least") || is(tl, "top") || is(tl, "bottom") || is(tl, "date") || is(tl, "timestamp"))
    return { kind: "none" };
  if (is(tl, "per") || is(tl, "every")) return { kind: "units", plural: false };
  if (is(tl, "within")) return { kind: "keywords", words: ["last"] };
  if (is(tl, "starts") || is(tl, "ends")) return { kind: "keywords", words: ["with"] };
  if (is(tl, "is")) return { kind: "keywords", words: ["null", "not null"] };
  if (is(tl, "not") && is(prev, "is")) return { kind: "keywords", words: ["null"] };
  if (is(tl, "at") && is(prev, "in")) return { kind: "keywords", words: ["least"] };
  if (is(tl, "of") && tl && ts.some((t) => is(t, "least"))) return { kind: "none" };
  if (is(tl, "in") && !operandAt(ts, ts.length - 1)) {
    return { kind: "keywords", words: afterComparison ? ["at least"] : ["top", "bottom"] };
  }
  if (is(tl, "not") && !operandAt(ts, ts.length - 1)) return { kind: "keywords", words: ["in", "between"] };
  if (tl.category === "number") {
    // `last 30 |`, `within last 7 |`, `at least 6 of 8 |`: a unit must follow.
    if (is(prev, "last") || is(prev, "of")) return { kind: "units", plural: tl.text !== "1" };
    if (is(prev, "least")) return { kind: "keywords", words: ["of"] };
    if (tl.text.endsWith("%")) return after(base, frame, afterComparison, false, newLine, inAggregate, ts);
    return after(base, frame, afterComparison, true, newLine, inAggregate, ts);
  }
  if (tl.category === "unit" && ts.at(-2)?.category === "number") {
    const p3 = ts.at(-3);
    if (is(p3, "last") || is(p3, "of")) return after(base, frame, afterComparison, false, newLine, inAggregate, ts);
    return { kind: "keywords", words: ["ago"] };
  }
  if (tl.category === "unit" && (is(prev, "per") || is(prev, "every")))
    return { kind: "keywords", words: ["over", "and", "or"], alsoTop: newLine };
  if (operandStarters.has(tl.text) && tl.category !== "string") {
    return { ...base, position: "operand", afterComparison: false, afterNumber: false, declarationMayStart: false };
  }
  return after(base, frame, afterComparison, false, newLine, inAggregate, ts);
}

function after(
  base: Omit<ExprContext, "position" | "afterComparison" | "afterNumber" | "declarationMayStart">,
  frame: Frame,
  afterComparison: boolean,
  afterNumber: boolean,
  newLine: boolean,
  inAggregate: boolean,
  ts: readonly SegToken[],
): ExprContext {
  const afterAggregateArg =
    inAggregate && frame.where === undefined && frame.commas === 0 && ts.length - frame.open <= 4;
  return {
    ...base,
    position: "after-operand",
    afterComparison,
    afterNumber,
    declarationMayStart: newLine && frame.open === -1,
    ...(afterAggregateArg && { afterAggregateArg }),
  };
}

/** Keywords that may follow a complete operand. */
export function afterOperandWords(ctx: ExprContext): string[] {
  if (ctx.afterAggregateArg) return ["where"];
  const words = ["and", "or"];
  if (ctx.afterComparison) words.push("per", "every", "in at least", "over");
  else
    words.push(
      "in",
      "not in",
      "is null",
      "is not null",
      "between",
      "not between",
      "contains",
      "starts with",
      "ends with",
      "within last",
      "in top",
      "in bottom",
      "over",
    );
  // Inside a filter there are no windows, rates or ranks: those apply per member.
  const perMember = new Set(["per", "every", "in at least", "over", "in top", "in bottom"]);
  return ctx.filterOf ? words.filter((w) => !perMember.has(w)) : words;
}

/** Whether a value may start at token i (the tokens before it leave an operator pending). */
function operandAt(ts: readonly SegToken[], i: number): boolean {
  const p = ts[i - 1];
  return !p || (operandStarters.has(p.text) && p.category !== "string") || is(p, "not");
}

function betweenOpen(ts: readonly SegToken[], from: number, to: number): boolean {
  let open = false;
  for (let i = from; i < to; i++) {
    if (is(ts[i], "between")) open = true;
    else if (is(ts[i], "and")) open = false;
  }
  return open;
}

/** The event set whose filter the cursor is in: the innermost aggregate frame with a `where`. */
function filterSet(ts: readonly SegToken[], frames: readonly Frame[]): string | undefined {
  for (let f = frames.length - 1; f > 0; f--) {
    const frame = frames[f]!;
    if (frame.callee === undefined || !aggregates.has(frame.callee) || frame.where === undefined) continue;
    const arg = ts[frame.open + 1];
    return isName(arg) ? arg!.text : undefined;
  }
  return undefined;
}

/** `from BOUND to BOUND` of a default window. */
function boundContext(ts: readonly SegToken[], newLine: boolean): CursorContext {
  const tl = ts.at(-1);
  if (!tl || is(tl, "to")) return { kind: "keywords", words: ["date", "timestamp", "now"] };
  if (tl.category === "number") return { kind: "units", plural: tl.text !== "1" };
  if (tl.category === "unit") return { kind: "keywords", words: ["ago"] };
  if (ts.some((t) => is(t, "to"))) return newLine ? { kind: "top" } : { kind: "none" };
  if (is(tl, "ago") || is(tl, "now") || tl.category === "string") return { kind: "keywords", words: ["to"] };
  return { kind: "none" };
}

// ------------------------------------------------------------------ strings

function stringContext(tokens: readonly SegToken[], str: SegToken): StringContext {
  const decl = declInfo(tokens);
  const contentStart = str.span.start + 1;
  const quote = str.text[0] ?? '"';
  const base = { kind: "string" as const, decl, contentStart, quote };
  if (decl?.keyword === "import" && tokens.length === 1) return { ...base, importPath: true };
  // Walk back over `"a", "b",` of an `in (…)` list.
  let i = tokens.length - 1;
  while (i >= 0 && (is(tokens[i], ",") || tokens[i]!.category === "string")) i--;
  if (is(tokens[i], "(") && is(tokens[i - 1], "in")) {
    i -= is(tokens[i - 2], "not") ? 3 : 2;
  } else if (tokens[i] && ["=", "!="].includes(tokens[i]!.text) && tokens[i]!.category === "operator") i -= 1;
  else return { ...base, importPath: false };
  const subject = subjectBefore(tokens, i);
  const frames: Frame[] = [{ open: -1, commas: 0, segment: 0 }];
  const exprStart = tokens.findIndex((t, k) => k > 0 && (is(t, "where") || is(t, "=")));
  const ts = tokens.slice(exprStart + 1);
  for (let k = 0; k < ts.length; k++) {
    const t = ts[k]!;
    if (is(t, "("))
      frames.push({ open: k, commas: 0, segment: k + 1, ...(isName(ts[k - 1]) && { callee: ts[k - 1]!.text }) });
    else if (is(t, ")") && frames.length > 1) frames.pop();
    else if (is(t, "where") && frames.at(-1)!.callee !== undefined) frames.at(-1)!.where = k;
  }
  const filterOf = filterSet(ts, frames);
  return { ...base, importPath: false, ...(subject && { subject }), ...(filterOf !== undefined && { filterOf }) };
}

/** The operand that ends at token i: `status`, `orders.channel`, `most_frequent(orders.channel)`. */
function subjectBefore(tokens: readonly SegToken[], i: number): { object?: string; name: string } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (isName(t)) {
    if (is(tokens[i - 1], ".") && isName(tokens[i - 2])) return { object: tokens[i - 2]!.text, name: t.text };
    return { name: t.text };
  }
  // `AGG(SET.FIELD [where …])`: the field's values.
  if (is(t, ")")) {
    let depth = 0;
    for (let k = i; k >= 0; k--) {
      if (is(tokens[k], ")")) depth++;
      else if (is(tokens[k], "(") && --depth === 0) {
        if (isName(tokens[k + 1]) && is(tokens[k + 2], ".") && isName(tokens[k + 3]))
          return { object: tokens[k + 1]!.text, name: tokens[k + 3]!.text };
        return undefined;
      }
    }
  }
  return undefined;
}
