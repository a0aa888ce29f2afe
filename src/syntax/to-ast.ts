// Builds AST nodes from what the grammar matched: computes spans, decodes literals, applies operator
// precedence and fills in placeholders where error recovery left a part missing.
//
// A placeholder has a zero-width span at the end of the token before it: a name becomes "", a string
// "", a number "0", a unit "day", an expression ErrorExpr, a window `last 0 days`. Required fields are
// never undefined, and the checker can recognise placeholders by `span.start === span.end`.
// Optional fields are always present (undefined when absent) so every node of a kind has one shape.
import type { IToken } from "chevrotain";
import type * as ast from "./ast.js";
import { NumberLit, decodeString, numberText, unitOf } from "./tokens.js";

type Spanned = IToken | { readonly span: ast.Span } | undefined;

/** Offsets are UTF-16 and the image is the exact text, so this also holds for zero-width inserted tokens. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function tokenSpan(token: IToken): ast.Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function startOf(p: IToken | { readonly span: ast.Span }): number {
  return "span" in p ? p.span.start : p.startOffset;
}

function endOf(p: IToken | { readonly span: ast.Span }): number {
  return "span" in p ? p.span.end : tokenEnd(p);
}

/** Where a missing part goes: after the parts that are present. */
function after(...parts: readonly Spanned[]): number {
  let end = 0;
  for (const p of parts) if (p) end = Math.max(end, endOf(p));
  return end;
}

/** From the first part that is present to the end of the last. */
function cover(...parts: readonly Spanned[]): ast.Span {
  const first = parts.find((p) => p !== undefined);
  const start = first ? startOf(first) : 0;
  return { start, end: Math.max(start, after(...parts)) };
}

/** For the hot path: two spanned nodes, in order. */
function between2(left: { readonly span: ast.Span }, right: { readonly span: ast.Span }): ast.Span {
  return { start: left.span.start, end: Math.max(left.span.start, right.span.end) };
}

const at = (offset: number): ast.Span => ({ start: offset, end: offset });

// ---------------------------------------------------------------- leaves

function identifier(token: IToken | undefined, fallback: number): ast.Identifier {
  return token
    ? { kind: "Identifier", name: token.image, span: tokenSpan(token) }
    : { kind: "Identifier", name: "", span: at(fallback) };
}

function stringLiteral(token: IToken | undefined, fallback: number): ast.StringLiteral {
  if (!token) return { kind: "String", value: "", span: at(fallback) };
  if (token.image === "") return { kind: "String", value: "", span: tokenSpan(token) };
  return { kind: "String", value: decodeString(token.image).value, span: tokenSpan(token) };
}

function numberLiteral(token: IToken | undefined, fallback: number): ast.NumberLiteral {
  if (!token) return { kind: "Number", text: "0", percent: false, span: at(fallback) };
  if (token.image === "") return { kind: "Number", text: "0", percent: false, span: tokenSpan(token) };
  return { kind: "Number", text: numberText(token.image), percent: token.image.endsWith("%"), span: tokenSpan(token) };
}

function unit(token: IToken | undefined): ast.TimeUnit {
  return token && token.image !== "" ? unitOf(token.image) : "day";
}

function columnName(token: IToken | undefined, fallback: number): ast.ColumnName {
  if (!token) return { kind: "ColumnName", name: "", quoted: false, span: at(fallback) };
  const quoted = token.image.startsWith('"') || token.image.startsWith("'");
  const name = quoted ? decodeString(token.image).value : token.image;
  return { kind: "ColumnName", name, quoted, span: tokenSpan(token) };
}

export function errorExpr(span: ast.Span): ast.ErrorExpr {
  return { kind: "Error", span };
}

// ---------------------------------------------------------------- declarations
// The grammar fills a parts object as it goes; after an error it holds what was read before it.

export interface ImportParts {
  readonly keyword: IToken;
  path?: IToken;
}

export function importDecl(p: ImportParts): ast.ImportDecl {
  const path = stringLiteral(p.path, after(p.keyword));
  return { kind: "Import", path, span: cover(p.keyword, path) };
}

