// The Seg JavaScript runtime: SQL semantics (three-valued logic, exact numbers, UTC calendar
// arithmetic, code-point string order) as plain functions. Its compiled text is inlined into every
// generated module, so it must stay self-contained: no imports, no globals beyond ES2022 builtins,
// no local-time Date methods, and no allocation on the hot paths (numbers and strings).
//
// Value conventions (what every function accepts):
// - `null` and `undefined` are both SQL NULL; results use `null`.
// - int: a JS number or a BigInt. Results are numbers while they are safe integers, BigInt beyond.
// - decimal: a `Dec`, or a JS number meaning the value of its shortest round-trip string (0.1 is
//   exactly 1/10), or text through `dec()`/`decIn()`. Arithmetic and comparison are exact.
// - float: a JS number. The exact functions (`add`, `cmp`, ...) read a number as its decimal
//   string, so when a float meets an int or decimal, pass both sides through `num()` (convert to
//   double, as SQL does) and use `addF`/`subF`/`mulF`.
// - time: epoch milliseconds (UTC) after `toMs()`, which also takes `Date`, ISO text and BigInt.
// - boolean: true/false/null.

/** A three-valued truth value. */
export type Tri = boolean | null;

const DAY = 86_400_000;
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = -MAX_SAFE_BIG;
// Exact powers of ten as doubles (10^22 is the largest exact one); past it `p10` gives NaN, which
// makes every safe-integer check fail and sends the caller to its BigInt path.
const P10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) P10.push(p);
const p10 = (k: number): number => P10[k] ?? NaN;
const BP10: bigint[] = [];
function bp10(k: number): bigint {
  let v = BP10[k];
  if (v === undefined) {
    v = 10n ** BigInt(k);
    if (k < 64) BP10[k] = v;
  }
  return v;
}

// ---------------------------------------------------------------- three-valued logic

/** Kleene AND: false wins over null, null over true. */
export function and3(a: unknown, b: unknown): Tri {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : null;
}

/** Kleene OR: true wins over null, null over false. */
export function or3(a: unknown, b: unknown): Tri {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : null;
}

/** Kleene NOT: null stays null. */
export function not3(a: unknown): Tri {
  return a == null ? null : a !== true;
}

/** Kleene AND of any number of operands (true when there are none). */
export function andN(...xs: unknown[]): Tri {
  return andAll(xs);
}

/** Kleene OR of any number of operands (false when there are none). */
export function orN(...xs: unknown[]): Tri {
  return orAll(xs);
}

/** Kleene AND over an array (used for `every UNIT`: one unknown bucket makes it unknown unless one is false). */
export function andAll(xs: readonly unknown[]): Tri {
  let r: Tri = true;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === false) return false;
    if (x !== true) r = null;
  }
  return r;
}

/** Kleene OR over an array. */
export function orAll(xs: readonly unknown[]): Tri {
  let r: Tri = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === true) return true;
    if (x !== false) r = null;
  }
  return r;
}

/** `in at least K of M`: how many entries are strictly true, compared with k (never unknown). */
export function atLeast(k: number, xs: readonly unknown[]): boolean {
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] === true) n++;
  return n >= k;
}

/** Membership: only `true` counts. */
export function isTrue(x: unknown): boolean {
  return x === true;
}

/** `x is null` (never unknown). */
export function isNull(x: unknown): boolean {
  return x == null;
}

// ---------------------------------------------------------------- exact decimals

/**
 * An exact decimal: the value is `u / 10^s`. `u` is a number while it is a safe integer (the fast
 * path) and a BigInt beyond; the constructor keeps that invariant. `s >= 0` is kept as given, so
 * 1.50 and 1.5 are equal values with different scales (the scale only shows in `toString`).
 */
export class Dec {
  readonly u: number | bigint;
  readonly s: number;
  constructor(u: number | bigint, s: number) {
    if (typeof u === "bigint") this.u = u >= MIN_SAFE_BIG && u <= MAX_SAFE_BIG ? Number(u) : u;
    else this.u = u === 0 ? 0 : u; // no -0
    this.s = s;
  }
  /** The value at its scale, as SQL prints it (`1.50`). */
  toString(): string {
    return decStr(this, true);
  }
  toJSON(): string {
    return decStr(this, true);
  }
}

const DEC_RE = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

function parseDec(t: string): Dec {
  const m = DEC_RE.exec(t);
  const ip = m?.[2] ?? "";
  const fp = m?.[3] ?? "";
  if (m === null || ip + fp === "") throw new RangeError(`seg: not a decimal number: "${t}"`);
  const digits = ip + fp;
  let s = fp.length - (m[4] ? Number(m[4]) : 0);
  let u: number | bigint = digits.length <= 15 ? Number(digits) : BigInt(digits);
  if (s < 0) {
    u = BigInt(u) * bp10(-s);
    s = 0;
  }
  return new Dec(m[1] === "-" ? -u : u, s);
}

/**
 * Fractional digits of the shortest round-trip string of a non-integral double, found without
 * formatting it: the first k where round(x * 10^k) / 10^k gives x back. Below 2^50 units at most
 * one k-digit decimal rounds to x, so it is the shortest string's value. -1: use the string path.
 */
function fracDigits(x: number): number {
  for (let k = 1; k <= 22; k++) {
    const p = P10[k]!;
    const r = Math.round(x * p);
    if (!(Math.abs(r) < 1125899906842624)) return -1;
    if (r / p === x) return k;
  }
  return -1;
}

function numToDec(x: number): Dec {
  if (Number.isInteger(x)) return new Dec(Number.isSafeInteger(x) ? x : BigInt(x), 0);
  if (!Number.isFinite(x)) throw new RangeError(`seg: not a finite number: ${x}`);
  const k = fracDigits(x);
  return k > 0 ? new Dec(Math.round(x * P10[k]!), k) : parseDec(String(x));
}

