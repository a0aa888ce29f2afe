// Code → typed params → message. The code is the contract; the text is only a formatter.
// SEG1xx syntax, SEG2xx names and imports, SEG3xx types and values,
// SEG4xx time and windows, SEG5xx warnings about legal but suspicious definitions.
import type { Diagnostic, Fix, Severity } from "./diagnostic.js";
import type { Span } from "../syntax/ast.js";

const q = (s: string): string => `\`${s}\``;
const list = (xs: readonly string[]): string => xs.map(q).join(", ");
const didYouMean = (c: readonly string[]): string => (c.length ? `; did you mean ${c.map(q).join(" or ")}?` : "");

interface CodeDef<P> {
  readonly code: string;
  readonly severity: Severity;
  readonly message: (p: P) => string;
}

function def<P>(code: string, severity: Severity, message: (p: P) => string): CodeDef<P> {
  return { code, severity, message };
}

export const codes = {
  // ---- syntax
  "unexpected-token": def<{ expected: string; found: string }>(
    "SEG101",
    "error",
    (p) => `expected ${p.expected} but found ${p.found}`,
  ),
  "unterminated-string": def<object>("SEG102", "error", () => "unterminated string literal"),
  "invalid-escape": def<{ escape: string }>(
    "SEG103",
    "error",
    (p) => `invalid escape sequence ${q(p.escape)} in string`,
  ),
  "unexpected-character": def<{ char: string }>("SEG104", "error", (p) => `unexpected character ${q(p.char)}`),
  "unterminated-comment": def<object>("SEG105", "error", () => "unterminated block comment"),
  "invalid-number": def<{ text: string }>("SEG106", "error", (p) => `invalid number ${q(p.text)}`),
  "missing-token": def<{ expected: string }>("SEG107", "error", (p) => `expected ${p.expected}`),
  "nesting-too-deep": def<{ limit: number }>(
    "SEG108",
    "error",
    (p) => `parentheses nest more than ${p.limit} deep; simplify the expression`,
  ),
  "internal-error": def<{ message: string }>(
    "SEG109",
    "error",
    (p) => `internal error, please report it: ${p.message}`,
  ),

  // ---- names and imports
  "unknown-name": def<{ name: string; candidates: readonly string[] }>(
    "SEG201",
    "error",
    (p) => `unknown name ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "unknown-field": def<{ name: string; owner: string; candidates: readonly string[] }>(
    "SEG202",
    "error",
    (p) => `${q(p.owner)} has no field ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "unknown-event-set": def<{ name: string; candidates: readonly string[] }>(
    "SEG203",
    "error",
    (p) => `unknown event set ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "unknown-enum-value": def<{ value: string; field: string; candidates: readonly string[]; values: readonly string[] }>(
    "SEG204",
    "error",
    (p) =>
      p.candidates.length
        ? `${q(p.value)} is not a value of ${q(p.field)}${didYouMean(p.candidates)}`
        : `${q(p.value)} is not a value of ${q(p.field)} (one of ${list(p.values)})`,
  ),
  "unknown-segment": def<{ name: string; candidates: readonly string[] }>(
    "SEG205",
    "error",
    (p) => `unknown segment ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "unknown-branch": def<{ name: string; segmentation: string; candidates: readonly string[] }>(
    "SEG206",
    "error",
    (p) => `segmentation ${q(p.segmentation)} has no tier ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "unknown-entity": def<{ name: string; candidates: readonly string[] }>(
    "SEG207",
    "error",
    (p) => `unknown entity ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "unknown-function": def<{ name: string; candidates: readonly string[] }>(
    "SEG208",
    "error",
    (p) => `unknown function ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "duplicate-declaration": def<{ name: string; previous: string }>(
    "SEG210",
    "error",
    (p) => `${q(p.name)} is already declared (${p.previous})`,
  ),
  "duplicate-field": def<{ name: string }>("SEG211", "error", (p) => `field ${q(p.name)} is declared twice`),
  "duplicate-branch": def<{ name: string }>("SEG212", "error", (p) => `tier ${q(p.name)} is declared twice`),
  "reserved-field-name": def<{ name: string }>(
    "SEG213",
    "error",
    (p) => `an event field may not be called ${q(p.name)}: ${q("NAME.at")} is the event time`,
  ),
  "reserved-name": def<{ name: string }>(
    "SEG214",
    "error",
    (p) => `${q(p.name)} is reserved (the JavaScript module exports a function of that name); choose another name`,
  ),
  "import-not-found": def<{ path: string }>("SEG220", "error", (p) => `cannot find imported file ${q(p.path)}`),
  "import-cycle": def<{ cycle: readonly string[] }>("SEG221", "error", (p) => `import cycle: ${p.cycle.join(" → ")}`),
  "segment-cycle": def<{ cycle: readonly string[] }>(
    "SEG222",
    "error",
    (p) => `definitions refer to each other in a cycle: ${p.cycle.join(" → ")}`,
  ),
  "entity-required": def<{ candidates: readonly string[] }>("SEG223", "error", (p) =>
    p.candidates.length
      ? `several entities are in scope (${list(p.candidates)}); say which with \`for ENTITY\``
      : "no entity is in scope; declare or import one",
  ),
  "bare-entity-field-in-filter": def<{ name: string; entity: string }>(
    "SEG224",
    "error",
    (p) => `inside a filter, bare names are event fields; write ${q(`${p.entity}.${p.name}`)} for the entity field`,
  ),
  "unknown-key-field": def<{ name: string; entity: string; candidates: readonly string[] }>(
    "SEG225",
    "error",
    (p) => `entity ${q(p.entity)} has no field ${q(p.name)} to use as key${didYouMean(p.candidates)}`,
  ),
  "unknown-param": def<{ name: string; candidates: readonly string[] }>(
    "SEG226",
    "error",
    (p) => `unknown param ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "entity-mismatch": def<{ name: string; expected: string; actual: string }>(
    "SEG227",
    "error",
    (p) => `${q(p.name)} belongs to ${q(p.actual)}, not ${q(p.expected)}`,
  ),
  "event-field-outside-filter": def<{ name: string; set: string }>(
    "SEG228",
    "error",
    (p) => `${q(`${p.set}.${p.name}`)} can only be used inside an aggregate such as ${q(`max(${p.set}.${p.name})`)}`,
  ),

  // ---- types and values
  "unknown-type": def<{ name: string; candidates: readonly string[] }>(
    "SEG301",
    "error",
    (p) => `unknown type ${q(p.name)}${didYouMean(p.candidates)}`,
  ),
  "type-mismatch": def<{ op: string; left: string; right: string }>(
    "SEG302",
    "error",
    (p) => `cannot compare ${p.left} with ${p.right}${p.op === "=" || p.op === "!=" ? "" : ` using ${q(p.op)}`}`,
  ),
  "expected-type": def<{ expected: string; actual: string; what: string }>(
    "SEG303",
    "error",
    (p) => `${p.what} must be ${p.expected}, not ${p.actual}`,
  ),
  "enum-ordering": def<{ op: string }>(
    "SEG304",
    "error",
    (p) => `enum values can only be compared with \`=\`, \`!=\` and \`in\`, not ${q(p.op)}`,
  ),
  "wrong-arity": def<{ name: string; expected: string; actual: number }>(
    "SEG305",
    "error",
    (p) => `${q(p.name)} takes ${p.expected}, but ${p.actual} were given`,
  ),
  "not-an-aggregate-argument": def<{ name: string }>(
    "SEG306",
    "error",
    (p) => `${q(p.name)} takes an event set (\`orders\`) or an event field (\`orders.amount\`)`,
  ),
  "filter-on-non-aggregate": def<{ name: string }>(
    "SEG307",
    "error",
    (p) => `only aggregates take a \`where\` filter; ${q(p.name)} is not one`,
  ),
  "nested-aggregate": def<object>(
    "SEG308",
    "error",
    () => "an aggregate cannot appear inside another aggregate's filter",
  ),
  "invalid-literal": def<{ type: string; text: string; reason: string }>(
    "SEG309",
    "error",
    (p) => `${q(p.text)} is not a valid ${p.type}: ${p.reason}`,
  ),
  "invalid-scale": def<{ text: string }>(
    "SEG310",
    "error",
    (p) => `decimal scale must be a whole number from 0 to 18, not ${q(p.text)}`,
  ),
  "param-not-literal": def<object>("SEG311", "error", () => "a param's value must be a literal"),
  "param-override-invalid": def<{ name: string; value: string; type: string }>(
    "SEG312",
    "error",
    (p) => `--param ${p.name}=${p.value}: not a valid ${p.type}`,
  ),
  "percent-out-of-range": def<{ text: string }>(
    "SEG313",
    "error",
    (p) => `a rank percentage must be above 0% and at most 100%, not ${p.text}`,
  ),
  "condition-not-boolean": def<{ actual: string }>(
    "SEG314",
    "error",
    (p) => `a condition must be boolean, not ${p.actual}`,
  ),
  "unsupported-capability": def<{ dialect: string; capability: string }>(
    "SEG315",
    "error",
    (p) => `the ${p.dialect} dialect cannot ${p.capability} as the language defines it`,
  ),
  "empty-enum": def<object>("SEG316", "error", () => "an enum needs at least one value"),
  "duplicate-enum-value": def<{ value: string }>("SEG317", "error", (p) => `enum value ${q(p.value)} is listed twice`),
  "invalid-string": def<{ reason: string }>("SEG318", "error", (p) => `string cannot be used: ${p.reason}`),
  "key-nullable": def<{ name: string }>("SEG319", "error", (p) => `the key field ${q(p.name)} cannot be nullable`),

  // ---- time and windows
  "window-required": def<{ what: string }>(
    "SEG401",
    "error",
    (p) => `${p.what} needs a window: add \`over last …\` or a \`default window\``,
  ),
  "window-not-whole-buckets": def<{ window: string; unit: string }>(
    "SEG402",
    "error",
    (p) => `the window ${p.window} is not a whole number of ${p.unit}s`,
  ),
  "window-not-positive": def<object>("SEG403", "error", () => "a window must have a positive length"),
  "at-least-range": def<{ k: string; m: string }>(
    "SEG404",
    "error",
    (p) => `in at least K of M needs 1 ≤ K ≤ M, not ${p.k} of ${p.m}`,
  ),
  "window-on-non-aggregate": def<object>(
    "SEG405",
    "error",
    () => "`over` applies to aggregates; this comparison has none without a window",
  ),
  "duplicate-default-window": def<object>("SEG406", "error", () => "this file already has a default window"),
  "rate-needs-number": def<object>(
    "SEG407",
    "error",
    () => "a rate compares an aggregate with a number: write `AGGREGATE >= N per UNIT`",
  ),
  "invalid-duration": def<{ text: string }>(
    "SEG408",
    "error",
    (p) => `a duration needs a positive whole number, not ${q(p.text)}`,
  ),
  "window-bound-type": def<{ actual: string }>(
    "SEG409",
    "error",
    (p) => `a window bound must be a date or timestamp, not ${p.actual}`,
  ),
  "window-bounds-not-constant": def<object>(
    "SEG410",
    "error",
    () => "window bounds must be literals, `now` or `N UNITS ago`",
  ),
  "rate-window-length": def<object>(
    "SEG411",
    "error",
    () => "a rate needs a window of fixed length: use `last N UNITS`, two `ago` bounds or two literal bounds",
  ),
  "rank-in-filter": def<object>(
    "SEG320",
    "error",
    () => "ranks and segment references are per member and cannot appear inside an aggregate filter",
  ),

  // ---- warnings
  "never-true": def<{ field: string }>(
    "SEG501",
    "warning",
    (p) => `this condition can never hold: the constraints on ${q(p.field)} contradict each other`,
  ),
  "unreachable-tier": def<{ tier: string; by: string }>(
    "SEG502",
    "warning",
    (p) => `tier ${q(p.tier)} is unreachable: tier ${q(p.by)} always catches its members first`,
  ),
  "missing-otherwise": def<{ name: string }>(
    "SEG503",
    "warning",
    (p) => `segmentation ${q(p.name)} has no \`otherwise\` tier: some members get no tier`,
  ),
  "compare-null": def<{ op: string }>(
    "SEG504",
    "warning",
    (p) => `\`${p.op} null\` is never true; use ${q(p.op === "=" ? "is null" : "is not null")}`,
  ),
  "float-equality": def<object>(
    "SEG505",
    "warning",
    () => "comparing a float with `=` is fragile; compare with a range instead",
  ),
} as const;

export type CodeName = keyof typeof codes;
export type ParamsOf<K extends CodeName> = (typeof codes)[K] extends CodeDef<infer P> ? P : never;

export function makeDiagnostic<K extends CodeName>(
  name: K,
  params: ParamsOf<K>,
  file: string,
  span: Span,
  fixes: readonly Fix[] = [],
): Diagnostic {
  const d = codes[name] as CodeDef<ParamsOf<K>>;
  return { code: d.code, name, severity: d.severity, message: d.message(params), file, span, fixes };
}

/** Collects diagnostics for one file. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(readonly file: string) {}
  report<K extends CodeName>(name: K, params: ParamsOf<K>, span: Span, fixes: readonly Fix[] = []): void {
    this.items.push(makeDiagnostic(name, params, this.file, span, fixes));
  }
}