export interface FieldBlock {
  readonly open: IToken;
  readonly fields: readonly ast.FieldDecl[];
  readonly close: IToken | undefined;
}

export interface EntityParts {
  readonly keyword: IToken;
  name?: IToken;
  from?: IToken;
  table?: IToken;
  keyKeyword?: IToken;
  key?: IToken;
  block?: FieldBlock;
}

export function entityDecl(p: EntityParts, doc: string | undefined): ast.EntityDecl {
  const k = p.keyword;
  return {
    kind: "Entity",
    doc,
    name: identifier(p.name, after(k)),
    table: stringLiteral(p.table, after(k, p.name, p.from)),
    key: identifier(p.key, after(k, p.name, p.from, p.table, p.keyKeyword)),
    fields: p.block?.fields ?? [],
    span: cover(k, p.name, p.from, p.table, p.keyKeyword, p.key, ...blockParts(p.block)),
  };
}

function blockParts(block: FieldBlock | undefined): Spanned[] {
  return block ? [block.open, block.fields.at(-1), block.close] : [];
}

export interface EventsParts {
  readonly keyword: IToken;
  name?: IToken;
  of?: IToken;
  entity?: IToken;
  from?: IToken;
  table?: IToken;
  byKeyword?: IToken;
  by?: IToken;
  atKeyword?: IToken;
  at?: IToken;
  block?: FieldBlock;
}

export function eventsDecl(p: EventsParts, doc: string | undefined): ast.EventsDecl {
  const k = p.keyword;
  return {
    kind: "Events",
    doc,
    name: identifier(p.name, after(k)),
    entity: identifier(p.entity, after(k, p.name, p.of)),
    table: stringLiteral(p.table, after(k, p.name, p.of, p.entity, p.from)),
    by: columnName(p.by, after(k, p.name, p.of, p.entity, p.from, p.table, p.byKeyword)),
    at: columnName(p.at, after(k, p.name, p.of, p.entity, p.from, p.table, p.byKeyword, p.by, p.atKeyword)),
    fields: p.block?.fields ?? [],
    span: cover(
      k,
      p.name,
      p.of,
      p.entity,
      p.from,
      p.table,
      p.byKeyword,
      p.by,
      p.atKeyword,
      p.at,
      ...blockParts(p.block),
    ),
  };
}

export interface FieldParts {
  readonly name: IToken;
  colon?: IToken;
  type?: ast.TypeRef;
  question?: IToken;
  from?: IToken;
  column?: IToken;
}

export function fieldDecl(p: FieldParts, doc: string | undefined): ast.FieldDecl {
  const type = p.type ?? typeRef({ name: undefined }, after(p.name, p.colon));
  const column = p.from ? stringLiteral(p.column, after(p.from)) : undefined;
  return {
    kind: "Field",
    doc,
    name: identifier(p.name, 0),
    type,
    nullable: p.question !== undefined,
    column,
    span: cover(p.name, p.colon, type, p.question, p.from, column),
  };
}

export interface TypeParts {
  name: IToken | undefined;
  open?: IToken;
  /** One number (a decimal's scale) or strings (an enum's values). */
  args?: IToken[];
  close?: IToken;
}

export function typeRef(p: TypeParts, fallback: number): ast.TypeRef {
  const name = identifier(p.name, fallback);
  const first = p.args?.[0];
  const scale = first?.tokenType === NumberLit ? numberLiteral(first, 0) : undefined;
  const values = p.open && !scale ? (p.args ?? []).map((v) => stringLiteral(v, 0)) : undefined;
  return {
    kind: "Type",
    name: name.name,
    nameSpan: name.span,
    scale,
    values,
    span: cover(name, p.open, scale, values?.at(-1), p.close),
  };
}

export interface MeasureParts {
  readonly keyword: IToken;
  name?: IToken;
  eq?: IToken;
  expr?: ast.Expr;
}