/**
 * Any exact numeric to a `Dec`: a Dec as is, an int (number or BigInt) at scale 0, a non-integral
 * number through its shortest decimal string (never binary arithmetic), text by parsing it.
 */
export function dec(x: unknown): Dec {
  if (x instanceof Dec) return x;
  if (typeof x === "number") return numToDec(x);
  if (typeof x === "bigint") return new Dec(x, 0);
  if (typeof x === "string") return parseDec(x);
  // A Dec made by another inlined copy of this runtime.
  if (typeof x === "object" && x !== null && "u" in x && "s" in x)
    return new Dec(x.u as number | bigint, x.s as number);
  throw new TypeError(`seg: not a decimal: ${String(x)}`);
}

const big = (u: number | bigint): bigint => (typeof u === "bigint" ? u : BigInt(u));

/** Exact three-way comparison of two decimals: -1, 0 or 1. */
export function decCmp(a: Dec, b: Dec): number {
  const au = a.u;
  const bu = b.u;
  if (typeof au === "number" && typeof bu === "number") {
    const x = a.s < b.s ? au * p10(b.s - a.s) : au;
    const y = b.s < a.s ? bu * p10(a.s - b.s) : bu;
    if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  const s = a.s > b.s ? a.s : b.s;
  const x = big(au) * bp10(s - a.s);
  const y = big(bu) * bp10(s - b.s);
  return x < y ? -1 : x > y ? 1 : 0;
}

function decAddSub(a: Dec, b: Dec, neg: boolean): Dec {
  const s = a.s > b.s ? a.s : b.s;
  const au = a.u;
  const bu = b.u;
  if (typeof au === "number" && typeof bu === "number") {
    const x = a.s < s ? au * p10(s - a.s) : au;
    const y = b.s < s ? bu * p10(s - b.s) : bu;
    const r = neg ? x - y : x + y;
    if (Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isSafeInteger(r)) return new Dec(r, s);
  }
  const x = big(au) * bp10(s - a.s);
  const y = big(bu) * bp10(s - b.s);
  return new Dec(neg ? x - y : x + y, s);
}

/** Exact a + b; the scale is the larger one. */
export function decAdd(a: Dec, b: Dec): Dec {
  return decAddSub(a, b, false);
}

/** Exact a - b; the scale is the larger one. */
export function decSub(a: Dec, b: Dec): Dec {
  return decAddSub(a, b, true);
}

/** Exact a * b; the scale is the sum of the scales. */
export function decMul(a: Dec, b: Dec): Dec {
  const au = a.u;
  const bu = b.u;
  if (typeof au === "number" && typeof bu === "number") {
    const r = au * bu;
    if (Number.isSafeInteger(r)) return new Dec(r, a.s + b.s);
  }
  return new Dec(big(au) * big(bu), a.s + b.s);
}

/** -a. */
export function decNeg(a: Dec): Dec {
  return new Dec(-a.u, a.s);
}

/** |a|. */
export function decAbs(a: Dec): Dec {
  return a.u < 0 ? new Dec(-a.u, a.s) : a;
}

/**
 * Round half away from zero to n fractional digits (n < 0 rounds to tens, hundreds...). The
 * result's scale is min(s, max(n, 0)): rounding never adds digits.
 */
export function decRound(a: Dec, n: number): Dec {
  if (n >= a.s) return a;
  const k = a.s - n; // digits dropped
  const rs = n > 0 ? n : 0;
  const u = a.u;
  if (typeof u === "number" && k <= 22) {
    const q = P10[k]!;
    const rem = u % q; // exact for doubles
    let t = (u - rem) / q; // exact: u - rem is a multiple of q
    if (Math.abs(rem) * 2 >= q) t += u < 0 ? -1 : 1;
    const r = n < 0 ? t * p10(-n) : t;
    if (Number.isSafeInteger(r)) return new Dec(r, rs);
  }
  const b = big(u);
  const q = bp10(k);
  const rem = b % q; // sign follows b
  let t = b / q; // truncates toward zero
  if ((rem < 0n ? -rem : rem) * 2n >= q) t += b < 0n ? -1n : 1n;
  return new Dec(n < 0 ? t * bp10(-n) : t, rs);
}

/** The nearest double (correctly rounded, as SQL's CAST(... AS DOUBLE)). */
export function decNum(a: Dec): number {
  const u = a.u;
  if (typeof u === "number") {
    if (a.s === 0) return u;
    if (a.s <= 22) return u / P10[a.s]!; // both operands exact, so the quotient is correctly rounded
  }
  return Number(decStr(a, true));
}

/** Plain decimal text without exponent; `keepScale` keeps trailing zeros (`1.50`), else canonical (`1.5`, `0`). */
export function decStr(a: Dec, keepScale = false): string {
  let u = a.u;
  let s = a.s;
  if (!keepScale) {
    while (s > 0 && (typeof u === "number" ? u % 10 === 0 : u % 10n === 0n)) {
      u = typeof u === "number" ? u / 10 : u / 10n;
      s--;
    }
  }
  const neg = u < 0;
  let t = (neg ? -u : u).toString();
  if (s > 0) {
    if (t.length <= s) t = "0".repeat(s - t.length + 1) + t;
    t = t.slice(0, t.length - s) + "." + t.slice(t.length - s);
  }
  return neg ? "-" + t : t;
}

// ---------------------------------------------------------------- input normalisation

/** An int field: number/BigInt as given (BigInt narrowed to number when safe), text parsed. */
export function intIn(x: unknown): number | bigint | null {
  if (typeof x === "number") return x;
  if (x == null) return null;
  if (typeof x === "bigint") return normInt(x);
  if (typeof x === "string") return normInt(BigInt(x.trim()));
  throw new TypeError(`seg: not an int: ${String(x)}`);
}

/** A decimal field: numbers and Decs as given (no allocation), text or BigInt made into a Dec. */
export function decIn(x: unknown): number | Dec | null {
  if (typeof x === "number" || x instanceof Dec) return x;
  return x == null ? null : dec(x);
}

/** To double (float fields, and both sides of anything that involves a float); null stays null. */
export function num(x: unknown): number | null {
  if (typeof x === "number") return x;
  if (x == null) return null;
  if (typeof x === "bigint") return Number(x);
  if (x instanceof Dec) return decNum(x);
  if (typeof x === "string") {
    const v = Number(x);
    if (x.trim() !== "" && v === v) return v;
  }
  throw new TypeError(`seg: not a number: ${String(x)}`);
}

function normInt(b: bigint): number | bigint {
  return b >= MIN_SAFE_BIG && b <= MAX_SAFE_BIG ? Number(b) : b;
}

function intBig(x: unknown): bigint {
  if (typeof x === "bigint") return x;
  if (typeof x === "number") return BigInt(x); // throws on a non-integral value
  if (typeof x === "string") return BigInt(x.trim());
  if (x instanceof Dec && x.s === 0) return big(x.u);
  throw new TypeError(`seg: not an int: ${String(x)}`);
}

// ---------------------------------------------------------------- comparison

/** Code-point order of two strings (JS `<` compares UTF-16 units, which puts U+FFFF after emoji). */
export function strCmp(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  let x = a.charCodeAt(i);
  let y = b.charCodeAt(i);
  // UTF-16 order differs from code-point order only when a surrogate meets a unit >= U+D800.
  if (x >= 0xd800 && y >= 0xd800 && (x < 0xe000 || y < 0xe000)) {
    const h = i > 0 ? a.charCodeAt(i - 1) : 0;
    // On the low half of a pair (in either string): compare the whole code points from its high half.
    if (h >= 0xd800 && h <= 0xdbff && ((x >= 0xdc00 && x <= 0xdfff) || (y >= 0xdc00 && y <= 0xdfff))) i--;
    x = a.codePointAt(i)!;
    y = b.codePointAt(i)!;
  }
  return x < y ? -1 : 1;
}

const isNumeric = (x: unknown): boolean => typeof x === "number" || typeof x === "bigint" || x instanceof Dec;

/**
 * Three-way comparison (-1, 0, 1) of two non-null values of one type: numbers exactly (any mix of
 * number, BigInt and Dec; text meeting a number is a numeric value delivered as text), strings by
 * code point, false < true, Dates as times. Different kinds throw: the checker rules them out.
 */
export function order(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "number" && tb === "number")
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  if (ta === "string" && tb === "string") return strCmp(a as string, b as string);
  if (a instanceof Dec && b instanceof Dec) return decCmp(a, b);
  // number vs BigInt: JS relational operators compare mathematical values exactly, and a
  // non-integral double lies on the same side of every integer as its shortest decimal string.
  if ((ta === "bigint" || ta === "number") && (tb === "bigint" || tb === "number"))
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  if (ta === "boolean" && tb === "boolean") return a === b ? 0 : a ? 1 : -1;
  if ((isNumeric(a) || ta === "string") && (isNumeric(b) || tb === "string")) return decCmp(dec(a), dec(b));
  if (a instanceof Date || b instanceof Date) return order(toMs(a), toMs(b));
  throw new TypeError(`seg: cannot compare ${ta} with ${tb}`);
}

