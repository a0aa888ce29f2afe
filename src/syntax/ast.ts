// The syntax tree. Nodes are readonly, tagged with `kind` and carry a source span.
// Downstream of the checker nothing reads this: backends read the plan (src/plan).

/** Half-open range of UTF-16 offsets into the file text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Identifier {
  readonly kind: "Identifier";
  readonly name: string;
  readonly span: Span;
}

export interface SegFile {
  readonly kind: "File";
  readonly declarations: readonly Declaration[];
  readonly span: Span;
}

export type Declaration =
  ImportDecl | EntityDecl | EventsDecl | MeasureDecl | ParamDecl | DefaultWindowDecl | SegmentDecl | SegmentationDecl;

export interface ImportDecl {
  readonly kind: "Import";
  readonly path: StringLiteral;
  readonly span: Span;
}

/** A column or table name: a bare identifier or a quoted string. */
export interface ColumnName {
  readonly kind: "ColumnName";
  readonly name: string;
  readonly quoted: boolean;
  readonly span: Span;
}

export interface EntityDecl {
  readonly kind: "Entity";
  readonly doc?: string;
  readonly name: Identifier;
  readonly table: StringLiteral;
  readonly key: Identifier;
  readonly fields: readonly FieldDecl[];
  readonly span: Span;
}

export interface EventsDecl {
  readonly kind: "Events";
  readonly doc?: string;
  readonly name: Identifier;
  readonly entity: Identifier;
  readonly table: StringLiteral;
  /** The foreign-key column in the event table that holds the entity key. */
  readonly by: ColumnName;
  /** The event-time column. */
  readonly at: ColumnName;
  readonly fields: readonly FieldDecl[];
  readonly span: Span;
}

export interface FieldDecl {
  readonly kind: "Field";
  readonly doc?: string;
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly nullable: boolean;
  readonly column?: StringLiteral;
  readonly span: Span;
}

export type TypeName = "int" | "float" | "decimal" | "string" | "bool" | "date" | "timestamp" | "enum";

export interface TypeRef {
  readonly kind: "Type";
  /** As written; the checker reports names that are not a TypeName. */
  readonly name: string;
  readonly nameSpan: Span;
  /** `decimal(SCALE)` */
  readonly scale?: NumberLiteral;
  /** `enum("a", "b")` */
  readonly values?: readonly StringLiteral[];
  readonly span: Span;
}

export interface MeasureDecl {
  readonly kind: "Measure";
  readonly doc?: string;
  readonly name: Identifier;
  readonly expr: Expr;
  readonly span: Span;
}

export interface ParamDecl {
  readonly kind: "Param";
  readonly doc?: string;
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly value: Expr;
  readonly span: Span;
}

export interface DefaultWindowDecl {
  readonly kind: "DefaultWindow";
  readonly window: Window;
  readonly span: Span;
}

export interface SegmentDecl {
  readonly kind: "Segment";
  readonly doc?: string;
  readonly name: Identifier;
  readonly entity?: Identifier;
  readonly condition: Expr;
  readonly span: Span;
}

export interface SegmentationDecl {
  readonly kind: "Segmentation";
  readonly doc?: string;
  readonly name: Identifier;
  readonly entity?: Identifier;
  readonly branches: readonly Branch[];
  readonly span: Span;
}

export interface Branch {
  readonly kind: "Branch";
  readonly doc?: string;
  readonly name: Identifier;
  /** Absent for `otherwise`. */
  readonly condition?: Expr;
  readonly span: Span;
}

// ---------------------------------------------------------------- windows

export type TimeUnit = "minute" | "hour" | "day" | "week" | "month" | "quarter" | "year";

export interface Duration {
  readonly kind: "Duration";
  readonly amount: NumberLiteral;
  /** Normalised to the singular. */
  readonly unit: TimeUnit;
  readonly span: Span;
}

export type Window = LastWindow | RangeWindow;

/** `last 90 days` = [now - 90 days, now) */
export interface LastWindow {
  readonly kind: "LastWindow";
  readonly duration: Duration;
  readonly span: Span;
}

