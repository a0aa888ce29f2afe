// How symbols, aggregates and functions read in the editor: one-line signatures for hover and
// completion details, and a stable key per symbol across checker runs.
import { AGGREGATES, FUNCTIONS, type Program } from "../../src/check/checker.js";
import type { Symbol } from "../../src/check/symbols.js";
import { typeToString, type ValueType } from "../../src/plan/types.js";
import type { Span } from "../../src/syntax/ast.js";

/**
 * Symbols are fresh objects in every checker run (and `NAME.at` in every use): two are the same
 * declaration when their kind, file and name position agree.
 */
export function symbolKey(s: Symbol): string {
  const owner = s.kind === "field" ? `${s.owner.name}.` : s.kind === "branch" ? `${s.segmentation.name}.` : "";
  return `${s.kind}:${s.file}:${s.nameSpan.start}:${owner}${s.name}`;
}

export function sourceOf(program: Program, file: string, span: Span): string {
  const text = program.workspace.modules.get(file)?.text ?? "";
  return text.slice(span.start, span.end);
}

/** Collapses runs of blank space so a multi-line definition fits a line. */
export function oneLine(text: string, max = 160): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function typeText(t: ValueType | undefined): string {
  return t ? typeToString(t) : "unknown";
}

/** The declaration as one line of Seg, e.g. `measure spend: decimal(2)`. */
export function signature(s: Symbol, program: Program): string {
  switch (s.kind) {
    case "entity":
      return `entity ${s.name} from ${sourceOf(program, s.file, s.decl.table.span)} key ${s.decl.key.name}`;
    case "events":
      return `events ${s.name} of ${s.decl.entity.name} from ${sourceOf(program, s.file, s.decl.table.span)} by ${sourceOf(program, s.file, s.decl.by.span)} at ${sourceOf(program, s.file, s.decl.at.span)}`;
    case "field": {
      const column = s.column !== s.name ? ` from ${JSON.stringify(s.column)}` : "";
      return `${s.owner.name}.${s.name}: ${typeToString(s.type)}${s.decl.nullable ? "?" : ""}${column}`;
    }
    case "measure":
      return `measure ${s.name}: ${typeText(program.types.get(s.decl.expr))}`;
    case "param":
      return `param ${s.name}: ${s.type ? typeToString(s.type) : s.decl.type.name} = ${oneLine(sourceOf(program, s.file, s.decl.value.span))}`;
    case "segment": {
      const entity = program.entityOf.get(s)?.name ?? s.decl.entity?.name;
      return `segment ${s.name}${entity ? ` for ${entity}` : ""}`;
    }
    case "segmentation": {
      const entity = program.entityOf.get(s)?.name ?? s.decl.entity?.name;
      return `segmentation ${s.name}${entity ? ` for ${entity}` : ""} { ${[...s.branches.keys()].join(" | ")} }`;
    }
    case "branch":
      return `tier ${s.segmentation.name}.${s.name}${s.decl.condition ? "" : " (otherwise)"}`;
    case "eventTime":
      return `${s.events.name}.at: timestamp (column ${sourceOf(program, s.events.file, s.events.decl.at.span)})`;
  }
}

export interface FunctionDoc {
  /** e.g. `sum(EVENTS.FIELD [where CONDITION])` */
  readonly signature: string;
  /** What it returns, e.g. `the field's type`. */
  readonly returns: string;
  readonly summary: string;
  /** Snippet inserted by completion. */
  readonly snippet: string;
}

const agg = (signature: string, returns: string, summary: string, snippet: string): FunctionDoc => ({
  signature,
  returns,
  summary,
  snippet,
});