// order() with the decimal pair (sums against a threshold) checked first, small enough to inline.
function ord(a: unknown, b: unknown): number {
  return a instanceof Dec && b instanceof Dec ? decCmp(a, b) : order(a, b);
}

/** SQL comparison `a op b` (op: = != < <= > >=, also == and <>); null when either side is null. */
export function cmp(op: string, a: unknown, b: unknown): Tri {
  if (a == null || b == null) return null;
  return test(op, typeof a === "number" && typeof b === "number" ? (a < b ? -1 : a > b ? 1 : 0) : ord(a, b));
}

// Applies a comparison operator to a three-way result.
function test(op: string, c: number): boolean {
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "=":
    case "==":
      return c === 0;
    case "!=":
    case "<>":
      return c !== 0;
  }
  throw new RangeError(`seg: unknown comparison operator ${op}`);
}

/** a = b (three-valued). */
export function eq(a: unknown, b: unknown): Tri {
  if (a == null || b == null) return null;
  if (a === b) return true;
  const t = typeof a;
  if (t === typeof b && (t === "string" || t === "number" || t === "boolean")) return false;
  return order(a, b) === 0;
}

/** a != b (three-valued). */
export function ne(a: unknown, b: unknown): Tri {
  const r = eq(a, b);
  return r === null ? null : !r;
}

/** a < b (three-valued). */
export function lt(a: unknown, b: unknown): Tri {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return a == null || b == null ? null : ord(a, b) < 0;
}

/** a <= b (three-valued). */
export function le(a: unknown, b: unknown): Tri {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  return a == null || b == null ? null : ord(a, b) <= 0;
}

/** a > b (three-valued). */
export function gt(a: unknown, b: unknown): Tri {
  if (typeof a === "number" && typeof b === "number") return a > b;
  return a == null || b == null ? null : ord(a, b) > 0;
}

/** a >= b (three-valued). */
export function ge(a: unknown, b: unknown): Tri {
  if (typeof a === "number" && typeof b === "number") return a >= b;
  return a == null || b == null ? null : ord(a, b) >= 0;
}

/** `x between lo and hi`, inclusive: `x >= lo and x <= hi` in Kleene logic. */
export function between(x: unknown, lo: unknown, hi: unknown): Tri {
  return and3(ge(x, lo), le(x, hi));
}