export function measureDecl(p: MeasureParts, doc: string | undefined): ast.MeasureDecl {
  const expr = p.expr ?? errorExpr(at(after(p.keyword, p.name, p.eq)));
  return {
    kind: "Measure",
    doc,
    name: identifier(p.name, after(p.keyword)),
    expr,
    span: cover(p.keyword, p.name, p.eq, expr),
  };
}

export interface ParamParts {
  readonly keyword: IToken;
  name?: IToken;
  colon?: IToken;
  type?: ast.TypeRef;
  eq?: IToken;
  value?: ast.Expr;
}

export function paramDecl(p: ParamParts, doc: string | undefined): ast.ParamDecl {
  const type = p.type ?? typeRef({ name: undefined }, after(p.keyword, p.name, p.colon));
  const value = p.value ?? errorExpr(at(after(p.keyword, p.name, p.colon, type, p.eq)));
  return {
    kind: "Param",
    doc,
    name: identifier(p.name, after(p.keyword)),
    type,
    value,
    span: cover(p.keyword, p.name, p.colon, type, p.eq, value),
  };
}

export interface DefaultWindowParts {
  readonly keyword: IToken;
  windowKeyword?: IToken;
  window?: ast.Window;
}

export function defaultWindowDecl(p: DefaultWindowParts): ast.DefaultWindowDecl {
  const window = p.window ?? missingWindow(after(p.keyword, p.windowKeyword));
  return { kind: "DefaultWindow", window, span: cover(p.keyword, p.windowKeyword, window) };
}

export interface SegmentParts {
  readonly keyword: IToken;
  name?: IToken;
  for?: IToken;
  entity?: IToken;
  where?: IToken;
  condition?: ast.Expr;
}

export function segmentDecl(p: SegmentParts, doc: string | undefined): ast.SegmentDecl {
  const entity = p.for ? identifier(p.entity, after(p.for)) : undefined;
  const condition = p.condition ?? errorExpr(at(after(p.keyword, p.name, p.for, p.entity, p.where)));
  return {
    kind: "Segment",
    doc,
    name: identifier(p.name, after(p.keyword)),
    entity,
    condition,
    span: cover(p.keyword, p.name, entity, p.where, condition),
  };
}

export interface SegmentationParts {
  readonly keyword: IToken;
  name?: IToken;
  for?: IToken;
  entity?: IToken;
  open?: IToken;
  branches?: ast.Branch[];
  close?: IToken;
}

export function segmentationDecl(p: SegmentationParts, doc: string | undefined): ast.SegmentationDecl {
  const entity = p.for ? identifier(p.entity, after(p.for)) : undefined;
  return {
    kind: "Segmentation",
    doc,
    name: identifier(p.name, after(p.keyword)),
    entity,
    branches: p.branches ?? [],
    span: cover(p.keyword, p.name, entity, p.open, p.branches?.at(-1), p.close),
  };
}

export interface BranchParts {
  readonly name: IToken;
  where?: IToken;
  condition?: ast.Expr;
  otherwise?: IToken;
}

export function branch(p: BranchParts, doc: string | undefined): ast.Branch {
  const condition = p.otherwise ? undefined : (p.condition ?? errorExpr(at(after(p.name, p.where))));
  return {
    kind: "Branch",
    doc,
    name: identifier(p.name, 0),
    condition,
    span: cover(p.name, p.where, condition, p.otherwise),
  };
}

// ---------------------------------------------------------------- windows

export function duration(amount: IToken, unitToken: IToken): ast.Duration {
  return {
    kind: "Duration",
    amount: numberLiteral(amount, 0),
    unit: unit(unitToken),
    span: { start: amount.startOffset, end: Math.max(amount.startOffset, tokenEnd(unitToken)) },
  };
}

export function lastWindow(last: IToken, d: ast.Duration): ast.LastWindow {
  return { kind: "LastWindow", duration: d, span: { start: last.startOffset, end: d.span.end } };
}

