// The resolved, typed plan: the only input of the backends. No unresolved names, no spans.
import type { CompareOp, TimeUnit } from "../syntax/ast.js";
import type { ValueType } from "./types.js";

export interface Plan {
  /** Path of the file the plan was compiled from. */
  readonly source: string;
  readonly entity: PlanEntity;
  readonly eventSets: readonly PlanEventSet[];
  readonly params: readonly PlanParam[];
  readonly aggregates: readonly PlanAggregate[];
  readonly ranks: readonly PlanRank[];
  readonly segments: readonly PlanSegment[];
  readonly segmentations: readonly PlanSegmentation[];
}

export interface PlanField {
  readonly name: string;
  readonly column: string;
  readonly type: ValueType;
  readonly nullable: boolean;
}

export interface PlanEntity {
  readonly name: string;
  readonly table: string;
  readonly key: PlanField;
  readonly fields: readonly PlanField[];
}

export interface PlanEventSet {
  readonly name: string;
  readonly table: string;
  /** Foreign-key column holding the entity key. */
  readonly by: string;
  /** Event-time column. */
  readonly at: string;
  readonly fields: readonly PlanField[];
}

export interface PlanParam {
  readonly name: string;
  readonly type: ValueType;
  /** The declared value, or the caller's `--param` override. */
  readonly value: PLiteral;
}

/** A point in time: `now` or a literal, then shifts applied one after another (each clamping). */
export interface TimePoint {
  readonly base: "now" | { readonly literal: string };
  readonly shifts: readonly { readonly amount: number; readonly unit: TimeUnit }[];
}

/** Half-open [start, end); events at or after `now` are excluded everywhere regardless. */
export interface PlanWindow {
  readonly start: TimePoint;
  readonly end: TimePoint;
}

export type AggregateFn =
  | "count"
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "distinct_count"
  | "latest"
  | "earliest"
  | "share"
  | "most_frequent"
  | "any"
  | "none";

export type AggregateArg = { readonly kind: "field"; readonly field: PlanField } | { readonly kind: "at" };

export interface PlanAggregate {
  readonly id: number;
  readonly fn: AggregateFn;
  readonly eventSet: string;
  readonly arg?: AggregateArg;
  /** Event-level predicate (may use event fields, `at`, entity fields). */
  readonly filter?: PExpr;
  /** Null: the member's whole history up to `now`. */
  readonly window: PlanWindow | null;
  readonly type: ValueType;
}

export interface PlanRank {
  readonly id: number;
  readonly expr: PExpr;
  readonly direction: "top" | "bottom";
  /** The fraction as an exact decimal string, e.g. "0.1" for 10%. */
  readonly fraction: string;
}

export interface PlanSegment {
  readonly name: string;
  /** False for segments only present because an output segment refers to them. */
  readonly output: boolean;
  readonly doc?: string;
  readonly condition: PExpr;
}

export interface PlanSegmentation {
  readonly name: string;
  readonly output: boolean;
  readonly doc?: string;
  readonly branches: readonly { readonly name: string; readonly condition: PExpr | null }[];
}

export type FunctionName =
  | "lower"
  | "upper"
  | "length"
  | "trim"
  | "coalesce"
  | "abs"
  | "round"
  | "year"
  | "month"
  | "day"
  | "hour"
  | "day_of_week"
  | "date"
  | "days_since"
  | "days_between";

/** Literal values are kept as text so nothing loses precision: int "12", decimal "12.50", date "2024-01-31", timestamp ISO with ms and Z. */
export interface PLiteral {
  readonly kind: "literal";
  readonly type: ValueType;
  readonly value: string | boolean | null;
}

export type PExpr =
  | PLiteral
  | { readonly kind: "field"; readonly field: PlanField }
  | { readonly kind: "eventField"; readonly eventSet: string; readonly field: PlanField }
  | { readonly kind: "eventTime"; readonly eventSet: string }
  | { readonly kind: "aggregate"; readonly id: number; readonly type: ValueType }
  | { readonly kind: "time"; readonly point: TimePoint }
  | {
      readonly kind: "compare";
      readonly op: CompareOp;
      readonly left: PExpr;
      readonly right: PExpr;
      readonly operandType: ValueType;
    }
  | { readonly kind: "and" | "or"; readonly args: readonly PExpr[] }
  | { readonly kind: "not"; readonly arg: PExpr }
  | { readonly kind: "isNull"; readonly arg: PExpr; readonly negated: boolean }
  | {
      readonly kind: "in";
      readonly arg: PExpr;
      readonly values: readonly PExpr[];
      readonly negated: boolean;
      readonly operandType: ValueType;
    }
  | {
      readonly kind: "between";
      readonly arg: PExpr;
      readonly low: PExpr;
      readonly high: PExpr;
      readonly negated: boolean;
      readonly operandType: ValueType;
    }
  | {
      readonly kind: "match";
      readonly op: "contains" | "starts_with" | "ends_with";
      readonly arg: PExpr;
      readonly pattern: PExpr;
    }
  | {
      readonly kind: "arith";
      readonly op: "+" | "-" | "*" | "/";
      readonly left: PExpr;
      readonly right: PExpr;
      readonly type: ValueType;
    }
  | { readonly kind: "neg"; readonly arg: PExpr; readonly type: ValueType }
  | { readonly kind: "call"; readonly fn: FunctionName; readonly args: readonly PExpr[]; readonly type: ValueType }
  | { readonly kind: "rank"; readonly id: number }
  | { readonly kind: "segment"; readonly name: string }
  | { readonly kind: "branch"; readonly segmentation: string; readonly branch: string }
  | { readonly kind: "label"; readonly segmentation: string }
  | { readonly kind: "atLeast"; readonly k: number; readonly args: readonly PExpr[] };
