// Plan → one dependency-free ES module: the inlined runtime, then one predicate per output segment,
// one labeller per output segmentation and `evaluate`.
//
// Shape of the generated code (per plan, names prefixed `$p<i>_`):
//   $p0_time(now)        window bounds and other time points, recomputed only when `now` changes
//   $p0_rankTables(...)  one pass over a population computing every rank (cached per population array)
//   Name(member, ctx)    field reads → one loop per event set (all aggregates at once) → conditions
//   $p0_evaluate(...)    the same body inlined in a loop over the members
// Values inside generated code: int = number | bigint (number while safe); decimal(s) = integer units
// at the static scale s (number | bigint); float = number; date/timestamp = epoch ms; string/enum =
// string; bool = true | false; unknown/NULL = null. Every internal name contains `$`, which Seg
// identifiers cannot, so segment names never collide with the module's own.
import { parseTimestamp } from "../../check/literals.js";
import type { PExpr, Plan, PlanAggregate, PlanField, PlanWindow, TimePoint } from "../../plan/plan.js";
import { BOOL, FLOAT, INT, STRING, TIMESTAMP, type ValueType } from "../../plan/types.js";
import { RUNTIME_SOURCE } from "./runtime-source.js";

export interface EmitJsOptions {
  /** Baked-in evaluation instant used when the caller passes no `now` (ISO date or timestamp). */
  readonly asOf?: string;
}

/** The source of one ES module (no imports) that evaluates the plans' output segments and segmentations. */
export function emitJs(plans: readonly Plan[], options: EmitJsOptions = {}): string {
  return new ModuleEmitter(plans, options).emit();
}

// ---------------------------------------------------------------- runtime inlining

/** Runtime functions the generated code calls (each becomes a module constant `$name`). */
const RUNTIME_USED = [
  "Dec",
  "abs",
  "add",
  "bucketIndex",
  "dateOf",
  "day",
  "dayOfWeek",
  "daysBetween",
  "daysSince",
  "dec",
  "decNum",
  "decRound",
  "div",
  "hour",
  "intIn",
  "length",
  "lower",
  "month",
  "mul",
  "neg",
  "num",
  "order",
  "rankBottom",
  "rankTop",
  "round",
  "shift",
  "strCmp",
  "sub",
  "toMs",
  "trim",
  "upper",
  "year",
] as const;

let runtimeCache: string | undefined;

/** The runtime as a function scope returning the functions we use, so its top-level names stay private. */
function runtimePrelude(): string {
  if (runtimeCache !== undefined) return runtimeCache;
  const exported = new Map<string, string>(); // exported name → local name
  let body = RUNTIME_SOURCE.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_all, list: string) => {
    for (const part of list.split(",")) {
      const m = /^\s*([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(part);
      if (m) exported.set(m[2] ?? m[1]!, m[1]!);
    }
    return "";
  });
  body = body.replace(
    /^export\s+((?:async\s+)?function\*?|const|let|var|class)\s+([\w$]+)/gm,
    (_all, kw: string, n: string) => {
      exported.set(n, n);
      return `${kw} ${n}`;
    },
  );
  if (/^export\s/m.test(body)) throw new Error("internal: the JS runtime has an export form the emitter cannot inline");
  const missing = RUNTIME_USED.filter((n) => !exported.has(n));
  if (missing.length) throw new Error(`internal: the JS runtime lacks ${missing.join(", ")}`);
  runtimeCache = [
    "// ---------------------------------------------------------------- runtime (src/backend/js/runtime.ts)",
    "const $rt = (() => {",
    body.trim(),
    `return { ${RUNTIME_USED.map((n) => (exported.get(n) === n ? n : `${n}: ${exported.get(n)}`)).join(", ")} };`,
    "})();",
    `const { ${RUNTIME_USED.map((n) => `${n}: $${n}`).join(", ")} } = $rt;`,
  ].join("\n");
  return runtimeCache;
}

// Helpers of the generated code itself (hot paths specialised for its value representation).
const GLUE = `// ---------------------------------------------------------------- helpers of the generated code
const $P10 = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) $P10.push(p);
// Below 2^51 units, decimal text with at most s fraction digits goes through a double exactly.
const $MAXU = 2251799813685248;
const $MAXI = 9007199254740991;
/** A decimal(s) input (number, text, bigint, Dec) → integer units at scale s; null stays null. */
function $decU(v, s) {
  if (typeof v === "number") {
    const u = Math.round(v * $P10[s]);
    // u / 10^s === v: v has at most s fraction digits (else round exactly, half away from zero).
    if (u < $MAXU && u > -$MAXU && u / $P10[s] === v) return u === 0 ? 0 : u;
  } else if (v == null) return null;
  else if (typeof v === "string") {
    const u = $decText(v, s);
    if (u === u) return u;
  }
  return $unitsOf($dec(v), s);
}
/** Plain decimal text ([+-]digits[.digits], at most s fraction digits) → units; NaN for anything else. */
function $decText(v, s) {
  const n = v.length;
  let i = 0;
  let c = v.charCodeAt(0);
  const neg = c === 45;
  if (neg || c === 43) i = 1;
  let u = 0;
  let digits = 0;
  for (; i < n; i++) {
    c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    u = u * 10 + c;
    digits++;
  }
  let f = 0;
  if (i < n && v.charCodeAt(i) === 46) {
    for (i++; i < n; i++, f++) {
      c = v.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || f === s) return NaN;
      u = u * 10 + c;
      digits++;
    }
  }
  if (i !== n || digits === 0 || !(u < $MAXU)) return NaN;
  if (f < s) u *= $P10[s - f];
  if (!(u < $MAXU)) return NaN;
  return neg && u !== 0 ? -u : u;
}
function $unitsOf(d, s) {
  if (d.s === s) return d.u;
  if (d.s < s) return $mul(d.u, $pow10(s - d.s));
  return $decRound(d, s).u;
}
function $pow10(k) {
  return k <= 15 ? $P10[k] : 10n ** BigInt(k);
}
/** Exact int (or units) addition: number while safe, bigint beyond. */
function $addI(a, b) {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (r <= $MAXI && r >= -$MAXI) return r;
  }
  return $add(a, b);
}
/** Units at scale \`from\` rounded (half away from zero) to scale \`to\` < from. */
function $roundU(u, from, to) {
  return u === null ? null : $decRound(new $Dec(u, from), to).u;
}
/** Units at scale s → double (correctly rounded). */
function $unum(u, s) {
  if (u === null) return null;
  return typeof u === "number" && s <= 22 ? u / $P10[s] : $decNum(new $Dec(u, s));
}
/** The most frequent key of a value → count map; ties go to the smallest value. */
function $mfPick(m) {
  let best = null;
  let bn = 0;
  for (const [v, c] of m) {
    if (c > bn || (c === bn && $order(v, best) < 0)) {
      best = v;
      bn = c;
    }
  }
  return best;
}
/** Evaluation instant: context.now (Date, ISO text or epoch ms), else the baked-in as-of, else the clock. */
function $nowOf(o) {
  const v = o == null ? undefined : o.now;
  if (v != null) return $toMs(v);
  return $ASOF !== null ? $ASOF : Date.now();
}
/** obj[k] = v, also for k = "__proto__". */
function $put(o, k, v) {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
function $noPopulation(name) {
  throw new TypeError(\`seg: \${name} ranks members (in top/bottom): pass context.population, the array of all members\`);
}`;

// ---------------------------------------------------------------- small code helpers

interface V {
  /** A side-effect-free, cheap JS expression (an identifier, a literal, a parenthesised test). */
  readonly code: string;
  readonly nullable: boolean;
}