/** `x in (list)`: true on a match; else null when x is null or the list holds a null; else false. */
export function inList(x: unknown, list: readonly unknown[]): Tri {
  if (list.length === 0) return false;
  if (x == null) return null;
  let sawNull = false;
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e == null) sawNull = true;
    else if (e === x || eq(x, e) === true) return true;
  }
  return sawNull ? null : false;
}

/** `s contains p`: case-sensitive, literal characters; null in, null out. */
export function contains(s: string | null | undefined, p: string | null | undefined): Tri {
  return s == null || p == null ? null : s.includes(p);
}

/** `s starts with p`. */
export function startsWith(s: string | null | undefined, p: string | null | undefined): Tri {
  return s == null || p == null ? null : s.startsWith(p);
}

/** `s ends with p`. */
export function endsWith(s: string | null | undefined, p: string | null | undefined): Tri {
  return s == null || p == null ? null : s.endsWith(p);
}

// ---------------------------------------------------------------- arithmetic

/** Exact a + b for ints and decimals (int + int stays int, BigInt past 2^53; any decimal gives a Dec). */
export function add(a: unknown, b: unknown): number | bigint | Dec | null {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  }
  return arith(0, a, b);
}

/** Exact a - b (see `add`). */
export function sub(a: unknown, b: unknown): number | bigint | Dec | null {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  }
  return arith(1, a, b);
}

/** Exact a * b (see `add`). */
export function mul(a: unknown, b: unknown): number | bigint | Dec | null {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r) && Number.isInteger(a) && Number.isInteger(b)) return r;
  }
  return arith(2, a, b);
}

const isIntVal = (x: unknown): boolean => typeof x === "bigint" || (typeof x === "number" && Number.isInteger(x));

function arith(op: number, a: unknown, b: unknown): number | bigint | Dec | null {
  if (a == null || b == null) return null;
  if (isIntVal(a) && isIntVal(b)) {
    const x = intBig(a);
    const y = intBig(b);
    return normInt(op === 0 ? x + y : op === 1 ? x - y : x * y);
  }
  const x = dec(a);
  const y = dec(b);
  return op === 0 ? decAdd(x, y) : op === 1 ? decSub(x, y) : decMul(x, y);
}

/** Unary minus, keeping the type. */
export function neg(x: unknown): number | bigint | Dec | null {
  if (typeof x === "number") return x === 0 ? 0 : -x;
  if (x == null) return null;
  if (typeof x === "bigint") return normInt(-x);
  return decNeg(dec(x));
}

/** Double a + b (float involved). */
export function addF(a: unknown, b: unknown): number | null {
  return a == null || b == null ? null : num(a)! + num(b)!;
}

/** Double a - b (float involved). */
export function subF(a: unknown, b: unknown): number | null {
  return a == null || b == null ? null : num(a)! - num(b)!;
}

/** Double a * b (float involved). */
export function mulF(a: unknown, b: unknown): number | null {
  return a == null || b == null ? null : num(a)! * num(b)!;
}

/** `a / b`: both converted to double first; null when either is null or b is 0. */
export function div(a: unknown, b: unknown): number | null {
  if (a == null || b == null) return null;
  const y = num(b)!;
  return y === 0 ? null : num(a)! / y;
}

/** |x|, keeping the type. */
export function abs(x: unknown): number | bigint | Dec | null {
  if (typeof x === "number") return Math.abs(x);
  if (x == null) return null;
  if (typeof x === "bigint") return x < 0n ? normInt(-x) : x;
  return decAbs(dec(x));
}

/**
 * `round(x, n)`, half away from zero, keeping the type: a Dec rounds exactly; an int is unchanged
 * for n >= 0; a float (non-integral number) rounds its shortest round-trip decimal string and
 * converts back, so round(2.5) = 3, round(-2.5) = -3 and round(1.005, 2) = 1.01: the literal the
 * user wrote is what gets rounded, never the binary approximation 1.00499999999999989...
 */
export function round(x: unknown, n: unknown = 0): number | bigint | Dec | null {
  if (x == null || n == null) return null;
  const k = Number(n);
  if (typeof x === "number") {
    if (Number.isInteger(x) && k >= 0) return x;
    return decNum(decRound(numToDec(x), k));
  }
  if (typeof x === "bigint") return normInt(k >= 0 ? x : big(decRound(new Dec(x, 0), k).u));
  return decRound(dec(x), k);
}

/** First non-null argument, else null. */
export function coalesce(...xs: unknown[]): unknown {
  for (let i = 0; i < xs.length; i++) if (xs[i] != null) return xs[i];
  return null;
}

// ---------------------------------------------------------------- strings

// Simple (one-to-one) case mapping, as SQL engines do it per code point: String#toUpperCase uses the
// full mappings (ß -> SS) and String#toLowerCase the Final_Sigma context rule (Σ -> ς), so those
// strings are mapped one code point at a time instead.
function mapCp(s: string, upper: boolean): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = s.codePointAt(i)!;
        i++;
      }
    }
    const ch = String.fromCodePoint(c);
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    if (m.length === ch.length) out += m;
    // Only İ lowercases to two code points; its simple lowercase is plain i.
    else if (!upper) out += c === 0x130 ? "i" : ch;
    // A Greek letter with ypogegrammeni: the full uppercase adds an iota, the simple one is the
    // capital with prosgegrammeni.
    else if ((c >= 0x1f80 && c <= 0x1faf && (c & 15) < 8) || c === 0x1fb3 || c === 0x1fc3 || c === 0x1ff3)
      out += String.fromCharCode(c + (c <= 0x1faf ? 8 : 9));
    else out += ch; // no simple mapping (ß, ŉ, ligatures...)
  }
  return out;
}

/** Lower case over the full Unicode range (simple mapping); null in, null out. */
export function lower(s: string | null | undefined): string | null {
  if (s == null) return null;
  const r = s.toLowerCase();
  return r.length === s.length && s.indexOf("\u03a3") < 0 ? r : mapCp(s, false);
}