/** `from A to B` = [A, B) */
export interface RangeWindow {
  readonly kind: "RangeWindow";
  readonly from: Expr;
  readonly to: Expr;
  readonly span: Span;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | LogicalExpr
  | NotExpr
  | CompareExpr
  | BetweenExpr
  | InExpr
  | IsNullExpr
  | StringMatchExpr
  | RankExpr
  | WithinExpr
  | ArithmeticExpr
  | NegateExpr
  | WindowedExpr
  | ParenExpr
  | NameExpr
  | MemberExpr
  | CallExpr
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | TypedLiteral
  | NowExpr
  | AgoExpr
  | ErrorExpr;

export interface LogicalExpr {
  readonly kind: "Logical";
  readonly op: "and" | "or";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface NotExpr {
  readonly kind: "Not";
  readonly operand: Expr;
  readonly span: Span;
}

export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export interface CompareExpr {
  readonly kind: "Compare";
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  /** `per month`, `every week`, `in at least 6 of 8 weeks` after the right side. */
  readonly rate?: Rate;
  readonly span: Span;
}

export type Rate = PerRate | EveryRate | AtLeastRate;

/** `per UNIT [over WINDOW]` */
export interface PerRate {
  readonly kind: "PerRate";
  readonly unit: TimeUnit;
  readonly unitSpan: Span;
  readonly window?: Window;
  readonly span: Span;
}

/** `every UNIT [over WINDOW]` */
export interface EveryRate {
  readonly kind: "EveryRate";
  readonly unit: TimeUnit;
  readonly unitSpan: Span;
  readonly window?: Window;
  readonly span: Span;
}

/** `in at least K of M UNITs` */
export interface AtLeastRate {
  readonly kind: "AtLeastRate";
  readonly k: NumberLiteral;
  readonly m: NumberLiteral;
  readonly unit: TimeUnit;
  readonly unitSpan: Span;
  readonly span: Span;
}

export interface BetweenExpr {
  readonly kind: "Between";
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

export interface InExpr {
  readonly kind: "In";
  readonly operand: Expr;
  readonly values: readonly Expr[];
  readonly negated: boolean;
  readonly span: Span;
}

export interface IsNullExpr {
  readonly kind: "IsNull";
  readonly operand: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

export interface StringMatchExpr {
  readonly kind: "StringMatch";
  readonly op: "contains" | "starts_with" | "ends_with";
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly span: Span;
}

/** `x in top 10%`, `x in bottom 25%` */
export interface RankExpr {
  readonly kind: "Rank";
  readonly direction: "top" | "bottom";
  readonly operand: Expr;
  readonly percent: NumberLiteral;
  readonly span: Span;
}

/** `t within last 30 days` */
export interface WithinExpr {
  readonly kind: "Within";
  readonly operand: Expr;
  readonly duration: Duration;
  readonly span: Span;
}

export interface ArithmeticExpr {
  readonly kind: "Arithmetic";
  readonly op: "+" | "-" | "*" | "/";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface NegateExpr {
  readonly kind: "Negate";
  readonly operand: Expr;
  readonly span: Span;
}

/** `EXPR over WINDOW` (postfix, binds tightest). */
export interface WindowedExpr {
  readonly kind: "Windowed";
  readonly operand: Expr;
  readonly window: Window;
  readonly span: Span;
}

export interface ParenExpr {
  readonly kind: "Paren";
  readonly expr: Expr;
  readonly span: Span;
}

/** A bare name: field, param, measure, segment, segmentation or event set. */
export interface NameExpr {
  readonly kind: "Name";
  readonly name: Identifier;
  readonly span: Span;
}

/** `orders.amount`, `orders.at`, `customer.country`, `Tiers.High` */
export interface MemberExpr {
  readonly kind: "Member";
  readonly object: Identifier;
  readonly property: Identifier;
  readonly span: Span;
}

/** A function or aggregate call; `filter` is the `where` after the first argument. */
export interface CallExpr {
  readonly kind: "Call";
  readonly callee: Identifier;
  readonly args: readonly Expr[];
  readonly filter?: Expr;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly kind: "Number";
  /** Source text without `_` and `%`, e.g. "1000000", "12.5". */
  readonly text: string;
  /** Written with `%`: the value is text / 100. */
  readonly percent: boolean;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: "String";
  /** The decoded value. */
  readonly value: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: "Boolean";
  readonly value: boolean;
  readonly span: Span;
}

export interface NullLiteral {
  readonly kind: "Null";
  readonly span: Span;
}

/** `date "2024-12-01"`, `timestamp "2024-12-01T09:30:00Z"` */
export interface TypedLiteral {
  readonly kind: "TypedLiteral";
  readonly type: "date" | "timestamp";
  readonly value: StringLiteral;
  readonly span: Span;
}

export interface NowExpr {
  readonly kind: "Now";
  readonly span: Span;
}

/** `30 days ago` */
export interface AgoExpr {
  readonly kind: "Ago";
  readonly duration: Duration;
  readonly span: Span;
}

/** Stands where the parser recovered from a missing or broken expression. */
export interface ErrorExpr {
  readonly kind: "Error";
  readonly span: Span;
}

export type Node =
  SegFile | Declaration | FieldDecl | TypeRef | Branch | Identifier | ColumnName | Duration | Window | Rate | Expr;

export interface Comment {
  readonly text: string;
  readonly span: Span;
  /** `//`, `///` or `/*` */
  readonly style: "line" | "doc" | "block";
}

export function assertNever(x: never): never {
  throw new Error(`unexpected node: ${JSON.stringify(x)}`);
}