export function rangeWindow(from: IToken, start: ast.Expr, end: ast.Expr): ast.RangeWindow {
  return { kind: "RangeWindow", from: start, to: end, span: { start: from.startOffset, end: end.span.end } };
}

/** `last 0 days`, zero-width: stands for a window that could not be read. */
export function missingWindow(offset: number): ast.LastWindow {
  const amount = numberLiteral(undefined, offset);
  return {
    kind: "LastWindow",
    duration: { kind: "Duration", amount, unit: "day", span: at(offset) },
    span: at(offset),
  };
}

// ---------------------------------------------------------------- expressions

function logical(op: "and" | "or", left: ast.Expr, right: ast.Expr): ast.LogicalExpr {
  return { kind: "Logical", op, left, right, span: between2(left, right) };
}

/** `a or b and c` is `a or (b and c)`; both are left-associative. */
export function logicalChain(first: ast.Expr, rest: readonly (readonly [IToken, ast.Expr])[]): ast.Expr {
  let ors: ast.Expr | undefined;
  let ands = first;
  for (const [op, right] of rest) {
    if (op.image === "and") {
      ands = logical("and", ands, right);
    } else {
      ors = ors ? logical("or", ors, ands) : ands;
      ands = right;
    }
  }
  return ors ? logical("or", ors, ands) : ands;
}

function arithmetic(op: IToken, left: ast.Expr, right: ast.Expr): ast.ArithmeticExpr {
  return { kind: "Arithmetic", op: op.image as ast.ArithmeticExpr["op"], left, right, span: between2(left, right) };
}

/** `a - b * c` is `a - (b * c)`; both levels are left-associative. */
export function arithmeticChain(first: ast.Expr, rest: readonly (readonly [IToken, ast.Expr])[]): ast.Expr {
  let sum: ast.Expr | undefined;
  let sumOp: IToken | undefined;
  let term = first;
  for (const [op, right] of rest) {
    if (op.image === "*" || op.image === "/") {
      term = arithmetic(op, term, right);
    } else {
      sum = sum && sumOp ? arithmetic(sumOp, sum, term) : term;
      sumOp = op;
      term = right;
    }
  }
  return sum && sumOp ? arithmetic(sumOp, sum, term) : term;
}

/** `not not x`: the first `not` is outermost. */
export function negations(nots: readonly IToken[], operand: ast.Expr): ast.Expr {
  let expr = operand;
  for (let i = nots.length - 1; i >= 0; i--) {
    expr = { kind: "Not", operand: expr, span: { start: nots[i]!.startOffset, end: expr.span.end } };
  }
  return expr;
}

export function minuses(signs: readonly IToken[], operand: ast.Expr): ast.Expr {
  let expr = operand;
  for (let i = signs.length - 1; i >= 0; i--) {
    expr = { kind: "Negate", operand: expr, span: { start: signs[i]!.startOffset, end: expr.span.end } };
  }
  return expr;
}

export function compare(left: ast.Expr, op: IToken, right: ast.Expr, rate: ast.Rate | undefined): ast.CompareExpr {
  return {
    kind: "Compare",
    op: op.image as ast.CompareOp,
    left,
    right,
    rate,
    span: between2(left, rate ?? right),
  };
}

export function perRate(
  keyword: IToken,
  unitToken: IToken,
  window: ast.Window | undefined,
): ast.PerRate | ast.EveryRate {
  return {
    kind: keyword.image === "per" ? "PerRate" : "EveryRate",
    unit: unit(unitToken),
    unitSpan: tokenSpan(unitToken),
    window,
    span: cover(keyword, unitToken, window),
  };
}

export function atLeastRate(inToken: IToken, k: IToken, m: IToken, unitToken: IToken): ast.AtLeastRate {
  return {
    kind: "AtLeastRate",
    k: numberLiteral(k, 0),
    m: numberLiteral(m, 0),
    unit: unit(unitToken),
    unitSpan: tokenSpan(unitToken),
    span: cover(inToken, unitToken),
  };
}