/** Upper case over the full Unicode range (simple mapping); null in, null out. */
export function upper(s: string | null | undefined): string | null {
  if (s == null) return null;
  const r = s.toUpperCase();
  return r.length === s.length ? r : mapCp(s, true);
}

/** Length in code points (an emoji counts 1). */
export function length(s: string | null | undefined): number | null {
  if (s == null) return null;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Removes U+0020 spaces (only those) at both ends. */
export function trim(s: string | null | undefined): string | null {
  if (s == null) return null;
  let i = 0;
  let j = s.length;
  while (i < j && s.charCodeAt(i) === 32) i++;
  while (j > i && s.charCodeAt(j - 1) === 32) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}

// ---------------------------------------------------------------- time (UTC, milliseconds)

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm): pure arithmetic,
// so no Date object, no local time and no two-digit-year quirk of Date.UTC.
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

// civil() returns through these to avoid allocating a tuple per call.
let CY = 1970;
let CM = 1;
let CD = 1;
function civil(z: number): void {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  CD = doy - Math.floor((153 * mp + 2) / 5) + 1;
  CM = mp < 10 ? mp + 3 : mp - 9;
  CY = yoe + era * 400 + (CM <= 2 ? 1 : 0);
}

function daysIn(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function dig(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}
const d2 = (t: string, i: number): number => dig(t, i) * 10 + dig(t, i + 1);

// YYYY-MM-DD[(T|t| )HH:MM[:SS[(.|,)fraction]][Z|z|±HH[[:]MM]]]; no offset means UTC.
function parseTime(t: string): number {
  const n = t.length;
  const y = dig(t, 0) * 1000 + dig(t, 1) * 100 + d2(t, 2);
  const mo = d2(t, 5);
  const da = d2(t, 8);
  let ok = n >= 10 && t.charCodeAt(4) === 45 && t.charCodeAt(7) === 45 && y >= 0;
  ok = ok && mo >= 1 && mo <= 12 && da >= 1 && da <= daysIn(y, mo);
  let ms = 0;
  let i = 10;
  const c = t.charCodeAt(10);
  if (ok && (c === 84 || c === 116 || c === 32)) {
    const h = d2(t, 11);
    const mi = d2(t, 14);
    ok = t.charCodeAt(13) === 58 && h <= 23 && mi <= 59;
    ms = (h * 60 + mi) * 60_000;
    i = 16;
    if (ok && t.charCodeAt(16) === 58) {
      const se = d2(t, 17);
      ok = se <= 59;
      ms += se * 1000;
      i = 19;
      const f = t.charCodeAt(19);
      if (ok && (f === 46 || f === 44)) {
        // Fractional seconds: truncated to the millisecond.
        let frac = 0;
        let k = 0;
        for (i = 20; i < n; i++, k++) {
          const x = dig(t, i);
          if (x !== x) break;
          if (k < 3) frac = frac * 10 + x;
        }
        ok = k > 0;
        ms += k >= 3 ? frac : frac * P10[3 - k]!;
      }
    }
    const z = t.charCodeAt(i);
    if (ok && (z === 90 || z === 122)) i++;
    else if (ok && (z === 43 || z === 45)) {
      const oh = d2(t, i + 1);
      let om = 0;
      i += 3;
      if (t.charCodeAt(i) === 58) {
        om = d2(t, i + 1);
        i += 3;
      } else if (i < n) {
        om = d2(t, i);
        i += 2;
      }
      ok = oh <= 23 && om <= 59;
      ms -= (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
    }
  }
  if (!ok || i !== n) throw new RangeError(`seg: not a UTC date or timestamp: "${t}"`);
  return daysFromCivil(y, mo, da) * DAY + ms;
}

/**
 * A time to epoch milliseconds (UTC): a number (ms; fractions floored), BigInt ms, a Date, or ISO
 * text (`2024-12-01`, `2024-12-01T09:30:00Z`, `2024-12-01 09:30:00.5+02:00`; no offset = UTC).
 * null/undefined give null; anything unreadable throws.
 */
export function toMs(v: unknown): number | null {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return v;
    if (Number.isFinite(v)) return Math.floor(v);
  } else if (v == null) return null;
  else if (typeof v === "string") return parseTime(v);
  else if (v instanceof Date) {
    const t = v.getTime();
    if (t === t) return t;
  } else if (typeof v === "bigint") return Number(v);
  throw new RangeError(`seg: not a time: ${String(v)}`);
}

const tm = (x: unknown): number | null => (typeof x === "number" ? x : toMs(x));

function addMonths(ms: number, k: number): number {
  if (!Number.isInteger(k)) throw new RangeError(`seg: a calendar shift needs a whole number, got ${k}`);
  const days = Math.floor(ms / DAY);
  const tod = ms - days * DAY;
  civil(days);
  const m0 = CY * 12 + CM - 1 + k;
  const y = Math.floor(m0 / 12);
  const m = m0 - y * 12 + 1;
  const d = CD < 29 ? CD : Math.min(CD, daysIn(y, m)); // clamp to the target month's last day
  return daysFromCivil(y, m, d) * DAY + tod;
}

/**
 * t + n units. minute/hour/day/week are exact milliseconds; month/quarter/year move the calendar
 * month and clamp the day (2024-03-31 - 1 month = 2024-02-29), keeping the time of day. Units may
 * be singular or plural. null t gives null.
 */
export function shift(t: unknown, n: number, unit: string): number | null {
  const ms = tm(t);
  if (ms === null) return null;
  switch (unit) {
    case "minute":
    case "minutes":
      return ms + Math.round(n * 60_000);
    case "hour":
    case "hours":
      return ms + Math.round(n * 3_600_000);
    case "day":
    case "days":
      return ms + Math.round(n * DAY);
    case "week":
    case "weeks":
      return ms + Math.round(n * 7 * DAY);
    case "month":
    case "months":
      return addMonths(ms, n);
    case "quarter":
    case "quarters":
      return addMonths(ms, n * 3);
    case "year":
    case "years":
      return addMonths(ms, n * 12);
  }
  throw new RangeError(`seg: unknown time unit ${unit}`);
}

/** UTC calendar year. */
export function year(t: unknown): number | null {
  const ms = tm(t);
  if (ms === null) return null;
  civil(Math.floor(ms / DAY));
  return CY;
}

/** UTC month, 1..12. */
export function month(t: unknown): number | null {
  const ms = tm(t);
  if (ms === null) return null;
  civil(Math.floor(ms / DAY));
  return CM;
}

/** UTC day of the month, 1..31. */
export function day(t: unknown): number | null {
  const ms = tm(t);
  if (ms === null) return null;
  civil(Math.floor(ms / DAY));
  return CD;
}

/** UTC hour, 0..23. */
export function hour(t: unknown): number | null {
  const ms = tm(t);
  return ms === null ? null : Math.floor((ms - Math.floor(ms / DAY) * DAY) / 3_600_000);
}

/** ISO day of the week in UTC: Monday = 1 ... Sunday = 7 (1970-01-01 was a Thursday). */
export function dayOfWeek(t: unknown): number | null {
  const ms = tm(t);
  if (ms === null) return null;
  const d = Math.floor(ms / DAY);
  return (((d % 7) + 10) % 7) + 1;
}

/** `date(t)`: midnight UTC of t's day, in ms. */
export function dateOf(t: unknown): number | null {
  const ms = tm(t);
  return ms === null ? null : Math.floor(ms / DAY) * DAY;
}

/** Whole 24-hour periods from t to now, rounded down (negative when t is after now). */
export function daysSince(t: unknown, now: unknown): number | null {
  return daysBetween(t, now);
}

/** Whole 24-hour periods from a to b, rounded down. */
export function daysBetween(a: unknown, b: unknown): number | null {
  const x = tm(a);
  const y = tm(b);
  return x === null || y === null ? null : Math.floor((y - x) / DAY);
}

/** `start <= t < end`, three-valued (a null t gives null): `t within last 30 days` is within(t, now - 30 days, now). */
export function within(t: unknown, start: unknown, end: unknown): Tri {
  const ms = tm(t);
  if (ms === null) return null;
  const s = tm(start);
  const e = tm(end);
  return s === null || e === null ? null : ms >= s && ms < e;
}

/** Event filter for a window: `start <= t < end` and `t < now`; an event without a time is outside. */
export function inWindow(t: unknown, start: number, end: number, now: number): boolean {
  const ms = tm(t);
  return ms !== null && ms >= start && ms < end && ms < now;
}

// ---------------------------------------------------------------- aggregates over event values

/** Number of non-null values (events are never null, so for an event array it is its length). */
export function count(xs: readonly unknown[]): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] != null) n++;
  return n;
}

