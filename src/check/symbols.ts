import type {
  Branch,
  EntityDecl,
  EventsDecl,
  FieldDecl,
  MeasureDecl,
  ParamDecl,
  SegmentDecl,
  SegmentationDecl,
  Span,
} from "../syntax/ast.js";
import type { PLiteral } from "../plan/plan.js";
import type { ValueType } from "../plan/types.js";

interface SymbolBase {
  readonly name: string;
  /** File that declares it. */
  readonly file: string;
  readonly nameSpan: Span;
  readonly doc?: string;
}

export interface EntitySymbol extends SymbolBase {
  readonly kind: "entity";
  readonly decl: EntityDecl;
  readonly fields: Map<string, FieldSymbol>;
}

export interface EventsSymbol extends SymbolBase {
  readonly kind: "events";
  readonly decl: EventsDecl;
  entity?: EntitySymbol;
  readonly fields: Map<string, FieldSymbol>;
}

export interface FieldSymbol extends SymbolBase {
  readonly kind: "field";
  readonly decl: FieldDecl;
  readonly owner: EntitySymbol | EventsSymbol;
  readonly type: ValueType;
  readonly column: string;
}

export interface MeasureSymbol extends SymbolBase {
  readonly kind: "measure";
  readonly decl: MeasureDecl;
}

export interface ParamSymbol extends SymbolBase {
  readonly kind: "param";
  readonly decl: ParamDecl;
  type?: ValueType;
  value?: PLiteral;
}

export interface SegmentSymbol extends SymbolBase {
  readonly kind: "segment";
  readonly decl: SegmentDecl;
}

export interface SegmentationSymbol extends SymbolBase {
  readonly kind: "segmentation";
  readonly decl: SegmentationDecl;
  readonly branches: Map<string, BranchSymbol>;
}

export interface BranchSymbol extends SymbolBase {
  readonly kind: "branch";
  readonly decl: Branch;
  readonly segmentation: SegmentationSymbol;
}

/** `orders.at`: the event time of an event set. */
export interface EventTimeSymbol extends SymbolBase {
  readonly kind: "eventTime";
  readonly events: EventsSymbol;
}

export type TopSymbol = EntitySymbol | EventsSymbol | MeasureSymbol | ParamSymbol | SegmentSymbol | SegmentationSymbol;
export type Symbol = TopSymbol | FieldSymbol | BranchSymbol | EventTimeSymbol;

export function describe(s: Symbol): string {
  switch (s.kind) {
    case "events":
      return "event set";
    case "eventTime":
      return "event time";
    case "branch":
      return "tier";
    default:
      return s.kind;
  }
}