export const AGGREGATE_DOCS: Readonly<Record<(typeof AGGREGATES)[number], FunctionDoc>> = {
  count: agg(
    "count(EVENTS [where CONDITION])",
    "int",
    "Number of the member's events (0 when none).",
    "count(${1:events})",
  ),
  sum: agg(
    "sum(EVENTS.FIELD [where CONDITION])",
    "the field's type",
    "Total of a numeric field (0 when no events).",
    "sum(${1:events}.${2:field})",
  ),
  avg: agg(
    "avg(EVENTS.FIELD [where CONDITION])",
    "float",
    "Average of a numeric field (null when no events).",
    "avg(${1:events}.${2:field})",
  ),
  min: agg(
    "min(EVENTS.FIELD [where CONDITION])",
    "the field's type",
    "Smallest value (null when no events).",
    "min(${1:events}.${2:field})",
  ),
  max: agg(
    "max(EVENTS.FIELD [where CONDITION])",
    "the field's type",
    "Largest value (null when no events).",
    "max(${1:events}.${2:field})",
  ),
  distinct_count: agg(
    "distinct_count(EVENTS.FIELD [where CONDITION])",
    "int",
    "Number of different values of a field.",
    "distinct_count(${1:events}.${2:field})",
  ),
  latest: agg(
    "latest(EVENTS.FIELD [where CONDITION])",
    "the field's type",
    "The value on the latest event; `latest(EVENTS.at)` is the latest event time.",
    "latest(${1:events}.${2:at})",
  ),
  earliest: agg(
    "earliest(EVENTS.FIELD [where CONDITION])",
    "the field's type",
    "The value on the earliest event; `earliest(EVENTS.at)` is the first event time.",
    "earliest(${1:events}.${2:at})",
  ),
  share: agg(
    "share(EVENTS where CONDITION)",
    "float",
    "Fraction of the member's events that satisfy the condition (null when none).",
    "share(${1:events} where ${2:condition})",
  ),
  most_frequent: agg(
    "most_frequent(EVENTS.FIELD [where CONDITION])",
    "the field's type",
    "The most frequent value (ties go to the smallest).",
    "most_frequent(${1:events}.${2:field})",
  ),
  any: agg(
    "any(EVENTS [where CONDITION])",
    "bool",
    "Whether the member has at least one such event.",
    "any(${1:events})",
  ),
  none: agg("none(EVENTS [where CONDITION])", "bool", "Whether the member has no such event.", "none(${1:events})"),
};

const fn = (signature: string, returns: string, summary: string): FunctionDoc => ({
  signature,
  returns,
  summary,
  snippet: `${signature.slice(0, signature.indexOf("("))}(\${1})`,
});

export const FUNCTION_DOCS: Readonly<Record<keyof typeof FUNCTIONS & string, FunctionDoc>> = {
  lower: fn("lower(TEXT)", "string", "Lower case (full Unicode)."),
  upper: fn("upper(TEXT)", "string", "Upper case (full Unicode)."),
  length: fn("length(TEXT)", "int", "Number of code points."),
  trim: fn("trim(TEXT)", "string", "Removes spaces at both ends."),
  coalesce: fn("coalesce(VALUE, ...)", "the values' common type", "The first value that is not null."),
  abs: fn("abs(NUMBER)", "the number's type", "Absolute value."),
  round: fn("round(NUMBER [, DIGITS])", "the number's type", "Rounds half away from zero."),
  year: fn("year(TIME)", "int", "The year (UTC)."),
  month: fn("month(TIME)", "int", "The month, 1 to 12 (UTC)."),
  day: fn("day(TIME)", "int", "The day of the month (UTC)."),
  hour: fn("hour(TIME)", "int", "The hour, 0 to 23 (UTC)."),
  day_of_week: fn("day_of_week(TIME)", "int", "ISO day of the week: Monday = 1 … Sunday = 7."),
  date: fn("date(TIME)", "date", "The date of a timestamp (UTC)."),
  days_since: fn("days_since(TIME)", "int", "Whole 24-hour periods from the time to now."),
  days_between: fn("days_between(A, B)", "int", "Whole 24-hour periods from A to B."),
};

export function functionDoc(name: string): (FunctionDoc & { readonly aggregate: boolean }) | undefined {
  if (Object.hasOwn(AGGREGATE_DOCS, name))
    return { ...AGGREGATE_DOCS[name as keyof typeof AGGREGATE_DOCS], aggregate: true };
  const f = Object.hasOwn(FUNCTION_DOCS, name) ? FUNCTION_DOCS[name] : undefined;
  if (f) return { ...f, aggregate: false };
  return undefined;
}