/** Exact sum of ints (nulls skipped): a number while safe, BigInt beyond; 0 when empty. */
export function sumInt(xs: readonly unknown[]): number | bigint {
  let acc = 0;
  let i = 0;
  for (; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x === "number") {
      const r = acc + x;
      if (Number.isSafeInteger(r) && Number.isSafeInteger(x)) {
        acc = r;
        continue;
      }
      break;
    }
    if (x != null) break;
  }
  if (i === xs.length) return acc;
  let b = BigInt(acc);
  for (; i < xs.length; i++) {
    const x = xs[i];
    if (x != null) b += intBig(x);
  }
  return normInt(b);
}

/**
 * A reusable exact decimal accumulator, for generated loops that sum without building an array:
 * `acc.reset(2)`, `acc.add(v)` per event, then `acc.value()`. Plain numbers are summed as integer
 * units in a double (no allocation) while that stays exact; anything else continues as a Dec.
 */
export class DecSum {
  u = 0; // units at scale s while d is null
  s = 0;
  p = 1; // 10^s as a double (NaN past 10^22, which disables the fast path)
  d: Dec | null = null; // the exact running sum once the fast path gave up
  n = 0; // non-null values added
  reset(scale = 0): this {
    this.u = 0;
    this.s = scale;
    this.p = p10(scale);
    this.d = null;
    this.n = 0;
    return this;
  }
  add(x: unknown): void {
    if (x == null) return;
    this.n++;
    if (this.d === null && typeof x === "number") {
      // Most values fit the current scale: one multiply, round and check (see fracDigits).
      const p = this.p;
      const u = Math.round(x * p);
      if (u / p === x && u < 1125899906842624 && u > -1125899906842624) {
        const r = this.u + u;
        if (r <= 9007199254740991 && r >= -9007199254740991) {
          this.u = r;
          return;
        }
      } else if (!Number.isInteger(x) && this.grow(x)) return;
    }
    this.d = decAdd(this.d ?? new Dec(this.u, this.s), dec(x));
  }
  // x needs more fractional digits than the running scale: rescale the units if they stay exact.
  private grow(x: number): boolean {
    const k = fracDigits(x);
    if (k <= this.s) return false;
    const a = this.u * p10(k - this.s);
    const r = a + Math.round(x * P10[k]!);
    if (!(Number.isSafeInteger(a) && Number.isSafeInteger(r))) return false;
    this.u = r;
    this.s = k;
    this.p = P10[k]!;
    return true;
  }
  value(): Dec {
    return this.d ?? new Dec(this.u, this.s);
  }
  /** `cmp(op, this.value(), b)` without allocating while the sum is on the fast path. */
  cmp(op: string, b: unknown): Tri {
    if (b == null) return null;
    if (this.d === null) {
      // b's units at our scale, when b is a plain number or a Dec with number units and no more digits
      const y =
        typeof b === "number"
          ? Number.isInteger(b)
            ? b * this.p
            : NaN
          : b instanceof Dec && typeof b.u === "number" && b.s <= this.s
            ? b.u * p10(this.s - b.s)
            : NaN;
      if (Number.isSafeInteger(y)) return test(op, this.u < y ? -1 : this.u > y ? 1 : 0);
    }
    return test(op, ord(this.value(), b));
  }
}