const NULLV: V = { code: "null", nullable: true };
const isAtom = (code: string): boolean =>
  /^(\$?[\w$]+|\(-?[\d.e+]+n?\)|-?[\d.]+n?|"(?:[^"\\]|\\.)*"|true|false|null)$/.test(code);

function numCode(n: number): string {
  if (Object.is(n, -0)) return "0";
  return n < 0 ? `(${String(n)})` : String(n);
}

function bigCode(b: bigint): string {
  const n = Number(b);
  if (Number.isSafeInteger(n) && BigInt(n) === b) return numCode(n);
  return b < 0n ? `(${b}n)` : `${b}n`;
}

const pow10 = (k: number): bigint => 10n ** BigInt(k);

/** Exact units of decimal text at `scale` (rounding half away from zero if it has more digits). */
function decimalUnits(text: string, scale: number): bigint {
  const neg = text.startsWith("-");
  const t = neg || text.startsWith("+") ? text.slice(1) : text;
  const [i = "", f = ""] = t.split(".");
  let units = BigInt((i || "0") + f.slice(0, scale).padEnd(scale, "0"));
  if (f.length > scale && f.charCodeAt(scale) >= 53 /* "5" */) units += 1n;
  return neg ? -units : units;
}

function timeMs(text: string): number {
  const r = parseTimestamp(text);
  if (!r.ok) throw new Error(`internal: invalid time literal ${JSON.stringify(text)}`);
  return Date.parse(r.value);
}

const scaleOf = (t: ValueType): number => (t.kind === "decimal" ? t.scale : 0);

/** Static type of a plan expression. */
export function typeOfPExpr(e: PExpr): ValueType {
  switch (e.kind) {
    case "literal":
      return e.type;
    case "field":
    case "eventField":
      return e.field.type;
    case "eventTime":
    case "time":
      return TIMESTAMP;
    case "aggregate":
    case "arith":
    case "neg":
    case "call":
      return e.type;
    case "label":
      return STRING;
    default:
      return BOOL;
  }
}

/** Child expressions, not descending into aggregate filters (those are per event). */
function children(e: PExpr): readonly PExpr[] {
  switch (e.kind) {
    case "compare":
    case "arith":
      return [e.left, e.right];
    case "and":
    case "or":
    case "atLeast":
    case "call":
      return e.args;
    case "not":
    case "isNull":
    case "neg":
      return [e.arg];
    case "in":
      return [e.arg, ...e.values];
    case "between":
      return [e.arg, e.low, e.high];
    case "match":
      return [e.arg, e.pattern];
    default:
      return [];
  }
}

function eventFieldsOf(e: PExpr | undefined, out: Map<string, ValueType>): Map<string, ValueType> {
  if (!e) return out;
  if (e.kind === "eventField") out.set(e.field.name, e.field.type);
  for (const c of children(e)) eventFieldsOf(c, out);
  return out;
}

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await async arguments eval undefined " +
    "NaN Infinity globalThis Object Function Array Number Boolean String Symbol BigInt Math Date RegExp Error " +
    "TypeError RangeError SyntaxError ReferenceError EvalError URIError AggregateError JSON Map Set WeakMap WeakSet " +
    "WeakRef Promise Proxy Reflect ArrayBuffer SharedArrayBuffer DataView Atomics Float32Array Float64Array " +
    "Int8Array Int16Array Int32Array Uint8Array Uint8ClampedArray Uint16Array Uint32Array BigInt64Array " +
    "BigUint64Array Intl FinalizationRegistry isNaN isFinite parseInt parseFloat encodeURI encodeURIComponent " +
    "decodeURI decodeURIComponent escape unescape evaluate"
  ).split(" "),
);