export function between(operand: ast.Expr, negated: boolean, low: ast.Expr, high: ast.Expr): ast.BetweenExpr {
  return { kind: "Between", operand, low, high, negated, span: between2(operand, high) };
}

export interface ValueList {
  readonly open?: IToken;
  readonly values: readonly ast.Expr[];
  readonly close?: IToken;
}

export function inList(operand: ast.Expr, negated: boolean, list: ValueList): ast.InExpr {
  return {
    kind: "In",
    operand,
    values: list.values,
    negated,
    span: cover(operand, list.open, list.values.at(-1), list.close),
  };
}

export function rank(operand: ast.Expr, direction: IToken, percent: IToken): ast.RankExpr {
  const value = numberLiteral(percent, 0);
  return {
    kind: "Rank",
    direction: direction.image === "bottom" ? "bottom" : "top",
    operand,
    percent: { ...value, percent: true },
    span: between2(operand, value),
  };
}

export function isNull(operand: ast.Expr, not: IToken | undefined, nullToken: IToken): ast.IsNullExpr {
  return { kind: "IsNull", operand, negated: not !== undefined, span: cover(operand, nullToken) };
}

export function stringMatch(op: IToken, operand: ast.Expr, pattern: ast.Expr): ast.StringMatchExpr {
  const kind = op.image === "contains" ? "contains" : op.image === "starts" ? "starts_with" : "ends_with";
  return { kind: "StringMatch", op: kind, operand, pattern, span: between2(operand, pattern) };
}

export function within(operand: ast.Expr, d: ast.Duration): ast.WithinExpr {
  return { kind: "Within", operand, duration: d, span: between2(operand, d) };
}

export function windowed(operand: ast.Expr, window: ast.Window): ast.WindowedExpr {
  return { kind: "Windowed", operand, window, span: between2(operand, window) };
}

export function number(token: IToken): ast.NumberLiteral {
  return numberLiteral(token, 0);
}

export function ago(amount: IToken, unitToken: IToken, agoToken: IToken): ast.AgoExpr {
  return { kind: "Ago", duration: duration(amount, unitToken), span: cover(amount, agoToken) };
}

export function string(token: IToken): ast.StringLiteral {
  return stringLiteral(token, 0);
}

export function boolean(token: IToken): ast.BooleanLiteral {
  return { kind: "Boolean", value: token.image === "true", span: tokenSpan(token) };
}

export function nullLiteral(token: IToken): ast.NullLiteral {
  return { kind: "Null", span: tokenSpan(token) };
}

export function now(token: IToken): ast.NowExpr {
  return { kind: "Now", span: tokenSpan(token) };
}

export function typedLiteral(keyword: IToken, value: IToken): ast.TypedLiteral {
  const literal = stringLiteral(value, 0);
  return {
    kind: "TypedLiteral",
    type: keyword.image === "timestamp" ? "timestamp" : "date",
    value: literal,
    span: cover(keyword, literal),
  };
}

export function name(token: IToken): ast.NameExpr {
  const id = identifier(token, 0);
  return { kind: "Name", name: id, span: id.span };
}

export function member(object: IToken, dot: IToken, property: IToken): ast.MemberExpr {
  return {
    kind: "Member",
    object: identifier(object, 0),
    property: identifier(property, 0),
    span: cover(object, dot, property),
  };
}

export interface Arguments {
  readonly args: readonly ast.Expr[];
  readonly filter?: ast.Expr | undefined;
}

export interface CallArgs extends Arguments {
  readonly open?: IToken;
  readonly close?: IToken;
}

export function call(callee: IToken, a: CallArgs): ast.CallExpr {
  return {
    kind: "Call",
    callee: identifier(callee, 0),
    args: a.args,
    filter: a.filter,
    span: cover(callee, a.open, a.args.at(-1), a.filter, a.close),
  };
}

export function paren(open: IToken, expr: ast.Expr, close: IToken | undefined): ast.ParenExpr {
  return { kind: "Paren", expr, span: cover(open, expr, close) };
}