const ACC = new DecSum();

/**
 * Exact sum of decimals (nulls skipped) as a Dec whose scale is max(scale, the values' scales);
 * 0 at that scale when empty.
 */
export function sumDec(xs: readonly unknown[], scale = 0): Dec {
  ACC.reset(scale);
  for (let i = 0; i < xs.length; i++) ACC.add(xs[i]);
  return ACC.value();
}

/** Double sum of floats, left to right (nulls skipped); 0 when empty. */
export function sumFloat(xs: readonly unknown[]): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x === "number") acc += x;
    else if (x != null) acc += num(x)!;
  }
  return acc;
}

/** avg of ints: the exact sum converted to double, divided by the count; null when empty. */
export function avgInt(xs: readonly unknown[]): number | null {
  const n = count(xs);
  return n === 0 ? null : num(sumInt(xs))! / n;
}

/** avg of decimals: the exact sum converted to double, divided by the count; null when empty. */
export function avgDec(xs: readonly unknown[]): number | null {
  const n = count(xs);
  return n === 0 ? null : decNum(sumDec(xs)) / n;
}

/** avg of floats: the double sum divided by the count; null when empty. */
export function avgFloat(xs: readonly unknown[]): number | null {
  const n = count(xs);
  return n === 0 ? null : sumFloat(xs) / n;
}

/** Smallest non-null value (type-aware, see `order`), the value itself; null when none. */
export function min(xs: readonly unknown[]): unknown {
  let best: unknown = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x == null) continue;
    if (best === null || (typeof x === "number" && typeof best === "number" ? x < best : order(x, best) < 0)) best = x;
  }
  return best;
}

/** Largest non-null value; null when none. */
export function max(xs: readonly unknown[]): unknown {
  let best: unknown = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x == null) continue;
    if (best === null || (typeof x === "number" && typeof best === "number" ? x > best : order(x, best) > 0)) best = x;
  }
  return best;
}

// A Set/Map key under which equal values meet: numbers by value (a double and its decimal string are
// one value), BigInt and Dec by exact value, Dates by time, strings and booleans as themselves.
function valueKey(x: unknown): unknown {
  if (typeof x === "bigint") {
    const v = Number(x);
    return BigInt(v) === x ? v : x.toString();
  }
  if (x instanceof Dec) {
    const v = decNum(x);
    return decCmp(numToDec(v), x) === 0 ? v : decStr(x);
  }
  if (x instanceof Date) return x.getTime();
  return x;
}

/** Number of distinct non-null values (decimals equal by value: 1.50 = 1.5; strings exact). */
export function distinctCount(xs: readonly unknown[]): number {
  const seen = new Set<unknown>();
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x != null) seen.add(typeof x === "string" || typeof x === "number" ? x : valueKey(x));
  }
  return seen.size;
}

/** Most frequent non-null value; ties go to the smallest value (see `order`); null when none. */
export function mostFrequent(xs: readonly unknown[]): unknown {
  const counts = new Map<unknown, number>();
  const firsts = new Map<unknown, unknown>();
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x == null) continue;
    const k = typeof x === "string" || typeof x === "number" ? x : valueKey(x);
    const c = counts.get(k);
    if (c === undefined) {
      counts.set(k, 1);
      firsts.set(k, x);
    } else counts.set(k, c + 1);
  }
  let best: unknown = null;
  let bestN = 0;
  for (const [k, c] of counts) {
    const v = firsts.get(k);
    if (c > bestN || (c === bestN && order(v, best) < 0)) {
      best = v;
      bestN = c;
    }
  }
  return best;
}

function pickAt(vals: readonly unknown[], times: readonly unknown[], latest: boolean): unknown {
  let bestT = latest ? -Infinity : Infinity;
  let best: unknown = null;
  let seen = false;
  for (let i = 0; i < vals.length; i++) {
    const t = tm(times[i]);
    if (t === null) continue;
    const v = vals[i] ?? null;
    if (!seen || (latest ? t > bestT : t < bestT)) {
      seen = true;
      bestT = t;
      best = v;
    } else if (t === bestT && v !== null && (best === null || order(v, best) < 0)) best = v;
  }
  return best;
}

/**
 * The value on the latest event (vals[i] happened at times[i]). Several events at that time: the
 * smallest non-null value among them (SQL `MIN(v)` over the events at `MAX(t)`); null when all of
 * those are null, even if earlier events have values; null when there are no events.
 */
export function latest(vals: readonly unknown[], times: readonly unknown[]): unknown {
  return pickAt(vals, times, true);
}

/** The value on the earliest event; ties and nulls as in `latest`. */
export function earliest(vals: readonly unknown[], times: readonly unknown[]): unknown {
  return pickAt(vals, times, false);
}

/** `share`: filtered / all as a double; null when all = 0. */
export function share(nFiltered: number | bigint, nAll: number | bigint): number | null {
  const d = Number(nAll);
  return d === 0 ? null : Number(nFiltered) / d;
}

/** `any(events)`: at least one (non-null) entry. */
export function any(xs: readonly unknown[]): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] != null) return true;
  return false;
}

/** `none(events)`: no (non-null) entry. */
export function none(xs: readonly unknown[]): boolean {
  return !any(xs);
}

// ---------------------------------------------------------------- windows and buckets