/** A `/** … *\/` block for a doc string (never able to close early). */
function docComment(doc: string | undefined, indent = ""): string[] {
  if (doc === undefined || doc.trim() === "") return [];
  const lines = doc
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/\*\//g, "*\\/").trimEnd());
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ` ${l}` : ""}`), `${indent} */`];
}

class Out {
  readonly lines: string[] = [];
  constructor(public depth: number) {}
  line(s: string): void {
    this.lines.push("  ".repeat(this.depth) + s);
  }
  open(s: string): void {
    this.line(`${s} {`);
    this.depth++;
  }
  close(s = "}"): void {
    this.depth--;
    this.line(s);
  }
  append(other: Out): void {
    this.lines.push(...other.lines);
  }
}

// ---------------------------------------------------------------- windows and bucket families

const windowKey = (w: PlanWindow | null): string => JSON.stringify(w);
const pointKey = (p: TimePoint): string => JSON.stringify(p);

/** A window that is bucket k of a family [P - (k+1) u, P - k u), as `every` and `in at least` produce. */
interface BucketOf {
  readonly family: string;
  readonly point: TimePoint;
  readonly unit: string;
  readonly k: number;
}

function bucketOf(w: PlanWindow): BucketOf | undefined {
  const last = w.start.shifts[w.start.shifts.length - 1];
  if (!last || last.amount >= 0 || !Number.isInteger(last.amount)) return undefined;
  const k = -last.amount - 1;
  const prefix = w.start.shifts.slice(0, -1);
  const point: TimePoint = { base: w.start.base, shifts: prefix };
  const sameBase = JSON.stringify(w.end.base) === JSON.stringify(w.start.base);
  const samePrefix = (shifts: TimePoint["shifts"]) => JSON.stringify(shifts) === JSON.stringify(prefix);
  if (!sameBase) return undefined;
  if (k === 0 && !samePrefix(w.end.shifts)) return undefined;
  if (k > 0) {
    const endLast = w.end.shifts[w.end.shifts.length - 1];
    if (!endLast || endLast.amount !== -k || endLast.unit !== last.unit || !samePrefix(w.end.shifts.slice(0, -1)))
      return undefined;
  }
  return { family: JSON.stringify([point, last.unit]), point, unit: last.unit, k };
}

// ---------------------------------------------------------------- per-plan module state

interface Family {
  readonly index: number;
  readonly point: TimePoint;
  readonly unit: string;
  maxK: number;
}

/** Module-level declarations of one plan: time points, bucket bounds, reusable sets and maps. */
class PlanScope {
  readonly prefix: string;
  readonly aggregates = new Map<number, PlanAggregate>();
  readonly points: TimePoint[] = [];
  private readonly pointIndex = new Map<string, number>();
  readonly families = new Map<string, Family>();
  readonly decls: string[] = [];
  private readonly declIndex = new Map<string, string>();
  private uniq = 0;
  readonly segments: ReadonlyMap<string, Plan["segments"][number]>;
  readonly segmentations: ReadonlyMap<string, Plan["segmentations"][number]>;

  constructor(
    readonly plan: Plan,
    readonly index: number,
  ) {
    this.prefix = `$p${index}_`;
    for (const a of plan.aggregates) this.aggregates.set(a.id, a);
    this.segments = new Map(plan.segments.map((s) => [s.name, s]));
    this.segmentations = new Map(plan.segmentations.map((s) => [s.name, s]));
  }

  aggregate(id: number): PlanAggregate {
    const a = this.aggregates.get(id);
    if (!a) throw new Error(`internal: unknown aggregate ${id}`);
    return a;
  }

  /** Index of a time point in `$p_T` (points that depend on now or need calendar shifts). */
  point(p: TimePoint): number {
    const key = pointKey(p);
    let i = this.pointIndex.get(key);
    if (i === undefined) {
      i = this.points.length;
      this.points.push(p);
      this.pointIndex.set(key, i);
    }
    return i;
  }

  family(b: BucketOf): Family {
    let f = this.families.get(b.family);
    if (!f) {
      f = { index: this.families.size, point: b.point, unit: b.unit, maxK: b.k };
      this.families.set(b.family, f);
    }
    if (b.k > f.maxK) f.maxK = b.k;
    return f;
  }

  /** A module-level constant, shared by identical initialisers. */
  decl(kind: string, init: string): string {
    const key = `${kind}:${init}`;
    let name = this.declIndex.get(key);
    if (name === undefined) {
      name = `${this.prefix}${kind}${this.declIndex.size}`;
      this.declIndex.set(key, name);
      this.decls.push(`const ${name} = ${init};`);
    }
    return name;
  }

  /** A fresh module-level constant (never shared: sets and maps reused per member). */
  fresh(kind: string, init: string): string {
    const name = `${this.prefix}${kind}${this.uniq++}`;
    this.decls.push(`const ${name} = ${init};`);
    return name;
  }
}

// ---------------------------------------------------------------- member-level code

/** Generates the code that evaluates some segments/segmentations/expressions for one `member`. */
class Body {
  private tmpN = 0;
  private readonly entityReads = new Out(0);
  private readonly readVars = new Map<string, string>();
  private readonly aggs = new Set<number>();
  readonly times = new Set<number>();
  readonly families = new Set<Family>();
  usesRanks = false;
  private readonly done = new Set<string>();
  private out: Out;
  private readonly cond: Out;
  /** Inside an event loop: the event set whose fields are readable. */
  private eventSet: string | undefined;

  constructor(
    private readonly scope: PlanScope,
    private readonly depth: number,
  ) {
    this.cond = new Out(depth);
    this.out = this.cond;
    this.entityReads.depth = depth;
  }

  private fresh(p = "$x"): string {
    return `${p}${this.tmpN++}`;
  }

  private tmp(code: string, nullable: boolean): V {
    if (isAtom(code)) return { code, nullable };
    const name = this.fresh();
    this.out.line(`const ${name} = ${code};`);
    return { code: name, nullable };
  }

  // ---- targets

  segment(name: string): string {
    const key = `segment:${name}`;
    const v = `$sg_${name}`;
    if (this.done.has(key)) return v;
    this.done.add(key);
    const s = this.scope.segments.get(name);
    if (!s) throw new Error(`internal: unknown segment ${name}`);
    this.deps(s.condition);
    // Membership is TRUE only: unknown is out, and references are never unknown.
    this.out.line(`const ${v} = ${this.truth(s.condition)};`);
    return v;
  }

  segmentation(name: string): string {
    const key = `segmentation:${name}`;
    const v = `$lb_${name}`;
    if (this.done.has(key)) return v;
    this.done.add(key);
    const s = this.scope.segmentations.get(name);
    if (!s) throw new Error(`internal: unknown segmentation ${name}`);
    for (const b of s.branches) if (b.condition) this.deps(b.condition);
    this.out.line(`let ${v} = null;`);
    const label = this.fresh("$b");
    this.out.open(`${label}:`);
    for (const b of s.branches) {
      const tier = JSON.stringify(b.name);
      if (!b.condition) {
        this.out.line(`${v} = ${tier};`);
        break;
      }
      const c = this.truth(b.condition);
      if (c === "true") {
        this.out.line(`${v} = ${tier};`);
        break;
      }
      if (c !== "false") this.out.line(`if (${c}) { ${v} = ${tier}; break ${label}; }`);
    }
    this.out.close();
    return v;
  }

  /** A top-level value (rank inputs). */
  expression(e: PExpr): V {
    this.deps(e);
    return this.value(e);
  }

  /** Generates referenced segments and segmentations first, at the top level of the body. */
  private deps(e: PExpr): void {
    if (e.kind === "segment") this.segment(e.name);
    else if (e.kind === "branch" || e.kind === "label") this.segmentation(e.segmentation);
    for (const c of children(e)) this.deps(c);
  }

  // ---- expressions

  /** Code for `e` in the representation of `want` (default: its own type). */
  private value(e: PExpr, want?: ValueType): V {
    const own = typeOfPExpr(e);
    if (e.kind === "literal") return literal(e.value, e.type, want ?? own);
    const v = this.gen(e);
    return want ? this.convert(v, own, want) : v;
  }

  private convert(v: V, from: ValueType, to: ValueType): V {
    if (v.code === "null" || to.kind === "null") return NULLV;
    if (to.kind === "decimal" && (from.kind === "decimal" || from.kind === "int")) {
      const fs = scaleOf(from);
      if (fs === to.scale) return v;
      if (fs < to.scale) return this.tmp(`$mul(${v.code}, ${bigCode(pow10(to.scale - fs))})`, v.nullable);
      return this.tmp(`$roundU(${v.code}, ${fs}, ${to.scale})`, v.nullable);
    }
    if (to.kind === "float") {
      if (from.kind === "int") return this.tmp(`$num(${v.code})`, v.nullable);
      if (from.kind === "decimal") return this.tmp(`$unum(${v.code}, ${from.scale})`, v.nullable);
    }
    return v;
  }

  /** `expr` guarded so that a null operand gives null. */
  private guard(vs: readonly V[], expr: string): V {
    if (vs.some((v) => v.code === "null")) return NULLV;
    const nulls = vs.filter((v) => v.nullable).map((v) => `${v.code} === null`);
    return nulls.length ? this.tmp(`${nulls.join(" || ")} ? null : ${expr}`, true) : this.tmp(expr, false);
  }

  private not(v: V): V {
    if (v.code === "null") return NULLV;
    if (v.code === "true" || v.code === "false") return { code: v.code === "true" ? "false" : "true", nullable: false };
    return v.nullable ? this.tmp(`${v.code} === null ? null : !${v.code}`, true) : this.tmp(`!${v.code}`, false);
  }

  private and2(a: V, b: V): V {
    if (!a.nullable && !b.nullable) return this.tmp(`${a.code} && ${b.code}`, false);
    return this.tmp(
      `${a.code} === false || ${b.code} === false ? false : ${a.code} === null || ${b.code} === null ? null : true`,
      true,
    );
  }

  private cmpTest(op: string, a: string, b: string, t: ValueType): string {
    // Numbers and bigints compare exactly with == and <; strings by code point.
    const numeric = t.kind === "int" || t.kind === "decimal";
    if (op === "=") return `${a} ${numeric ? "==" : "==="} ${b}`;
    if (op === "!=") return `${a} ${numeric ? "!=" : "!=="} ${b}`;
    if (t.kind === "string" || t.kind === "enum") return `$strCmp(${a}, ${b}) ${op} 0`;
    return `${a} ${op} ${b}`;
  }

  private compare(op: string, l: V, r: V, t: ValueType): V {
    if (t.kind === "null") return NULLV;
    return this.guard([l, r], this.cmpTest(op, l.code, r.code, t));
  }

  // ---- two-valued views, where only TRUE (or only FALSE) matters: plain && / || code

  /** A JS boolean expression that is true exactly when `e` is TRUE. */
  private truth(e: PExpr): string {
    return this.decide(e, true);
  }

  /** `want` true: is `e` TRUE; false: is `e` FALSE. Statements for operands go to `this.out`. */
  private decide(e: PExpr, want: boolean): string {
    switch (e.kind) {
      case "and":
      case "or":
        // TRUE AND: all TRUE; FALSE AND: any FALSE (and mirrored for OR).
        return this.junction(e.args, (e.kind === "and") === want, want);
      case "not":
        return this.decide(e.arg, !want);
      case "compare": {
        const t = e.operandType;
        const l = this.value(e.left, t);
        const r = this.value(e.right, t);
        if (l.code === "null" || r.code === "null" || t.kind === "null") return "false";
        const test = this.cmpTest(e.op, l.code, r.code, t);
        // x = c with c non-null: a null x already fails the JS test; otherwise guard every nullable side.
        const eqSafe = want && e.op === "=" && (!l.nullable || !r.nullable);
        const guards = eqSafe ? [] : [l, r].filter((v) => v.nullable).map((v) => `${v.code} !== null`);
        return [...guards, want ? test : `!(${test})`].join(" && ");
      }
      case "isNull": {
        const v = this.value(e.arg);
        if (v.code === "null") return e.negated === want ? "false" : "true";
        return `${v.code} ${e.negated === want ? "!=" : "=="} null`;
      }
      default: {
        const v = this.value(e);
        if (v.code === "null") return "false";
        if (v.code === "true" || v.code === "false") return String((v.code === "true") === want);
        return v.nullable || !want ? `${v.code} === ${want}` : v.code;
      }
    }
  }

  /**
   * `all`: every arg decides `want`; else: some arg does. Pure operands join with && / ||; operands
   * that need statements go in a labeled block so later ones are skipped once the answer is known.
   */
  private junction(args: readonly PExpr[], all: boolean, want: boolean): string {
    const saved = this.out;
    const parts: { lines: Out; code: string }[] = [];
    for (const a of args) {
      const sub = new Out(saved.depth + 1);
      this.out = sub;
      parts.push({ lines: sub, code: this.decide(a, want) });
    }
    this.out = saved;
    const live = parts.filter((p) => p.code !== (all ? "true" : "false"));
    if (live.some((p) => p.code === (all ? "false" : "true")) && live.every((p) => p.lines.lines.length === 0))
      return all ? "false" : "true";
    if (live.length === 0) return all ? "true" : "false";
    if (live.every((p) => p.lines.lines.length === 0)) {
      const op = all ? " && " : " || ";
      return live.length === 1 ? live[0]!.code : `(${live.map((p) => `(${p.code})`).join(op)})`;
    }
    const r = this.fresh();
    const label = this.fresh("$b");
    saved.line(`let ${r} = ${all ? "false" : "true"};`);
    saved.open(`${label}:`);
    for (const p of live) {
      saved.append(p.lines);
      saved.line(all ? `if (!(${p.code})) break ${label};` : `if (${p.code}) break ${label};`);
    }
    saved.line(`${r} = ${all ? "true" : "false"};`);
    saved.close();
    return r;
  }

  private gen(e: PExpr): V {
    switch (e.kind) {
      case "literal":
        return literal(e.value, e.type, e.type);
      case "field":
        return { code: this.entityField(e.field), nullable: true };
      case "eventField":
        if (this.eventSet !== e.eventSet) throw new Error(`internal: ${e.eventSet}.${e.field.name} outside its filter`);
        return { code: `$v_${e.field.name}`, nullable: true };
      case "eventTime":
        if (this.eventSet !== e.eventSet) throw new Error(`internal: ${e.eventSet}.at outside its filter`);
        return { code: "$at", nullable: false };
      case "aggregate": {
        const a = this.scope.aggregate(e.id);
        this.aggs.add(e.id);
        const never =
          a.fn === "count" || a.fn === "sum" || a.fn === "distinct_count" || a.fn === "any" || a.fn === "none";
        return { code: `$A${e.id}`, nullable: !never };
      }
      case "time":
        return { code: this.time(e.point), nullable: false };
      case "compare":
        return this.compare(e.op, this.value(e.left, e.operandType), this.value(e.right, e.operandType), e.operandType);
      case "and":
      case "or":
        return this.logic(e.kind, e.args);
      case "not":
        return this.not(this.value(e.arg));
      case "isNull": {
        const v = this.value(e.arg);
        if (v.code === "null") return { code: e.negated ? "false" : "true", nullable: false };
        if (!v.nullable) return { code: e.negated ? "true" : "false", nullable: false };
        return this.tmp(`${v.code} ${e.negated ? "!=" : "=="} null`, false);
      }
      case "in": {
        const r = this.inList(e.arg, e.values, e.operandType);
        return e.negated ? this.not(r) : r;
      }
      case "between": {
        const t = e.operandType;
        const x = this.value(e.arg, t);
        const lo = this.value(e.low, t);
        const hi = this.value(e.high, t);
        const r = this.and2(this.compare(">=", x, lo, t), this.compare("<=", x, hi, t));
        return e.negated ? this.not(r) : r;
      }
      case "match": {
        const s = this.value(e.arg);
        const p = this.value(e.pattern);
        const method = { contains: "includes", starts_with: "startsWith", ends_with: "endsWith" }[e.op];
        return this.guard([s, p], `${s.code}.${method}(${p.code})`);
      }
      case "arith":
        return this.arith(e.op, e.left, e.right, e.type);
      case "neg": {
        const v = this.value(e.arg, e.type);
        return v.code === "null" ? NULLV : this.tmp(`$neg(${v.code})`, v.nullable);
      }
      case "call":
        return this.call(e.fn, e.args, e.type);
      case "rank":
        this.usesRanks = true;
        return { code: `$RK[${e.id}][$mi]`, nullable: true };
      case "segment":
        return { code: this.segment(e.name), nullable: false };
      case "branch":
        return { code: `(${this.segmentation(e.segmentation)} === ${JSON.stringify(e.branch)})`, nullable: false };
      case "label":
        return { code: this.segmentation(e.segmentation), nullable: true };
      case "atLeast": {
        const n = this.fresh("$n");
        this.out.line(`let ${n} = 0;`);
        for (const a of e.args) {
          const c = this.truth(a);
          if (c === "true") this.out.line(`${n}++;`);
          else if (c !== "false") this.out.line(`if (${c}) ${n}++;`);
        }
        return this.tmp(`${n} >= ${e.k}`, false);
      }
    }
  }

  /** Kleene AND / OR, short-circuiting on the first FALSE / TRUE. */
  private logic(kind: "and" | "or", args: readonly PExpr[]): V {
    const stop = kind === "and" ? "false" : "true";
    const r = this.fresh();
    const label = this.fresh("$b");
    this.out.line(`let ${r} = ${kind === "and" ? "true" : "false"};`);
    this.out.open(`${label}:`);
    let nullable = false;
    for (const a of args) {
      const v = this.value(a);
      if (v.code === stop) {
        this.out.line(`${r} = ${stop};`);
        nullable = false;
        break;
      }
      if (v.code === "null") {
        this.out.line(`${r} = null;`);
        nullable = true;
        continue;
      }
      if (v.code === "true" || v.code === "false") continue;
      this.out.line(`if (${v.code} === ${stop}) { ${r} = ${stop}; break ${label}; }`);
      if (v.nullable) {
        this.out.line(`if (${v.code} === null) ${r} = null;`);
        nullable = true;
      }
    }
    this.out.close();
    return { code: r, nullable };
  }

  private inList(arg: PExpr, values: readonly PExpr[], t: ValueType): V {
    const x = this.value(arg, t);
    if (x.code === "null" || t.kind === "null") return NULLV;
    if (values.every((v) => v.kind === "literal")) {
      let hasNull = false;
      const consts: string[] = [];
      for (const v of values) {
        const c = this.value(v, t);
        if (c.code === "null") hasNull = true;
        else if (!consts.includes(c.code)) consts.push(c.code);
      }
      let test: string;
      if (consts.length === 0) test = "false";
      else if (consts.length > 6) test = `${this.scope.decl("in", `new Set([${consts.join(", ")}])`)}.has(${x.code})`;
      else test = consts.map((c) => `${x.code} === ${c}`).join(" || ");
      if (!hasNull) return this.guard([x], consts.length > 1 && x.nullable ? `(${test})` : test);
      // A null in the list makes a miss unknown, whatever the operand's nullability.
      const hit = this.guard([x], test);
      return hit.code === "null" ? NULLV : this.tmp(`${hit.code} ? true : null`, true);
    }
    const r = this.fresh();
    const label = this.fresh("$b");
    this.out.line(`let ${r} = false;`);
    this.out.open(`${label}:`);
    if (x.nullable) this.out.line(`if (${x.code} === null) { ${r} = null; break ${label}; }`);
    for (const ve of values) {
      const v = this.value(ve, t);
      if (v.code === "null") this.out.line(`${r} = null;`);
      else if (v.nullable)
        this.out.line(
          `if (${v.code} === null) ${r} = null; else if (${x.code} === ${v.code}) { ${r} = true; break ${label}; }`,
        );
      else this.out.line(`if (${x.code} === ${v.code}) { ${r} = true; break ${label}; }`);
    }
    this.out.close();
    return { code: r, nullable: true };
  }

  private arith(op: "+" | "-" | "*" | "/", left: PExpr, right: PExpr, t: ValueType): V {
    if (op === "/") {
      const a = this.value(left, FLOAT);
      const b = this.value(right, FLOAT);
      if (a.code === "null" || b.code === "null") return NULLV;
      return this.tmp(`$div(${a.code}, ${b.code})`, true);
    }
    const fn = { "+": "$add", "-": "$sub", "*": "$mul" }[op];
    if (t.kind === "float") {
      const a = this.value(left, FLOAT);
      const b = this.value(right, FLOAT);
      return this.guard([a, b], `${a.code} ${op} ${b.code}`);
    }
    if (t.kind === "int" || (t.kind === "decimal" && op !== "*")) {
      const a = this.value(left, t);
      const b = this.value(right, t);
      if (a.code === "null" || b.code === "null") return NULLV;
      return this.tmp(`${fn}(${a.code}, ${b.code})`, a.nullable || b.nullable);
    }
    if (t.kind === "decimal") {
      // Units multiply exactly at scale sa + sb, then round to the result's scale.
      const lt = typeOfPExpr(left);
      const rt = typeOfPExpr(right);
      const a = this.value(left, lt.kind === "decimal" ? lt : INT);
      const b = this.value(right, rt.kind === "decimal" ? rt : INT);
      if (a.code === "null" || b.code === "null") return NULLV;
      const p = this.tmp(`$mul(${a.code}, ${b.code})`, a.nullable || b.nullable);
      return this.convert(p, { kind: "decimal", scale: scaleOf(lt) + scaleOf(rt) }, t);
    }
    return NULLV;
  }

  private call(fn: string, args: readonly PExpr[], t: ValueType): V {
    const one = (): V => this.value(args[0]!);
    const pass = (name: string): V => {
      const v = one();
      return v.code === "null" ? NULLV : this.tmp(`${name}(${v.code})`, v.nullable);
    };
    switch (fn) {
      case "lower":
        return pass("$lower");
      case "upper":
        return pass("$upper");
      case "trim":
        return pass("$trim");
      case "length":
        return pass("$length");
      case "abs":
        return pass("$abs");
      case "year":
        return pass("$year");
      case "month":
        return pass("$month");
      case "day":
        return pass("$day");
      case "hour":
        return pass("$hour");
      case "day_of_week":
        return pass("$dayOfWeek");
      case "date":
        return pass("$dateOf");
      case "days_since": {
        const v = one();
        return v.code === "null" ? NULLV : this.tmp(`$daysSince(${v.code}, $now)`, v.nullable);
      }
      case "days_between": {
        const a = one();
        const b = this.value(args[1]!);
        if (a.code === "null" || b.code === "null") return NULLV;
        return this.tmp(`$daysBetween(${a.code}, ${b.code})`, a.nullable || b.nullable);
      }
      case "round": {
        const at = typeOfPExpr(args[0]!);
        const d = args[1];
        const n = d && d.kind === "literal" && typeof d.value === "string" ? Number(d.value) : 0;
        const v = one();
        if (v.code === "null") return NULLV;
        if (at.kind === "decimal")
          return n >= at.scale ? v : this.tmp(`$roundU(${v.code}, ${at.scale}, ${n})`, v.nullable);
        if (at.kind === "float") return this.tmp(`$round(${v.code}, ${n})`, v.nullable);
        return v;
      }
      case "coalesce": {
        const r = this.fresh();
        const label = this.fresh("$b");
        this.out.line(`let ${r} = null;`);
        this.out.open(`${label}:`);
        let nullable = true;
        for (const a of args) {
          const v = this.value(a, t);
          if (v.code === "null") continue;
          this.out.line(`${r} = ${v.code};`);
          if (!v.nullable) {
            nullable = false;
            break;
          }
          this.out.line(`if (${r} !== null) break ${label};`);
        }
        this.out.close();
        return { code: r, nullable };
      }
      default:
        throw new Error(`internal: unknown function ${fn}`);
    }
  }

  private time(p: TimePoint): string {
    if (p.shifts.length === 0) return p.base === "now" ? "$now" : numCode(timeMs(p.base.literal));
    const i = this.scope.point(p);
    this.times.add(i);
    return `$t${i}`;
  }

  private entityField(f: PlanField): string {
    let v = this.readVars.get(f.name);
    if (v === undefined) {
      v = `$f_${f.name}`;
      this.readVars.set(f.name, v);
      this.entityReads.line(`const ${v} = ${readCode(f.type, `member${prop(f.name)}`)};`);
    }
    return v;
  }

  // ---- event loops

  /** The aggregates' one-pass loops, one per event set. */
  private loops(): Out {
    const out = new Out(this.depth);
    const ids = [...this.aggs].sort((a, b) => a - b);
    for (const set of this.scope.plan.eventSets) {
      const aggs = ids.map((id) => this.scope.aggregate(id)).filter((a) => a.eventSet === set.name);
      if (aggs.length) this.loop(out, set.name, aggs);
    }
    const known = new Set(this.scope.plan.eventSets.map((s) => s.name));
    for (const id of ids) {
      const a = this.scope.aggregate(id);
      if (!known.has(a.eventSet)) throw new Error(`internal: aggregate over unknown event set ${a.eventSet}`);
    }
    return out;
  }

  private loop(out: Out, set: string, aggs: readonly PlanAggregate[]): void {
    // Groups: aggregates sharing a window share one bounds test per event.
    const groups = new Map<string, { window: PlanWindow | null; aggs: PlanAggregate[] }>();
    for (const a of aggs) {
      const key = windowKey(a.window);
      const g = groups.get(key) ?? { window: a.window, aggs: [] };
      g.aggs.push(a);
      groups.set(key, g);
    }
    const history = groups.get(windowKey(null));
    const windowed = [...groups.values()].filter((g) => g.window !== null);
    // Bucket families of 3+ windows: one binary search per event instead of one test per bucket.
    const byFamily = new Map<string, { b: BucketOf; g: (typeof windowed)[number] }[]>();
    for (const g of windowed) {
      const b = bucketOf(g.window!);
      if (!b) continue;
      const list = byFamily.get(b.family) ?? [];
      list.push({ b, g });
      byFamily.set(b.family, list);
    }
    const inFamily = new Set<object>();
    for (const list of byFamily.values()) if (list.length >= 3) for (const x of list) inFamily.add(x.g);

    // Filters (by identity of their plan text) and the fields each group reads.
    const filterIds = new Map<string, number>();
    const filterOf = (a: PlanAggregate): number | undefined => {
      if (!a.filter) return undefined;
      const key = JSON.stringify(a.filter);
      let i = filterIds.get(key);
      if (i === undefined) filterIds.set(key, (i = filterIds.size));
      return i;
    };
    // Fields the filters read are read first; a field only aggregated under one filter is read
    // inside that filter's `if`, so rejected events cost no conversion.
    const need = (g: { aggs: PlanAggregate[] }) => {
      const eager = new Map<string, ValueType>();
      const filters = new Map<number, PExpr>();
      const argUse = new Map<string, { type: ValueType; under: Set<number> }>();
      for (const a of g.aggs) {
        const q = filterOf(a) ?? -1;
        if (a.filter) {
          filters.set(q, a.filter);
          eventFieldsOf(a.filter, eager);
        }
        if (a.arg?.kind === "field") {
          const u = argUse.get(a.arg.field.name) ?? { type: a.arg.field.type, under: new Set<number>() };
          u.under.add(q);
          argUse.set(a.arg.field.name, u);
        }
      }
      const lazy = new Map<number, Map<string, ValueType>>();
      for (const [name, u] of argUse) {
        const only = u.under.size === 1 ? [...u.under][0]! : undefined;
        if (eager.has(name)) continue;
        if (only === undefined || only === -1) eager.set(name, u.type);
        else lazy.set(only, (lazy.get(only) ?? new Map<string, ValueType>()).set(name, u.type));
      }
      return { eager, lazy, filters };
    };

    // Accumulators.
    for (const a of aggs) for (const l of this.accumulatorInit(a)) out.line(l);
    const ev = this.fresh("$ev");
    const n = this.fresh("$n");
    const i = this.fresh("$i");
    out.line(`const ${ev} = member${prop(set)};`);
    out.open(`for (let ${i} = 0, ${n} = ${ev} == null ? 0 : ${ev}.length; ${i} < ${n}; ${i}++)`);
    out.line(`const $e = ${ev}[${i}];`);
    out.line("const $a = $e.at;");
    out.line('const $at = typeof $a === "number" ? $a : $toMs($a);');
    out.line("if ($at === null || !($at < $now)) continue;");

    const saved = { out: this.out, eventSet: this.eventSet };
    this.eventSet = set;
    const topFields = new Set<string>();
    const topFilters = new Set<number>();
    const byName = (x: [string, ValueType], y: [string, ValueType]): number => (x[0] < y[0] ? -1 : 1);
    const emitGroup = (g: { aggs: PlanAggregate[] }, target: Out, top: boolean): void => {
      this.out = target;
      const { eager, lazy, filters } = need(g);
      const read = (fields: Map<string, ValueType>, shared: boolean): void => {
        for (const [f, t] of [...fields].sort(byName)) {
          if (topFields.has(f)) continue;
          if (shared) topFields.add(f);
          target.line(`const $v_${f} = ${readCode(t, `$e${prop(f)}`)};`);
        }
      };
      read(eager, top);
      for (const [k, f] of [...filters].sort((x, y) => x[0] - y[0])) {
        if (topFilters.has(k)) continue;
        if (top) topFilters.add(k);
        target.line(`const $q${k} = ${this.truth(f)};`);
      }
      // Unfiltered updates, then one `if` per filter.
      const sections = new Map<number, PlanAggregate[]>();
      for (const a of g.aggs) {
        const q = filterOf(a) ?? -1;
        sections.set(q, [...(sections.get(q) ?? []), a]);
      }
      for (const [q, list] of [...sections].sort((x, y) => x[0] - y[0])) {
        if (q >= 0) target.open(`if ($q${q})`);
        read(lazy.get(q) ?? new Map<string, ValueType>(), false);
        for (const a of list) target.line(this.update(a));
        if (q >= 0) target.close();
        // share's denominator counts every event of the window, filtered or not.
        for (const a of list) if (a.fn === "share") target.line(`$A${a.id}d++;`);
      }
    };
    if (history) emitGroup(history, out, true);
    for (const g of windowed) {
      if (inFamily.has(g)) continue;
      const w = g.window!;
      const end = w.end.base === "now" && w.end.shifts.length === 0 ? "" : ` && $at < ${this.time(w.end)}`;
      out.open(`if ($at >= ${this.time(w.start)}${end})`);
      emitGroup(g, out, false);
      out.close();
    }
    for (const list of byFamily.values()) {
      if (list.length < 3) continue;
      const fam = this.scope.family(list[0]!.b);
      for (const x of list) this.scope.family(x.b);
      this.families.add(fam);
      const k = this.fresh("$k");
      out.line(`const ${k} = $bucketIndex($at, $B${fam.index}, $now);`);
      out.open(`switch (${k})`);
      for (const { b, g } of [...list].sort((x, y) => x.b.k - y.b.k)) {
        out.open(`case ${b.k}:`);
        emitGroup(g, out, false);
        out.line("break;");
        out.close();
      }
      out.close();
    }
    this.out = saved.out;
    this.eventSet = saved.eventSet;
    out.close();
    for (const a of aggs) for (const l of this.finish(a)) out.line(l);
  }

  private accumulatorInit(a: PlanAggregate): string[] {
    const A = `$A${a.id}`;
    switch (a.fn) {
      case "count":
      case "sum":
        return [`let ${A} = 0;`];
      case "any":
        return [`let ${A} = false;`];
      case "none":
        return [`let ${A} = true;`];
      case "avg":
        return [`let ${A}s = 0;`, `let ${A}n = 0;`];
      case "share":
        return [`let ${A}n = 0;`, `let ${A}d = 0;`];
      case "min":
      case "max":
        return [`let ${A} = null;`];
      case "latest":
      case "earliest":
        return a.arg?.kind === "field"
          ? [`let ${A} = null;`, `let ${A}t = ${a.fn === "latest" ? "-Infinity" : "Infinity"};`]
          : [`let ${A} = null;`];
      case "distinct_count":
        return [`const ${A}d = ${this.scope.fresh("D", "new Set()")};`, `${A}d.clear();`];
      case "most_frequent":
        return [`const ${A}m = ${this.scope.fresh("M", "new Map()")};`, `${A}m.clear();`];
    }
  }

  /** Per-event update of one aggregate (placed inside its filter's `if`). */
  private update(a: PlanAggregate): string {
    const A = `$A${a.id}`;
    const field = a.arg?.kind === "field" ? a.arg.field : undefined;
    const v = field ? `$v_${field.name}` : "$at";
    const t = field ? field.type : TIMESTAMP;
    const less = (x: string, y: string): string =>
      t.kind === "string" || t.kind === "enum" ? `$strCmp(${x}, ${y}) < 0` : `${x} < ${y}`;
    const nn = field ? `${v} !== null && ` : "";
    const ifNn = (s: string): string => (field ? `if (${v} !== null) ${s}` : s);
    let body: string;
    switch (a.fn) {
      case "count":
        body = ifNn(`${A}++;`);
        break;
      case "any":
        body = `${A} = true;`;
        break;
      case "none":
        body = `${A} = false;`;
        break;
      case "sum":
        body = ifNn(t.kind === "float" ? `${A} += ${v};` : `${A} = $addI(${A}, ${v});`);
        break;
      case "avg":
        body = ifNn(`{ ${t.kind === "float" ? `${A}s += ${v};` : `${A}s = $addI(${A}s, ${v});`} ${A}n++; }`);
        break;
      case "min":
        body = `if (${nn}(${A} === null || ${less(v, A)})) ${A} = ${v};`;
        break;
      case "max":
        body = `if (${nn}(${A} === null || ${less(A, v)})) ${A} = ${v};`;
        break;
      case "latest":
      case "earliest": {
        const after = a.fn === "latest" ? ">" : "<";
        if (!field) {
          body = `if (${A} === null || $at ${after} ${A}) ${A} = $at;`;
          break;
        }
        // The value on the winning event; several events at that time: the smallest non-null value.
        body = `if ($at ${after} ${A}t) { ${A}t = $at; ${A} = ${v}; } else if ($at === ${A}t && ${v} !== null && (${A} === null || ${less(v, A)})) ${A} = ${v};`;
        break;
      }
      case "distinct_count":
        body = ifNn(`${A}d.add(${v});`);
        break;
      case "most_frequent":
        body = ifNn(`${A}m.set(${v}, (${A}m.get(${v}) ?? 0) + 1);`);
        break;
      case "share":
        // Numerator only: the denominator is counted outside the filter (see the loop).
        body = `${A}n++;`;
        break;
    }
    return body;
  }

  private finish(a: PlanAggregate): string[] {
    const A = `$A${a.id}`;
    switch (a.fn) {
      case "avg": {
        const t = a.arg?.kind === "field" ? a.arg.field.type : FLOAT;
        const sum = t.kind === "float" ? `${A}s` : t.kind === "decimal" ? `$unum(${A}s, ${t.scale})` : `$num(${A}s)`;
        return [`const ${A} = ${A}n === 0 ? null : ${sum} / ${A}n;`];
      }
      case "share":
        return [`const ${A} = ${A}d === 0 ? null : ${A}n / ${A}d;`];
      case "distinct_count":
        return [`const ${A} = ${A}d.size;`];
      case "most_frequent":
        return [`const ${A} = $mfPick(${A}m);`];
      default:
        return [];
    }
  }

  /** Entity reads, then the event loops, then the conditions. */
  assemble(): string[] {
    const loops = this.loops();
    return [...this.entityReads.lines, ...loops.lines, ...this.cond.lines];
  }

  /** Declarations the enclosing function must provide: time points and bucket bounds. */
  prologue(indent: string, scope: PlanScope): string[] {
    const lines: string[] = [];
    if (this.times.size || this.families.size) lines.push(`${indent}${scope.prefix}time($now);`);
    for (const t of [...this.times].sort((a, b) => a - b))
      lines.push(`${indent}const $t${t} = ${scope.prefix}T[${t}];`);
    for (const f of [...this.families].sort((a, b) => a.index - b.index))
      lines.push(`${indent}const $B${f.index} = ${scope.prefix}B${f.index};`);
    return lines;
  }
}

const prop = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

/** An input value read from the member or an event, normalised to the generated code's representation. */
function readCode(t: ValueType, src: string): string {
  switch (t.kind) {
    case "int":
      return `$intIn(${src})`;
    case "float":
      return `$num(${src})`;
    case "decimal":
      return `$decU(${src}, ${t.scale})`;
    case "date":
      return `$dateOf(${src})`;
    case "timestamp":
      return `$toMs(${src})`;
    case "null":
      return "null";
    default:
      return `${src} ?? null`;
  }
}

/** A literal (kept as text in the plan) converted at compile time to the representation of `to`. */
function literal(value: string | boolean | null, from: ValueType, to: ValueType): V {
  if (value === null || to.kind === "null" || from.kind === "null") return NULLV;
  const v = (code: string): V => ({ code, nullable: false });
  if (typeof value === "boolean") return v(String(value));
  switch (to.kind) {
    case "int":
      return v(bigCode(decimalUnits(value, 0)));
    case "decimal":
      return v(bigCode(decimalUnits(value, to.scale)));
    case "float":
      return v(numCode(Number(value)));
    case "date":
    case "timestamp":
      return v(numCode(timeMs(value)));
    case "bool":
      return v(value === "true" ? "true" : "false");
    default:
      return v(JSON.stringify(value));
  }
}

// ---------------------------------------------------------------- module

interface ExportName {
  readonly local: string;
  readonly exported: string;
}

class ModuleEmitter {
  private readonly exports: ExportName[] = [];

  constructor(
    private readonly plans: readonly Plan[],
    private readonly options: EmitJsOptions,
  ) {}

  emit(): string {
    let asOf: number | null = null;
    if (this.options.asOf !== undefined) {
      const t = parseTimestamp(this.options.asOf);
      if (!t.ok) throw new Error(`asOf ${JSON.stringify(this.options.asOf)}: ${t.reason}`);
      asOf = Date.parse(t.value);
    }
    const names = new Set<string>();
    for (const plan of this.plans) {
      for (const s of [...plan.segments, ...plan.segmentations]) {
        if (!s.output) continue;
        if (s.name === "evaluate")
          throw new Error("a segment or segmentation named `evaluate` clashes with the module's evaluate export");
        if (names.has(s.name)) throw new Error(`two outputs are named ${s.name}`);
        names.add(s.name);
      }
    }
    // File names only: absolute paths would make the output differ between checkouts.
    const sources = [...new Set(this.plans.map((p) => p.source.split(/[\\/]/).pop() ?? p.source))];
    const parts: string[] = [
      [
        `// Generated by seg from ${sources.map((s) => JSON.stringify(s)).join(", ") || "no plans"}: do not edit.`,
        "// A member is its entity row's fields by name plus one array per event set (events carry `at`).",
        "// Times: Date, ISO text or epoch ms; decimals: text or numbers; ints: numbers or BigInt.",
      ].join("\n"),
      runtimePrelude(),
      asOf === null ? "const $ASOF = null;" : `const $ASOF = ${numCode(asOf)}; // ${new Date(asOf).toISOString()}`,
      GLUE,
    ];
    const evalCalls: string[] = [];
    this.plans.forEach((plan, i) => {
      const scope = new PlanScope(plan, i);
      const fns = this.planFunctions(scope);
      parts.push(`// ---------------------------------------------------------------- ${plan.entity.name} (plan ${i})`);
      if (scope.decls.length) parts.push(scope.decls.join("\n"));
      if (scope.points.length || scope.families.size) parts.push(this.timeFunction(scope));
      parts.push(...fns);
      evalCalls.push(
        `${scope.prefix}evaluate(${this.plans.length === 1 ? "members" : `$membersOf(members, ${JSON.stringify(plan.entity.name)})`}, $now, segments, tiers);`,
      );
    });
    parts.push(this.evaluateFunction(evalCalls));
    const aliases = this.exports.filter((e) => e.local !== e.exported);
    if (aliases.length) parts.push(`export { ${aliases.map((e) => `${e.local} as ${e.exported}`).join(", ")} };`);
    return parts.join("\n\n") + "\n";
  }

  private evaluateFunction(calls: readonly string[]): string {
    const multi = this.plans.length > 1;
    const entities = this.plans.map((p) => p.entity.name);
    const lines = [
      "/**",
      " * Every output segment's member keys and every output segmentation's tier per member key, over",
      multi
        ? ` * members = { ${entities.map((e) => `${e}: [...]`).join(", ")} }; ranks are computed over those arrays.`
        : " * `members` (ranks are computed over `members`). options.now: Date, ISO text or epoch ms.",
      " */",
      "export function evaluate(members, options) {",
      "  const $now = $nowOf(options);",
      "  const segments = {};",
      "  const tiers = {};",
    ];
    if (multi) {
      lines.push(
        "  if (members == null || Array.isArray(members))",
        `    throw new TypeError(${JSON.stringify(`seg: this module has segments for several entities: pass { ${entities.join(", ")} } arrays`)});`,
      );
    }
    lines.push(...calls.map((c) => `  ${c}`), "  return { segments, tiers };", "}");
    if (multi) {
      lines.push(
        "",
        "function $membersOf(members, entity) {",
        "  const list = Object.prototype.hasOwnProperty.call(members, entity) ? members[entity] : undefined;",
        "  return list == null ? [] : list;",
        "}",
      );
    }
    return lines.join("\n");
  }

  private exportName(name: string): string {
    const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name);
    const local = safe ? name : `$export_${name}`;
    this.exports.push({ local, exported: name });
    return local;
  }

  private planFunctions(scope: PlanScope): string[] {
    const plan = scope.plan;
    const fns: string[] = [];
    if (plan.ranks.length) fns.push(...this.rankFunctions(scope));
    for (const s of plan.segments) {
      if (!s.output) continue;
      fns.push(this.predicate(scope, s.name, s.doc, "segment"));
    }
    for (const s of plan.segmentations) {
      if (!s.output) continue;
      fns.push(this.predicate(scope, s.name, s.doc, "segmentation"));
    }
    fns.push(this.planEvaluate(scope));
    return fns;
  }

  private predicate(scope: PlanScope, name: string, doc: string | undefined, kind: "segment" | "segmentation"): string {
    const body = new Body(scope, 1);
    const result = kind === "segment" ? body.segment(name) : body.segmentation(name);
    const code = body.assemble();
    const local = this.exportName(name);
    const lines = [...docComment(doc), `${local === name ? "export " : ""}function ${local}(member, context) {`];
    lines.push("  const $now = $nowOf(context);");
    lines.push(...body.prologue("  ", scope));
    if (body.usesRanks) {
      lines.push(
        "  const $pop = context == null ? undefined : context.population;",
        `  if ($pop == null) $noPopulation(${JSON.stringify(name)});`,
        `  const $RK = ${scope.prefix}ranksFor($pop, $now, member);`,
        `  const $mi = ${scope.prefix}ri;`,
      );
    }
    lines.push(...code, `  return ${result};`, "}");
    return lines.join("\n");
  }

  private planEvaluate(scope: PlanScope): string {
    const plan = scope.plan;
    const body = new Body(scope, 2);
    const segs = plan.segments.filter((s) => s.output).map((s) => ({ name: s.name, v: body.segment(s.name) }));
    const tiers = plan.segmentations
      .filter((s) => s.output)
      .map((s) => ({ name: s.name, v: body.segmentation(s.name) }));
    const code = body.assemble();
    const lines = [`function ${scope.prefix}evaluate(members, $now, segments, tiers) {`];
    lines.push(...body.prologue("  ", scope));
    if (body.usesRanks) lines.push(`  const $RK = ${scope.prefix}ranks(members, $now);`);
    segs.forEach((s, i) => lines.push(`  const $keys${i} = [];`));
    tiers.forEach((s, i) => lines.push(`  const $tiers${i} = {};`));
    lines.push("  for (let $mi = 0; $mi < members.length; $mi++) {", "    const member = members[$mi];");
    lines.push(...code);
    if (segs.length || tiers.length) lines.push(`    const $key = member${prop(plan.entity.key.name)};`);
    segs.forEach((s, i) => lines.push(`    if (${s.v}) $keys${i}.push($key);`));
    tiers.forEach((s, i) => lines.push(`    $put($tiers${i}, String($key), ${s.v});`));
    lines.push("  }");
    segs.forEach((s, i) => lines.push(`  $put(segments, ${JSON.stringify(s.name)}, $keys${i});`));
    tiers.forEach((s, i) => lines.push(`  $put(tiers, ${JSON.stringify(s.name)}, $tiers${i});`));
    lines.push("}");
    return lines.join("\n");
  }

  private rankFunctions(scope: PlanScope): string[] {
    const p = scope.prefix;
    const plan = scope.plan;
    const body = new Body(scope, 2);
    const values = plan.ranks.map((r) => body.expression(r.expr));
    const code = body.assemble();
    if (body.usesRanks) throw new Error("internal: a ranked value that itself uses a rank");
    const tables = [
      `function ${p}rankTables(members, $now) {`,
      ...body.prologue("  ", scope),
      "  const $len = members.length;",
    ];
    plan.ranks.forEach((r, i) => tables.push(`  const $vals${i} = new Array($len);`));
    tables.push("  for (let $mi = 0; $mi < $len; $mi++) {", "    const member = members[$mi];", ...code);
    values.forEach((v, i) => tables.push(`    $vals${i}[$mi] = ${v.code};`));
    tables.push("  }");
    const ranked = plan.ranks.map(
      (r, i) => `${r.direction === "top" ? "$rankTop" : "$rankBottom"}($vals${i}, ${JSON.stringify(r.fraction)})`,
    );
    // Indexed by rank id.
    const byId: string[] = [];
    plan.ranks.forEach((r, i) => (byId[r.id] = ranked[i]!));
    tables.push(`  return [${Array.from(byId, (x) => x ?? "null").join(", ")}];`, "}");
    const cache = [
      `// Ranks are population-level: computed once per population array and \`now\`, then cached.`,
      `const ${p}rankCache = new WeakMap();`,
      `let ${p}ri = 0;`,
      `function ${p}ranks(members, now) {`,
      `  const R = ${p}rankTables(members, now);`,
      `  ${p}rankCache.set(members, { now, R, index: null });`,
      "  return R;",
      "}",
      `/** The rank tables of \`pop\`; sets ${p}ri to the member's index in them. */`,
      `function ${p}ranksFor(pop, now, member) {`,
      `  let c = ${p}rankCache.get(pop);`,
      "  if (c === undefined || c.now !== now) {",
      `    c = { now, R: ${p}rankTables(pop, now), index: null };`,
      `    ${p}rankCache.set(pop, c);`,
      "  }",
      "  if (c.index === null) {",
      "    c.index = new Map();",
      "    for (let i = 0; i < pop.length; i++) c.index.set(pop[i], i);",
      "  }",
      "  const i = c.index.get(member);",
      "  if (i !== undefined) {",
      `    ${p}ri = i;`,
      "    return c.R;",
      "  }",
      "  // Not in the population: ranked among the population plus this member (not cached).",
      "  const all = Array.prototype.slice.call(pop);",
      "  all.push(member);",
      `  ${p}ri = all.length - 1;`,
      `  return ${p}rankTables(all, now);`,
      "}",
    ];
    return [tables.join("\n"), cache.join("\n")];
  }

  /** `$p_time(now)`: every time point and bucket bound of the plan, recomputed only when now changes. */
  private timeFunction(scope: PlanScope): string {
    const p = scope.prefix;
    const lines = [`const ${p}T = new Float64Array(${scope.points.length});`];
    const fams = [...scope.families.values()].sort((a, b) => a.index - b.index);
    for (const f of fams) lines.push(`const ${p}B${f.index} = new Float64Array(${f.maxK + 2});`);
    lines.push(`let ${p}now = NaN;`, `function ${p}time(now) {`, `  if (now === ${p}now) return;`);
    const pointCode = (pt: TimePoint, extra?: { amount: number; unit: string }): string => {
      let code = pt.base === "now" ? "now" : numCode(timeMs(pt.base.literal));
      const shifts = extra ? [...pt.shifts, extra] : pt.shifts;
      for (const s of shifts) code = `$shift(${code}, ${numCode(s.amount)}, ${JSON.stringify(s.unit)})`;
      return code;
    };
    scope.points.forEach((pt, i) => lines.push(`  ${p}T[${i}] = ${pointCode(pt)};`));
    for (const f of fams) {
      lines.push(`  ${p}B${f.index}[0] = ${pointCode(f.point)};`);
      lines.push(
        `  for (let k = 1; k < ${f.maxK + 2}; k++) ${p}B${f.index}[k] = $shift(${p}B${f.index}[0], -k, ${JSON.stringify(f.unit)});`,
      );
    }
    lines.push(`  ${p}now = now;`, "}");
    return lines.join("\n");
  }
}