/**
 * Bucket boundaries of the window [start, end) cut into units counted back from `end`: b[k] is
 * shift(end, -k, unit), so bucket k is [b[k+1], b[k]) and b[M] = start. Compute it once per
 * evaluation, not per member. An empty or reversed window has no bucket; a window that is not a
 * whole number of units throws.
 */
export function bucketBounds(start: unknown, end: unknown, unit: string): number[] {
  const s = tm(start);
  const e = tm(end);
  if (s === null || e === null) throw new RangeError("seg: a bucketed window needs both bounds");
  const b = [e];
  for (let k = 1, x = e; x > s; k++) {
    x = shift(e, -k, unit)!;
    if (x < s || k > 1_000_000) throw new RangeError(`seg: the window is not a whole number of ${unit}s`);
    b.push(x);
  }
  return b;
}

/** The bucket of time t (see `bucketBounds`), or -1 when t is null, outside the window, or at/after now. */
export function bucketIndex(t: unknown, bounds: readonly number[], now: number): number {
  const ms = tm(t);
  const m = bounds.length - 1;
  if (ms === null || ms >= now || m < 1 || !(ms < bounds[0]!) || ms < bounds[m]!) return -1;
  let lo = 0; // the last k with bounds[k] > ms (bounds descend)
  let hi = m - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! > ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Splits items (item i happened at times[i]) into the buckets of `bounds`; events at/after now are dropped. */
export function bucketize<T>(
  items: readonly T[],
  times: readonly unknown[],
  now: number,
  bounds: readonly number[],
): T[][] {
  const out: T[][] = [];
  for (let k = 1; k < bounds.length; k++) out.push([]);
  for (let i = 0; i < items.length; i++) {
    const k = bucketIndex(times[i], bounds, now);
    if (k >= 0) out[k]!.push(items[i]!);
  }
  return out;
}

/** bucketize(items, times, now, bucketBounds(start, end, unit)). */
export function buckets<T>(
  items: readonly T[],
  times: readonly unknown[],
  now: number,
  start: unknown,
  end: unknown,
  unit: string,
): T[][] {
  return bucketize(items, times, now, bucketBounds(start, end, unit));
}

// ---------------------------------------------------------------- ranks over the population

// The fraction as an exact ratio pn/pd: (num, den) integers, or one exact decimal (Dec, decimal
// text, "10%", or a number read through its shortest decimal string).
function ratio(p: unknown, den: unknown): [bigint, bigint] {
  if (den != null) return [intBig(p), intBig(den)];
  if (typeof p === "string" && p.trim().endsWith("%")) {
    const [a, b] = ratio(p.trim().slice(0, -1), null);
    return [a, b * 100n];
  }
  const d = dec(p);
  return [big(d.u), bp10(d.s)];
}

// Exact integer sort keys when every non-null value is a number, or numbers/Decs that fit as safe
// integer units at one scale; NaN marks a null. null: use the generic comparator.
function numericKeys(values: readonly unknown[]): Float64Array | null {
  let s = 0;
  let plain = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null || typeof v === "number") continue;
    plain = false;
    if (!(v instanceof Dec) || typeof v.u !== "number") return null;
    if (v.s > s) s = v.s;
  }
  const keys = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) keys[i] = NaN;
    else if (plain) keys[i] = v as number;
    else {
      let u: number;
      let k = 0;
      if (v instanceof Dec) {
        u = v.u as number;
        k = v.s;
      } else if (Number.isInteger(v)) u = v as number;
      else {
        k = fracDigits(v as number);
        if (k < 0 || k > s) return null;
        u = Math.round((v as number) * P10[k]!);
      }
      const key = u * p10(s - k);
      if (!Number.isSafeInteger(key)) return null;
      keys[i] = key;
    }
  }
  return keys;
}

function rank(values: readonly unknown[], p: unknown, den: unknown, top: boolean): Tri[] {
  const [pn, pd] = ratio(p, den);
  const out: Tri[] = new Array<Tri>(values.length).fill(null);
  // NaN is junk, not a value: it ranks like null.
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] != null && values[i] === values[i]) n++;
  if (n === 0) return out;
  // In when fewer than p*n values are strictly beyond x, i.e. beyond < g = ceil(p*n): exactly the
  // values at or beyond the g-th one from that end (ties at the edge all in).
  const prod = pn * BigInt(n);
  const g = prod <= 0n ? 0 : Number((prod + pd - 1n) / pd);
  if (g <= 0 || g >= n) {
    for (let i = 0; i < values.length; i++) if (values[i] != null && values[i] === values[i]) out[i] = g > 0;
    return out;
  }
  const keys = numericKeys(values);
  if (keys !== null) {
    const sorted = new Float64Array(n);
    for (let i = 0, j = 0; i < keys.length; i++) if (keys[i] === keys[i]) sorted[j++] = keys[i]!;
    sorted.sort();
    const edge = sorted[top ? n - g : g - 1]!;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === k) out[i] = top ? k >= edge : k <= edge;
    }
    return out;
  }
  const sorted: unknown[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] != null && values[i] === values[i]) sorted.push(values[i]);
  sorted.sort(order);
  const edge = sorted[top ? n - g : g - 1];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v != null && v === v) out[i] = top ? order(v, edge) >= 0 : order(v, edge) <= 0;
  }
  return out;
}

/**
 * `x in top P%` for every member at once: true when fewer than P x n of the n non-null values are
 * strictly greater (exact; ties at the edge all in), null for a null x. P is `num/den` integers, or
 * one exact decimal (`"0.1"`, `"10%"`, a Dec). One sort: O(n log n).
 */
export function rankTop(values: readonly unknown[], p: unknown, den?: unknown): Tri[] {
  return rank(values, p, den, true);
}

/** `x in bottom P%`: the mirror of `rankTop` with "strictly smaller". */
export function rankBottom(values: readonly unknown[], p: unknown, den?: unknown): Tri[] {
  return rank(values, p, den, false);
}
