// Unit and property tests of the JavaScript runtime (src/backend/js/runtime.ts). Every expectation
// is written in UTC (Date.UTC / toISOString), so the file must pass under any TZ; CI also runs it
// with TZ=America/Los_Angeles and TZ=Pacific/Kiritimati.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as R from "../../../src/backend/js/runtime.js";
import { Dec, type Tri } from "../../../src/backend/js/runtime.js";
import { evalPred, predArb, rowArb } from "./arbitraries.js";

describe("the runtime source", () => {
  const src = readFileSync(fileURLToPath(new URL("../../../src/backend/js/runtime.ts", import.meta.url)), "utf8");
  it("is self-contained: no imports, no require, no dynamic import", () => {
    expect(src).not.toMatch(/^\s*import\b/m);
    expect(src).not.toMatch(/\brequire\(|\bimport\(/);
  });
  it("never calls local-time Date methods or Date parsing", () => {
    expect(src).not.toMatch(/\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds|TimezoneOffset)\(/);
    expect(src).not.toMatch(/Date\.parse|new Date\(/);
  });
});

const T = (s: string): number => R.toMs(s)!;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const D = (s: string): Dec => R.dec(s);
const ds = (x: unknown): string => R.decStr(R.dec(x));
const TRI: readonly Tri[] = [true, false, null];

describe("three-valued logic", () => {
  // Kleene logic is min/max/1-x over false=0 < null=0.5 < true=1: an oracle independent of the code.
  const rank = (x: Tri): number => (x === null ? 0.5 : x ? 1 : 0);
  const back = (r: number): Tri => (r === 0.5 ? null : r === 1);

  it("and3 / or3 match the full null table in both operand orders", () => {
    const and: [Tri, Tri, Tri][] = [
      [true, true, true],
      [true, false, false],
      [true, null, null],
      [false, false, false],
      [false, null, false],
      [null, null, null],
    ];
    const or: [Tri, Tri, Tri][] = [
      [true, true, true],
      [true, false, true],
      [true, null, true],
      [false, false, false],
      [false, null, null],
      [null, null, null],
    ];
    for (const [a, b, r] of and) {
      expect(R.and3(a, b)).toBe(r);
      expect(R.and3(b, a)).toBe(r);
    }
    for (const [a, b, r] of or) {
      expect(R.or3(a, b)).toBe(r);
      expect(R.or3(b, a)).toBe(r);
    }
    for (const a of TRI)
      for (const b of TRI) {
        expect(R.and3(a, b)).toBe(back(Math.min(rank(a), rank(b))));
        expect(R.or3(a, b)).toBe(back(Math.max(rank(a), rank(b))));
      }
  });

  it("not3 keeps null (unlike JS: !(null > 5) is true)", () => {
    expect(R.not3(true)).toBe(false);
    expect(R.not3(false)).toBe(true);
    expect(R.not3(null)).toBe(null);
    expect(R.not3(undefined)).toBe(null);
    expect(R.not3(R.gt(null, 5))).toBe(null);
  });

  it("undefined is NULL", () => {
    expect(R.and3(undefined, true)).toBe(null);
    expect(R.and3(undefined, false)).toBe(false);
    expect(R.or3(true, undefined)).toBe(true);
    expect(R.or3(undefined, false)).toBe(null);
  });

  it("n-ary variants", () => {
    expect(R.andN()).toBe(true);
    expect(R.orN()).toBe(false);
    expect(R.andN(true, null, true)).toBe(null);
    expect(R.andN(true, null, false)).toBe(false);
    expect(R.orN(false, null, false)).toBe(null);
    expect(R.orN(null, false, true)).toBe(true);
    expect(R.andAll([true, true])).toBe(true);
    expect(R.andAll([null, false])).toBe(false);
    expect(R.orAll([null, false])).toBe(null);
    expect(R.orAll([])).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Tri>(true, false, null)), (xs) => {
        expect(R.andAll(xs)).toBe(back(xs.reduce((m, x) => Math.min(m, rank(x)), 1)));
        expect(R.orAll(xs)).toBe(back(xs.reduce((m, x) => Math.max(m, rank(x)), 0)));
        expect(R.andN(...xs)).toBe(R.andAll(xs));
        expect(R.orN(...xs)).toBe(R.orAll(xs));
      }),
    );
  });

  it("atLeast counts strict trues; isTrue and isNull never give unknown", () => {
    expect(R.atLeast(2, [true, null, true, false])).toBe(true);
    expect(R.atLeast(3, [true, null, true, false])).toBe(false);
    expect(R.isTrue(true)).toBe(true);
    expect(R.isTrue(null)).toBe(false);
    expect(R.isTrue(1)).toBe(false);
    expect(R.isNull(null)).toBe(true);
    expect(R.isNull(undefined)).toBe(true);
    expect(R.isNull(0)).toBe(false);
    expect(R.isNull("")).toBe(false);
  });
});

// ---------------------------------------------------------------------------- TLP

describe("ternary logic partitioning (TLP)", () => {
  it("rows where P, not P and P is null partition all rows", () => {
    fc.assert(
      fc.property(predArb, fc.array(rowArb, { minLength: 1, maxLength: 40 }), (p, rows) => {
        const yes = rows.filter((r) => R.isTrue(evalPred(p, r)));
        const no = rows.filter((r) => R.isTrue(R.not3(evalPred(p, r))));
        const unknown = rows.filter((r) => evalPred(p, r) === null);
        expect(yes.length + no.length + unknown.length).toBe(rows.length);
        for (const r of rows) {
          const v = evalPred(p, r);
          expect([true, false, null]).toContain(v);
          expect([yes.includes(r), no.includes(r), unknown.includes(r)].filter(Boolean)).toHaveLength(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a comparison with null is unknown whatever the operator", () => {
    for (const op of ["=", "!=", "<", "<=", ">", ">="]) {
      expect(R.cmp(op, null, 1)).toBe(null);
      expect(R.cmp(op, 1, null)).toBe(null);
      expect(R.cmp(op, undefined, "a")).toBe(null);
      expect(R.cmp(op, null, null)).toBe(null);
    }
  });
});

// ---------------------------------------------------------------------------- decimals

// A reference: the exact value of a decimal string as [units, scale] with BigInt.
function refDec(t: string): [bigint, number] {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(t)!;
  const f = m[3] ?? "";
  const u = BigInt((m[2] || "0") + f);
  return [m[1] ? -u : u, f.length];
}
const decStrArb = fc
  .tuple(fc.boolean(), fc.stringMatching(/^\d{1,24}$/), fc.stringMatching(/^\d{0,12}$/))
  .map(([n, i, f]) => (n ? "-" : "") + i + (f ? "." + f : ""));
const align = ([u, s]: [bigint, number], t: number): bigint => u * 10n ** BigInt(t - s);

describe("decimals", () => {
  it("parses text exactly, keeping the scale", () => {
    expect(D("1.50").toString()).toBe("1.50");
    expect(R.decStr(D("1.50"))).toBe("1.5");
    expect(R.decStr(D("-0.001"))).toBe("-0.001");
    expect(R.decStr(D("1e3"))).toBe("1000");
    expect(R.decStr(D("1.5e-3"))).toBe("0.0015");
    expect(R.decStr(D(" 2 "))).toBe("2");
    expect(R.decStr(D(".5"))).toBe("0.5");
    expect(R.decStr(D("+5."))).toBe("5");
    expect(R.decStr(D("-0"))).toBe("0");
    expect(R.decStr(D("000123.4500"))).toBe("123.45");
    expect(D("123456789012345678901234567890.123456789").toString()).toBe("123456789012345678901234567890.123456789");
    for (const bad of ["", ".", "abc", "1..2", "NaN", "Infinity", "1,5", "--1", "1e"])
      expect(() => D(bad)).toThrow(RangeError);
    expect(() => R.dec(true)).toThrow(TypeError);
  });

  it("reads numbers through their shortest decimal string, never binary arithmetic", () => {
    expect(ds(0.1)).toBe("0.1");
    expect(ds(1.005)).toBe("1.005");
    expect(ds(-0.3)).toBe("-0.3");
    expect(ds(123.456)).toBe("123.456");
    expect(ds(1e21)).toBe("1000000000000000000000");
    expect(ds(1.5e-7)).toBe("0.00000015");
    expect(ds(5e-324)).toBe("0." + "0".repeat(323) + "5");
    expect(ds(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(ds(2 ** 53 + 2)).toBe("9007199254740994");
    expect(ds(12n)).toBe("12");
    expect(() => R.dec(NaN)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const viaString = Number.isInteger(x) ? BigInt(x).toString() : String(x);
        expect(R.decCmp(R.dec(x), R.dec(viaString))).toBe(0);
        expect(R.decNum(R.dec(x))).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 3000 },
    );
    // decimals as users write them (the fast path)
    fc.assert(
      fc.property(decStrArb, (t) => {
        const x = Number(t);
        expect(R.decCmp(R.dec(x), R.dec(String(x)))).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it("add, sub, mul, compare, negate and abs are exact", () => {
    fc.assert(
      fc.property(decStrArb, decStrArb, (a, b) => {
        const ra = refDec(a);
        const rb = refDec(b);
        const s = Math.max(ra[1], rb[1]);
        const x = D(a);
        const y = D(b);
        const same = (d: Dec, u: bigint, sc: number): void => expect(R.decCmp(d, new Dec(u, sc))).toBe(0);
        same(R.decAdd(x, y), align(ra, s) + align(rb, s), s);
        same(R.decSub(x, y), align(ra, s) - align(rb, s), s);
        same(R.decMul(x, y), ra[0] * rb[0], ra[1] + rb[1]);
        same(R.decNeg(x), -ra[0], ra[1]);
        same(R.decAbs(x), ra[0] < 0n ? -ra[0] : ra[0], ra[1]);
        const c = align(ra, s) < align(rb, s) ? -1 : align(ra, s) > align(rb, s) ? 1 : 0;
        expect(R.decCmp(x, y)).toBe(c);
        expect(R.decAdd(x, y).s).toBe(s);
        expect(R.decMul(x, y).s).toBe(ra[1] + rb[1]);
      }),
      { numRuns: 2000 },
    );
  });

  it("ten 0.1 sum to exactly 1, and sums land exactly on thresholds", () => {
    const ten = Array<number>(10).fill(0.1);
    expect(ten.reduce((a, b) => a + b, 0)).not.toBe(1); // the float trap
    expect(R.decStr(R.sumDec(ten))).toBe("1");
    expect(R.cmp("=", R.sumDec(ten), 1)).toBe(true);
    expect(R.cmp(">=", R.sumDec(ten), 1)).toBe(true);
    expect(R.cmp(">", R.sumDec([0.1, 0.2]), 0.3)).toBe(false);
    expect(R.cmp("=", R.sumDec([0.1, 0.2]), D("0.3"))).toBe(true);
    expect(R.cmp(">=", R.sumDec([100.1, 399.9, 0.01, -0.01]), 500)).toBe(true);
    expect(R.cmp(">", R.sumDec(Array<number>(5).fill(100.02)), D("500.10"))).toBe(false);
    expect(R.cmp(">=", R.sumDec(Array<number>(5).fill(100.02)), D("500.10"))).toBe(true);
    let acc = R.dec(0);
    for (let i = 0; i < 1000; i++) acc = R.decAdd(acc, R.dec(0.001));
    expect(R.cmp("=", acc, 1)).toBe(true);
  });

  it("decRound rounds half away from zero, also to tens", () => {
    const r = (t: string, n: number): string => R.decRound(D(t), n).toString();
    expect(r("2.5", 0)).toBe("3");
    expect(r("-2.5", 0)).toBe("-3");
    expect(r("2.49", 0)).toBe("2");
    expect(r("1.005", 2)).toBe("1.01");
    expect(r("-1.005", 2)).toBe("-1.01");
    expect(r("1.004999", 2)).toBe("1.00");
    expect(r("1.5", 3)).toBe("1.5");
    expect(r("1250", -2)).toBe("1300");
    expect(r("-1250", -2)).toBe("-1300");
    expect(r("1249.99", -2)).toBe("1200");
    expect(r("0.05", 1)).toBe("0.1");
    expect(r("99999999999999999999.5", 0)).toBe("100000000000000000000");
    expect(r("-99999999999999999999.49", 0)).toBe("-99999999999999999999");
    expect(r("123456789.123456789123456789", 20)).toBe("123456789.123456789123456789");
    fc.assert(
      fc.property(decStrArb, fc.integer({ min: -3, max: 14 }), (t, n) => {
        const [u, s] = refDec(t);
        const got = R.decRound(D(t), n);
        if (n >= s) {
          expect(R.decCmp(got, D(t))).toBe(0);
          return;
        }
        const q = 10n ** BigInt(s - n);
        const a = u < 0n ? -u : u;
        let k = a / q;
        if ((a % q) * 2n >= q) k++;
        const want = n >= 0 ? new Dec(u < 0n ? -k : k, n) : new Dec((u < 0n ? -k : k) * 10n ** BigInt(-n), 0);
        expect(R.decCmp(got, want)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("converts to the nearest double and to canonical text", () => {
    expect(R.decNum(D("0.1"))).toBe(0.1);
    expect(R.decNum(D("1e30"))).toBe(1e30);
    expect(R.decNum(D("123456789012345678901234567890.5"))).toBe(1.2345678901234568e29);
    expect(R.decNum(D("0." + "0".repeat(30) + "1"))).toBe(1e-31);
    expect(R.decStr(new Dec(0, 3))).toBe("0");
    expect(new Dec(0, 3).toString()).toBe("0.000");
    expect(new Dec(-5, 3).toString()).toBe("-0.005");
    expect(JSON.stringify({ a: D("1.50") })).toBe('{"a":"1.50"}');
    fc.assert(
      fc.property(decStrArb, (t) => {
        expect(R.decNum(D(t))).toBe(Number(t) + 0); // + 0: a decimal has no negative zero
      }),
    );
  });

  it("keeps units as numbers while safe and BigInt beyond", () => {
    expect(typeof D("9007199254740991").u).toBe("number");
    expect(typeof D("9007199254740992").u).toBe("bigint");
    expect(typeof R.decSub(D("9007199254740992"), D("1")).u).toBe("number");
    expect(new Dec(10n, 0).u).toBe(10);
  });
});

// ---------------------------------------------------------------------------- numbers

describe("numbers: mixed int / decimal / float", () => {
  const big = 2n ** 53n + 1n;

  it("compares ints exactly, BigInt or number", () => {
    expect(R.cmp(">", big, 2 ** 53)).toBe(true);
    expect(R.cmp("=", big, 2 ** 53)).toBe(false);
    expect(R.cmp("<", 2 ** 53, big)).toBe(true);
    expect(R.cmp("=", 5n, 5)).toBe(true);
    expect(R.cmp("<", -(2n ** 63n), -(2n ** 62n))).toBe(true);
    expect(R.cmp(">", 2n ** 63n - 1n, 2n ** 63n - 2n)).toBe(true);
    expect(R.eq(9007199254740993n, 9007199254740993n)).toBe(true);
  });

  it("compares int with decimal exactly", () => {
    expect(R.cmp("<", D("0.99999999999999999999"), 1)).toBe(true);
    expect(R.cmp("=", D("1.0"), 1n)).toBe(true);
    expect(R.cmp("=", D("1.50"), 1.5)).toBe(true);
    expect(R.cmp(">", D("9007199254740993.5"), big)).toBe(true);
    expect(R.cmp("<", 0.1, D("0.10000000000000000001"))).toBe(true);
    expect(R.cmp("=", 0.1, D("0.1"))).toBe(true);
    expect(R.cmp(">", 1.5, 1n)).toBe(true);
    expect(R.cmp("<", -1.5, -1n)).toBe(true);
  });

  it("compares in double precision once num() converts both sides (a float is involved)", () => {
    expect(R.cmp("=", R.num(D("0.99999999999999999999")), R.num(1.0))).toBe(true);
    expect(R.cmp("=", R.num(big), R.num(2 ** 53))).toBe(true);
    expect(R.num(D("1.5"))).toBe(1.5);
    expect(R.num("2.5")).toBe(2.5);
    expect(R.num(null)).toBe(null);
    expect(R.num(undefined)).toBe(null);
    expect(() => R.num("x")).toThrow(TypeError);
    expect(() => R.num("")).toThrow(TypeError);
  });

  it("reads numeric text meeting a number as a number (pg returns numeric as text)", () => {
    expect(R.cmp("=", "12.50", 12.5)).toBe(true);
    expect(R.cmp("<", D("9.5"), "10.25")).toBe(true);
    expect(R.intIn("9007199254740993")).toBe(9007199254740993n);
    expect(R.intIn("42")).toBe(42);
    expect(R.intIn(2n ** 10n)).toBe(1024);
    expect(R.intIn(undefined)).toBe(null);
    expect(R.decIn("1.50")).toBeInstanceOf(Dec);
    expect(R.decIn(1.5)).toBe(1.5);
    expect(R.decIn(null)).toBe(null);
    expect(() => R.intIn({})).toThrow(TypeError);
  });

  it("arithmetic is exact for ints and decimals", () => {
    expect(R.add(2 ** 53 - 1, 2)).toBe(2n ** 53n + 1n);
    expect(R.add(1, 2)).toBe(3);
    expect(R.sub(-(2 ** 53), 5)).toBe(-(2n ** 53n) - 5n);
    expect(R.mul(2 ** 40, 2 ** 40)).toBe(2n ** 80n);
    expect(R.mul(3n, 4)).toBe(12);
    expect(ds(R.add(0.1, 0.2))).toBe("0.3");
    expect(ds(R.add(D("1.25"), 2))).toBe("3.25");
    expect(ds(R.sub(D("1.25"), 2n))).toBe("-0.75");
    expect(ds(R.mul(D("1.1"), D("1.1")))).toBe("1.21");
    expect(R.add(null, 1)).toBe(null);
    expect(R.mul(1, undefined)).toBe(null);
    expect(R.neg(5)).toBe(-5);
    expect(R.neg(0)).toBe(0);
    expect(R.neg(-(2n ** 60n))).toBe(2n ** 60n);
    expect(R.neg(-(2n ** 53n))).toBe(2n ** 53n);
    expect(ds(R.neg(D("1.5")))).toBe("-1.5");
    expect(R.neg(null)).toBe(null);
  });

  it("float arithmetic is double precision", () => {
    expect(R.addF(0.1, 0.2)).toBe(0.30000000000000004);
    expect(R.subF(D("1.5"), 0.25)).toBe(1.25);
    expect(R.mulF(3n, 0.5)).toBe(1.5);
    expect(R.addF(null, 1)).toBe(null);
    expect(R.subF(1, undefined)).toBe(null);
    expect(R.mulF(null, null)).toBe(null);
  });

  it("div is double division, null on zero or null", () => {
    expect(R.div(1, 2)).toBe(0.5);
    expect(R.div(7n, 2)).toBe(3.5);
    expect(R.div(-7, 2)).toBe(-3.5);
    expect(R.div(D("1"), D("3"))).toBe(1 / 3);
    expect(R.div(1, 0)).toBe(null);
    expect(R.div(1, 0n)).toBe(null);
    expect(R.div(1, D("0.00"))).toBe(null);
    expect(R.div(0, 0)).toBe(null);
    expect(R.div(null, 1)).toBe(null);
    expect(R.div(1, null)).toBe(null);
  });

  it("abs and round keep the type; round is half away from zero", () => {
    expect(R.abs(-3)).toBe(3);
    expect(R.abs(-(2n ** 60n))).toBe(2n ** 60n);
    expect(R.abs(-5n)).toBe(5); // ints come back as numbers while safe
    expect(ds(R.abs(D("-1.50")))).toBe("1.5");
    expect(R.abs(null)).toBe(null);
    expect(R.round(2.5)).toBe(3);
    expect(R.round(-2.5)).toBe(-3);
    expect(R.round(0.5)).toBe(1);
    expect(R.round(-0.5)).toBe(-1);
    expect(R.round(1.005, 2)).toBe(1.01);
    expect(R.round(0.285, 2)).toBe(0.29);
    expect(R.round(-1.005, 2)).toBe(-1.01);
    expect(R.round(1.23456, 3)).toBe(1.235);
    expect(R.round(1234.5678, -2)).toBe(1200);
    expect(R.round(1250, -2)).toBe(1300);
    expect(R.round(-1250, -2)).toBe(-1300);
    expect(R.round(7, 2)).toBe(7);
    expect(R.round(2n ** 60n + 55n, -1)).toBe(2n ** 60n + 54n); // ...7031 -> ...7030
    expect(R.round(2n ** 60n + 59n, -1)).toBe(2n ** 60n + 64n); // ...7035 -> ...7040
    expect(R.round(15n, -1)).toBe(20);
    expect(R.round(15n, 1)).toBe(15);
    expect(R.round(D("2.345"), 2)).toBeInstanceOf(Dec);
    expect(R.round(D("2.345"), 2)!.toString()).toBe("2.35");
    expect(R.round(D("-2.5"))!.toString()).toBe("-3");
    expect(R.round(null, 2)).toBe(null);
    expect(R.round(1.5, null)).toBe(null);
    expect(R.round(1.25, 1n)).toBe(1.3);
    // Math.round and toFixed are what this avoids:
    expect(Math.round(-2.5)).toBe(-2);
    expect((1.005).toFixed(2)).toBe("1.00");
  });
});

// ---------------------------------------------------------------------------- comparison and predicates

// Reference code-point comparison.
function cpCmp(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}
const cpArb = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xd7f0, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0xe010 }),
  fc.integer({ min: 0xfff0, max: 0xffff }),
  fc.integer({ min: 0x10000, max: 0x10010 }),
  fc.integer({ min: 0x1f600, max: 0x1f610 }),
  fc.integer({ min: 0x10fff0, max: 0x10ffff }),
);
const uniStr = fc.array(cpArb, { maxLength: 6 }).map((cs) => String.fromCodePoint(...cs));

describe("comparison", () => {
  it("orders strings by code point, not UTF-16 unit", () => {
    expect("\uFFFF" < "😀").toBe(false); // the JS trap
    expect(R.cmp("<", "\uFFFF", "😀")).toBe(true);
    expect(R.cmp("<", "\uE000", "\u{10000}")).toBe(true);
    expect(R.cmp(">", "a😀", "a\uFFFF")).toBe(true);
    expect(R.cmp("<", "B", "a")).toBe(true);
    expect(R.cmp("<", "a", "ab")).toBe(true);
    expect(R.cmp("=", "a", "a ")).toBe(false);
    expect(R.cmp("=", "é", "e\u0301")).toBe(false);
    expect(R.strCmp("", "")).toBe(0);
    // lone surrogates order as their own code points
    expect(R.strCmp("\uD83D", "\uE000")).toBe(-1);
    expect(R.strCmp("\uD83Dx", "\uD83D\uDE00")).toBe(-1);
    expect(R.strCmp("\uDC00", "\uFFFF")).toBe(-1);
    expect(R.strCmp("\uD800\uE000", "\uD800\uD801\uDC00")).toBe(-1);
    // any UTF-16 text, lone surrogates included (Array.from yields them as single code points)
    const units = fc.string({
      unit: fc.integer({ min: 0xd7fe, max: 0xe001 }).map((c) => String.fromCharCode(c)),
      maxLength: 5,
    });
    fc.assert(
      fc.property(units, units, (a, b) => {
        expect(R.strCmp(a, b)).toBe(cpCmp(a, b));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(uniStr, uniStr, (a, b) => {
        expect(R.strCmp(a, b)).toBe(cpCmp(a, b));
        expect(R.strCmp(b, a)).toBe(cpCmp(b, a));
      }),
      { numRuns: 3000 },
    );
  });

  it("cmp covers every operator and kind", () => {
    const cases: [unknown, unknown][] = [
      [1, 2],
      [2n, 3],
      [D("1.5"), D("1.75")],
      ["a", "b"],
      [false, true],
      [T("2024-01-01"), T("2024-01-02")],
      [new Date(0), new Date(1)],
      [new Date(0), 1],
    ];
    for (const [lo, hi] of cases) {
      expect([R.cmp("<", lo, hi), R.cmp("<=", lo, hi), R.cmp(">", lo, hi), R.cmp(">=", lo, hi)]).toEqual([
        true,
        true,
        false,
        false,
      ]);
      expect([R.cmp("=", lo, hi), R.cmp("!=", lo, hi), R.cmp("==", lo, lo), R.cmp("<>", lo, lo)]).toEqual([
        false,
        true,
        true,
        false,
      ]);
      expect([R.lt(lo, hi), R.le(hi, hi), R.gt(hi, lo), R.ge(lo, hi), R.eq(lo, lo), R.ne(lo, hi)]).toEqual([
        true,
        true,
        true,
        false,
        true,
        true,
      ]);
      expect([
        R.lt(null, hi),
        R.le(lo, null),
        R.gt(undefined, lo),
        R.ge(lo, undefined),
        R.eq(null, null),
        R.ne(lo, null),
      ]).toEqual([null, null, null, null, null, null]);
      expect(R.order(lo, hi)).toBe(-1);
      expect(R.order(hi, lo)).toBe(1);
    }
    expect(() => R.cmp("~", 1, 2)).toThrow(RangeError);
    expect(() => R.cmp("<", "a", true)).toThrow(TypeError);
    expect(() => R.order({}, 1)).toThrow(TypeError);
  });

  it("between is inclusive and Kleene", () => {
    expect(R.between(1, 1, 3)).toBe(true);
    expect(R.between(3, 1, 3)).toBe(true);
    expect(R.between(0, 1, 3)).toBe(false);
    expect(R.between(null, 1, 3)).toBe(null);
    expect(R.between(2, null, 3)).toBe(null);
    expect(R.between(5, null, 3)).toBe(false); // x <= hi is false whatever lo is
    expect(R.between(0, 1, null)).toBe(false);
    expect(R.between(D("1.00"), 1, 1n)).toBe(true);
    expect(R.between("b", "a", "c")).toBe(true);
    expect(R.not3(R.between(2, null, 3))).toBe(null);
  });

  it("in has SQL semantics", () => {
    expect(R.inList(1, [1, 2])).toBe(true);
    expect(R.inList(1, [2, null])).toBe(null);
    expect(R.inList(1, [1, null])).toBe(true);
    expect(R.inList(3, [1, 2])).toBe(false);
    expect(R.inList(null, [1, 2])).toBe(null);
    expect(R.inList(undefined, [null])).toBe(null);
    expect(R.inList(null, [])).toBe(false);
    expect(R.inList(1n, [1])).toBe(true);
    expect(R.inList(D("1.50"), [1.5])).toBe(true);
    expect(R.inList("a", ["A", "b"])).toBe(false);
    expect(R.not3(R.inList(1, [2, null]))).toBe(null);
  });

  it("string predicates are case-sensitive, literal and null-propagating", () => {
    expect(R.contains("50% off", "%")).toBe(true);
    expect(R.contains("abc", "_")).toBe(false);
    expect(R.contains("Hello", "hello")).toBe(false);
    expect(R.contains("Hello", "")).toBe(true);
    expect(R.contains(null, "a")).toBe(null);
    expect(R.contains("a", null)).toBe(null);
    expect(R.startsWith("a_b", "a_")).toBe(true);
    expect(R.startsWith("axb", "a_")).toBe(false);
    expect(R.startsWith("😀x", "😀")).toBe(true);
    expect(R.startsWith(undefined, "a")).toBe(null);
    expect(R.endsWith("report.PDF", ".pdf")).toBe(false);
    expect(R.endsWith("x😀", "😀")).toBe(true);
    expect(R.endsWith("", "")).toBe(true);
    expect(R.endsWith("a", undefined)).toBe(null);
  });
});

// ---------------------------------------------------------------------------- time

describe("time", () => {
  it("reads ISO text as UTC, Dates, epoch ms and BigInt", () => {
    expect(T("2024-12-01")).toBe(Date.UTC(2024, 11, 1));
    expect(T("2024-12-01T09:30:00Z")).toBe(Date.UTC(2024, 11, 1, 9, 30));
    expect(T("2024-12-01 09:30:00")).toBe(Date.UTC(2024, 11, 1, 9, 30));
    expect(T("2024-12-01T09:30:00")).toBe(Date.UTC(2024, 11, 1, 9, 30)); // JS Date would read local time
    expect(T("2024-12-01t09:30z")).toBe(Date.UTC(2024, 11, 1, 9, 30));
    expect(T("2024-12-01T09:30:00.5Z")).toBe(Date.UTC(2024, 11, 1, 9, 30, 0, 500));
    expect(T("2024-12-01T09:30:00.123456Z")).toBe(Date.UTC(2024, 11, 1, 9, 30, 0, 123));
    expect(T("2024-12-01T09:30:00,12")).toBe(Date.UTC(2024, 11, 1, 9, 30, 0, 120));
    expect(T("2024-12-01T09:30:00+02:00")).toBe(Date.UTC(2024, 11, 1, 7, 30));
    expect(T("2024-12-01T09:30:00-0530")).toBe(Date.UTC(2024, 11, 1, 15, 0));
    expect(T("2024-12-01 01:30:00+14")).toBe(Date.UTC(2024, 10, 30, 11, 30));
    expect(T("2024-12-01 09:30:00.999+00")).toBe(Date.UTC(2024, 11, 1, 9, 30, 0, 999));
    expect(T("0001-01-01")).toBe(Date.UTC(2000, 0, 1) - 730119 * 86_400_000);
    expect(T("0099-03-01")).toBe(new Date("0099-03-01T00:00:00Z").getTime());
    expect(T("1969-12-31T23:59:59.999Z")).toBe(-1);
    expect(R.toMs(new Date(Date.UTC(2024, 0, 1)))).toBe(Date.UTC(2024, 0, 1));
    expect(R.toMs(1733045400000)).toBe(1733045400000);
    expect(R.toMs(1733045400000n)).toBe(1733045400000);
    expect(R.toMs(1.9)).toBe(1);
    expect(R.toMs(-1.5)).toBe(-2);
    expect(R.toMs(null)).toBe(null);
    expect(R.toMs(undefined)).toBe(null);
    for (const bad of [
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-12-01T24:00",
      "2024-12-01T09:60",
      "2024-12-01T09:30:60",
      "2024-12-01T09",
      "2024-12-01T09:30:00.",
      "2024-12-01T09:30:00+2",
      "2024-12-01Z",
      "12/01/2024",
      "2024-1-1",
      " 2024-12-01",
      "2024-12-01 ",
      "",
    ])
      expect(() => R.toMs(bad), bad).toThrow(RangeError);
    expect(() => R.toMs(new Date(NaN))).toThrow(RangeError);
    expect(() => R.toMs(Infinity)).toThrow(RangeError);
    expect(() => R.toMs(true)).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0100-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (d) => {
          expect(R.toMs(d.toISOString())).toBe(d.getTime());
          expect(R.toMs(d.toISOString().replace("T", " ").replace("Z", ""))).toBe(d.getTime());
        },
      ),
    );
  });

  it("does not depend on the process time zone", () => {
    const localMidnight = new Date(2024, 11, 1).getTime(); // local time: differs from UTC under TZ=...
    expect(R.toMs("2024-12-01")).toBe(Date.UTC(2024, 11, 1));
    expect(R.hour(localMidnight)).toBe(new Date(localMidnight).getUTCHours());
    expect(R.day(localMidnight)).toBe(new Date(localMidnight).getUTCDate());
    const d = new Date(localMidnight);
    expect(R.dateOf(localMidnight)).toBe(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    // proves the TZ of the test run reached this process
    const offset = new Date(2024, 0, 1).getTimezoneOffset();
    if (process.env.TZ === "America/Los_Angeles") expect(offset).toBe(480);
    if (process.env.TZ === "Pacific/Kiritimati") expect(offset).toBe(-840);
  });

  it("shifts exact units by milliseconds", () => {
    const t = T("2024-03-10T01:30:00Z"); // a US DST night: irrelevant in UTC
    expect(iso(R.shift(t, 1, "hour"))).toBe("2024-03-10T02:30:00.000Z");
    expect(iso(R.shift(t, 90, "minutes"))).toBe("2024-03-10T03:00:00.000Z");
    expect(iso(R.shift(t, -1, "day"))).toBe("2024-03-09T01:30:00.000Z");
    expect(iso(R.shift(t, 2, "weeks"))).toBe("2024-03-24T01:30:00.000Z");
    expect(iso(R.shift(t, 1.5, "days"))).toBe("2024-03-11T13:30:00.000Z");
    expect(R.shift(null, 1, "day")).toBe(null);
    expect(R.shift("2024-01-01", 1, "day")).toBe(T("2024-01-02"));
    expect(() => R.shift(t, 1, "fortnight")).toThrow(RangeError);
  });

  it("shifts calendar units and clamps to the month's last day", () => {
    const s = (d: string, n: number, u: string): string | null => iso(R.shift(T(d), n, u));
    expect(s("2024-03-31", -1, "month")).toBe("2024-02-29T00:00:00.000Z");
    expect(s("2023-03-31", -1, "month")).toBe("2023-02-28T00:00:00.000Z");
    expect(s("2024-01-31", 1, "month")).toBe("2024-02-29T00:00:00.000Z");
    expect(s("2024-02-29", 1, "year")).toBe("2025-02-28T00:00:00.000Z");
    expect(s("2024-02-29", 4, "years")).toBe("2028-02-29T00:00:00.000Z");
    expect(s("2024-02-29", -100, "years")).toBe("1924-02-29T00:00:00.000Z");
    expect(s("2000-02-29", 100, "years")).toBe("2100-02-28T00:00:00.000Z");
    expect(s("2024-05-31", -1, "quarter")).toBe("2024-02-29T00:00:00.000Z");
    expect(s("2024-11-30", 1, "quarters")).toBe("2025-02-28T00:00:00.000Z");
    expect(s("2024-12-15T23:59:59.999Z", 1, "month")).toBe("2025-01-15T23:59:59.999Z");
    expect(s("2024-01-15T08:00:00Z", -13, "months")).toBe("2022-12-15T08:00:00.000Z");
    expect(s("1970-01-31T12:00:00Z", -11, "months")).toBe("1969-02-28T12:00:00.000Z");
    expect(s("2024-08-31T10:00:00Z", -6, "months")).toBe("2024-02-29T10:00:00.000Z");
    expect(() => R.shift(T("2024-01-01"), 0.5, "month")).toThrow(RangeError);
    // reference: move the month with Date.UTC arithmetic, then clamp by hand
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -400, max: 400 }),
        (d, n) => {
          const y = d.getUTCFullYear();
          const m = d.getUTCMonth() + n;
          const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
          const want = Date.UTC(
            y,
            m,
            Math.min(d.getUTCDate(), last),
            d.getUTCHours(),
            d.getUTCMinutes(),
            d.getUTCSeconds(),
            d.getUTCMilliseconds(),
          );
          expect(R.shift(d.getTime(), n, "month")).toBe(want);
          if (n % 3 === 0) expect(R.shift(d, n / 3, "quarter")).toBe(want);
          if (n % 12 === 0) expect(R.shift(d, n / 12, "year")).toBe(want);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("extracts calendar fields in UTC", () => {
    const t = T("2024-12-01T23:30:00Z"); // a Sunday; already 2 December in Kiritimati
    expect([R.year(t), R.month(t), R.day(t), R.hour(t), R.dayOfWeek(t)]).toEqual([2024, 12, 1, 23, 7]);
    expect(R.dayOfWeek(T("2024-06-03"))).toBe(1); // Monday
    expect(R.dayOfWeek(T("1970-01-01"))).toBe(4); // Thursday
    expect(R.dayOfWeek(T("1969-12-29T23:59:59Z"))).toBe(1);
    expect(R.hour(T("1969-12-31T23:59:59.999Z"))).toBe(23);
    expect(R.year("1969-12-31T23:59:59Z")).toBe(1969);
    expect(iso(R.dateOf(t))).toBe("2024-12-01T00:00:00.000Z");
    expect(iso(R.dateOf(T("1969-07-20T20:17:00Z")))).toBe("1969-07-20T00:00:00.000Z");
    for (const f of [R.year, R.month, R.day, R.hour, R.dayOfWeek, R.dateOf]) expect(f(null)).toBe(null);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
        (d) => {
          const t = d.getTime();
          expect(R.year(t)).toBe(d.getUTCFullYear());
          expect(R.month(t)).toBe(d.getUTCMonth() + 1);
          expect(R.day(t)).toBe(d.getUTCDate());
          expect(R.hour(t)).toBe(d.getUTCHours());
          expect(R.dayOfWeek(t)).toBe(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
          expect(R.dateOf(t)).toBe(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("counts whole days, rounding down", () => {
    const now = T("2024-12-10T12:00:00Z");
    expect(R.daysSince(T("2024-12-09T12:00:00Z"), now)).toBe(1);
    expect(R.daysSince(T("2024-12-09T12:00:00.001Z"), now)).toBe(0);
    expect(R.daysSince(now + 1, now)).toBe(-1);
    expect(R.daysSince(now, now)).toBe(0);
    expect(R.daysSince(null, now)).toBe(null);
    expect(R.daysBetween("2024-01-01", "2024-03-01")).toBe(60);
    expect(R.daysBetween("2024-03-01", "2024-01-01")).toBe(-60);
    expect(R.daysBetween("2024-01-01T00:00:01Z", "2024-01-01")).toBe(-1);
    expect(R.daysBetween(null, "2024-01-01")).toBe(null);
    expect(R.daysBetween("2024-01-01", undefined)).toBe(null);
  });

  it("within and inWindow are half-open", () => {
    const now = T("2024-12-10");
    const start = R.shift(now, -30, "days");
    expect(R.within(start, start, now)).toBe(true);
    expect(R.within(now, start, now)).toBe(false);
    expect(R.within(now - 1, start, now)).toBe(true);
    expect(R.within(start! - 1, start, now)).toBe(false);
    expect(R.within(null, start, now)).toBe(null);
    expect(R.within("2024-12-01", start, now)).toBe(true);
    expect(R.inWindow(start, start!, now, now)).toBe(true);
    expect(R.inWindow(now, start!, now + 5, now)).toBe(false); // at now: never seen
    expect(R.inWindow(now - 1, start!, now + 5, now)).toBe(true);
    expect(R.inWindow(null, start!, now, now)).toBe(false);
  });
});

// ---------------------------------------------------------------------------- strings

describe("strings", () => {
  it("lower / upper fold the full Unicode range with simple mappings", () => {
    expect(R.lower("ÉCOLE Über")).toBe("école über");
    expect(R.upper("école")).toBe("ÉCOLE");
    expect(R.upper("straße")).toBe("STRAßE"); // no ß -> SS (one code point each)
    expect(R.upper("ﬁx")).toBe("ﬁX");
    expect(R.upper("ᾳ ᾀ")).toBe("ᾼ ᾈ");
    expect(R.lower("ΟΔΟΣ")).toBe("οδοσ"); // no final-sigma context rule
    expect(R.lower("İ")).toBe("i");
    expect(R.upper("😀a𐐨")).toBe("😀A𐐀");
    expect(R.lower("𐐀")).toBe("𐐨");
    expect(R.lower(null)).toBe(null);
    expect(R.upper(undefined)).toBe(null);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(R.length(R.upper(s))).toBe(R.length(s));
        expect(R.length(R.lower(s))).toBe(R.length(s));
      }),
    );
  });

  it("length counts code points", () => {
    expect(R.length("é😀")).toBe(2);
    expect(R.length("e\u0301")).toBe(2);
    expect(R.length("")).toBe(0);
    expect(R.length("\uD83D")).toBe(1);
    expect(R.length("\uDE00\uD83D")).toBe(2);
    expect(R.length(null)).toBe(null);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(R.length(s)).toBe(Array.from(s).length);
      }),
    );
  });

  it("trim removes only U+0020 at both ends", () => {
    expect(R.trim("  a b  ")).toBe("a b");
    expect(R.trim("\ta\n")).toBe("\ta\n");
    expect(R.trim("\u00a0a\u00a0")).toBe("\u00a0a\u00a0");
    expect(R.trim("    ")).toBe("");
    expect(R.trim("x")).toBe("x");
    expect(R.trim(null)).toBe(null);
  });

  it("coalesce returns the first non-null", () => {
    expect(R.coalesce(null, undefined, 0, 1)).toBe(0);
    expect(R.coalesce(null, "", "a")).toBe("");
    expect(R.coalesce(false, true)).toBe(false);
    expect(R.coalesce(null, undefined)).toBe(null);
    expect(R.coalesce()).toBe(null);
  });
});

// ---------------------------------------------------------------------------- aggregates

describe("aggregates", () => {
  it("count and any / none skip nulls", () => {
    expect(R.count([])).toBe(0);
    expect(R.count([{}, {}, {}])).toBe(3);
    expect(R.count([1, null, undefined, 0])).toBe(2);
    expect(R.any([])).toBe(false);
    expect(R.any([null])).toBe(false);
    expect(R.any([{}])).toBe(true);
    expect(R.none([])).toBe(true);
    expect(R.none([0])).toBe(false);
  });

  it("sumInt is exact, BigInt past 2^53, 0 when empty", () => {
    expect(R.sumInt([])).toBe(0);
    expect(R.sumInt([null, undefined])).toBe(0);
    expect(R.sumInt([1, 2, null, 3])).toBe(6);
    expect(R.sumInt([2 ** 53 - 1, 2])).toBe(2n ** 53n + 1n);
    expect(R.sumInt([2 ** 53 - 1, 2, -3])).toBe(2 ** 53 - 2);
    expect(R.sumInt([2n ** 63n - 1n, 1, -1n])).toBe(2n ** 63n - 1n);
    expect(R.sumInt([1, "2", 3n])).toBe(6);
    expect(() => R.sumInt([1, 1.5])).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer(), fc.constant(null))),
        (xs) => {
          const want = xs.reduce<bigint>((a, x) => a + BigInt(x ?? 0), 0n);
          expect(BigInt(R.sumInt(xs))).toBe(want);
          const got = R.sumInt(xs);
          expect(
            typeof got === "number"
              ? Number.isSafeInteger(got)
              : got > BigInt(Number.MAX_SAFE_INTEGER) || got < -BigInt(Number.MAX_SAFE_INTEGER),
          ).toBe(true);
        },
      ),
    );
  });

  it("sumDec is exact at the largest scale, 0 when empty", () => {
    expect(R.sumDec([]).toString()).toBe("0");
    expect(R.sumDec([], 2).toString()).toBe("0.00");
    expect(R.sumDec([1.5, 2.25, null], 2).toString()).toBe("3.75");
    expect(R.sumDec([1.5, 2.25, "3.125", D("0.0001"), 2n]).toString()).toBe("8.8751");
    expect(R.sumDec(Array<number>(11).fill(9007199254740.99)).toString()).toBe("99079191802150.89"); // past 2^53 units
    expect(R.sumDec(["99999999999999999999.99", 0.01]).toString()).toBe("100000000000000000000.00");
    expect(R.sumDec([1e-20, 1]).toString()).toBe("1.00000000000000000001");
    fc.assert(
      fc.property(fc.array(fc.oneof(decStrArb, fc.constant(null))), fc.boolean(), (ts, asNumber) => {
        const xs = ts.map((t) => (t === null ? null : asNumber ? Number(t) : t));
        const refs = xs.filter((x) => x !== null).map((x) => refDec(typeof x === "number" ? R.decStr(R.dec(x)) : x));
        const s = refs.reduce((m, r) => Math.max(m, r[1]), 0);
        const want = refs.reduce((a, r) => a + align(r, s), 0n);
        expect(R.decCmp(R.sumDec(xs), new Dec(want, s))).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it("DecSum accumulates exactly without an array and can be reused", () => {
    const acc = new R.DecSum();
    acc.reset(2);
    for (const x of [0.1, null, 0.2, 100.005, "1.10", 2n, D("0.0001")]) acc.add(x);
    expect(acc.value().toString()).toBe("103.4051");
    expect(acc.n).toBe(6);
    acc.reset(2);
    expect(acc.value().toString()).toBe("0.00");
    expect(acc.n).toBe(0);
    for (let i = 0; i < 11; i++) acc.add(9007199254740.99); // leaves the double fast path
    expect(acc.value().toString()).toBe("99079191802150.89");
    acc.add(0.01);
    expect(acc.value().toString()).toBe("99079191802150.90");
    acc.reset();
    acc.add(2.5);
    acc.add(1);
    expect(acc.value().toString()).toBe("3.5");
    acc.reset(2);
    for (const x of Array<number>(10).fill(0.1)) acc.add(x);
    expect([acc.cmp("=", 1), acc.cmp(">=", D("1.00")), acc.cmp(">", D("0.999")), acc.cmp("<", D("1.0001"))]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([acc.cmp("=", 1.0), acc.cmp("<", 2n), acc.cmp("!=", 1), acc.cmp(">", null)]).toEqual([
      true,
      true,
      false,
      null,
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(null))),
        fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map(R.dec), fc.bigInt()),
        (xs, b) => {
          acc.reset(2);
          for (const x of xs) acc.add(x);
          for (const op of ["<", "<=", "=", "!=", ">", ">="]) expect(acc.cmp(op, b)).toBe(R.cmp(op, acc.value(), b));
        },
      ),
    );
    acc.reset(3);
    acc.add(1e300);
    acc.add(1);
    expect(R.decCmp(acc.value(), R.add(R.dec(1e300), 1) as Dec)).toBe(0);
  });

  it("sumFloat and the averages", () => {
    expect(R.sumFloat([])).toBe(0);
    expect(R.sumFloat([0.5, null, 0.25, D("1")])).toBe(1.75);
    expect(R.avgFloat([])).toBe(null);
    expect(R.avgFloat([1, 2, null])).toBe(1.5);
    expect(R.avgInt([])).toBe(null);
    expect(R.avgInt([1, 2, 2])).toBe(5 / 3);
    expect(R.avgInt([2 ** 53, 1, 0])).toBe(Number(2n ** 53n + 1n) / 3);
    expect(R.avgDec([null])).toBe(null);
    expect(R.avgDec(Array<number>(10).fill(0.1))).toBe(0.1); // exact sum 1, then 1 / 10
    expect(R.avgDec(["1.10", 2.2, null])).toBe(1.65);
  });

  it("min / max are type-aware, ignore nulls, null when empty", () => {
    expect(R.min([])).toBe(null);
    expect(R.max([null, undefined])).toBe(null);
    expect(R.min([3, null, 1, 2])).toBe(1);
    expect(R.max([3, null, 1, 2])).toBe(3);
    expect(R.max([2 ** 53, 2n ** 53n + 1n])).toBe(2n ** 53n + 1n);
    expect(R.min([D("1.50"), 1.4, D("1.45")])).toBe(1.4);
    expect(R.max([D("0.10000000000000000001"), 0.1])!.toString()).toBe("0.10000000000000000001");
    expect(R.max(["a", "\uFFFF", "😀", "b"])).toBe("😀");
    expect(R.min(["b", "B", "a"])).toBe("B");
    expect(R.max([T("2024-01-01"), T("2024-02-01")])).toBe(T("2024-02-01"));
    expect(R.max([false, true, null])).toBe(true);
  });

  it("distinctCount: nulls ignored, decimals by value, strings exact", () => {
    expect(R.distinctCount([])).toBe(0);
    expect(R.distinctCount([null, undefined])).toBe(0);
    expect(R.distinctCount([1.5, D("1.50"), D("1.5"), "x", "X", null])).toBe(3);
    expect(R.distinctCount([2 ** 60, 2n ** 60n, D("1152921504606846976")])).toBe(1);
    expect(R.distinctCount([2n ** 60n + 1n, D("1152921504606846977"), 2 ** 60])).toBe(2);
    expect(R.distinctCount([D("0.10000000000000000001"), 0.1, D("0.1")])).toBe(2);
    expect(R.distinctCount([1, 1n, D("1.000")])).toBe(1);
    expect(R.distinctCount(["é", "e\u0301"])).toBe(2);
    expect(R.distinctCount([new Date(5), new Date(5)])).toBe(1);
  });

  it("mostFrequent: nulls ignored, ties go to the smallest value", () => {
    expect(R.mostFrequent([])).toBe(null);
    expect(R.mostFrequent([null, null, "a"])).toBe("a");
    expect(R.mostFrequent(["web", "app", "web", "app"])).toBe("app");
    expect(R.mostFrequent(["b", "a", "b"])).toBe("b");
    expect(R.mostFrequent(["😀", "\uFFFF"])).toBe("\uFFFF");
    expect(R.mostFrequent(["a", "B"])).toBe("B");
    expect(R.mostFrequent([3, 1, 3, 1, 2])).toBe(1);
    expect(R.decStr(R.dec(R.mostFrequent([D("2.50"), 2.5, 1, 1, 3])))).toBe("1");
    expect(R.decStr(R.dec(R.mostFrequent([D("2.50"), 2.5, 1, 3])))).toBe("2.5");
    expect(R.mostFrequent([T("2024-02-01"), T("2024-01-01")])).toBe(T("2024-01-01"));
  });

  it("latest / earliest: the value on the extreme event; ties to the smallest value", () => {
    const at = [T("2024-01-01"), T("2024-03-01"), T("2024-02-01")];
    expect(R.latest(["a", "c", "b"], at)).toBe("c");
    expect(R.earliest(["a", "c", "b"], at)).toBe("a");
    expect(R.latest(at, at)).toBe(T("2024-03-01"));
    expect(R.latest([], [])).toBe(null);
    const tied = [T("2024-03-01"), T("2024-03-01"), T("2024-01-01"), T("2024-03-01")];
    expect(R.latest(["web", "app", "zzz", "email"], tied)).toBe("app");
    expect(R.latest([5, 2, 1, 9], tied)).toBe(2);
    expect(R.latest(["😀", "\uFFFF", "a", "😀"], tied)).toBe("\uFFFF");
    // nulls on tied events are skipped unless all are null (SQL: MIN(v) among the events at MAX(t))
    expect(R.latest([null, 7, 1, null], tied)).toBe(7);
    expect(R.latest([null, null, 1, null], tied)).toBe(null);
    // the latest event's value is null: null, not an earlier event's value
    expect(R.latest(["a", null], [T("2024-01-01"), T("2024-02-01")])).toBe(null);
    expect(R.earliest([3, 1], [T("2024-01-01"), "2024-01-01"])).toBe(1);
    expect(R.earliest([3, 1], [null, "2024-01-02"])).toBe(1);
    expect(R.latest([T("2024-01-01"), T("2023-01-01")], [5, 5])).toBe(T("2023-01-01"));
  });

  it("share is a double, null without events", () => {
    expect(R.share(1, 3)).toBe(1 / 3);
    expect(R.share(0, 0)).toBe(null);
    expect(R.share(2n, 4n)).toBe(0.5);
  });
});

// ---------------------------------------------------------------------------- buckets

describe("windows and buckets", () => {
  it("computes boundaries back from the end, calendar units clamped", () => {
    const b = R.bucketBounds(T("2024-02-29"), T("2024-05-31"), "month").map(iso);
    expect(b).toEqual(["2024-05-31", "2024-04-30", "2024-03-31", "2024-02-29"].map((d) => d + "T00:00:00.000Z"));
    const w = R.bucketBounds(T("2024-11-12"), T("2024-12-10"), "week");
    expect(w.map(iso)).toEqual(
      ["2024-12-10", "2024-12-03", "2024-11-26", "2024-11-19", "2024-11-12"].map((d) => d + "T00:00:00.000Z"),
    );
    const now = T("2024-05-31T10:00:00Z");
    expect(R.bucketBounds(R.shift(now, -3, "months"), now, "month")).toHaveLength(4);
    expect(R.bucketBounds(T("2024-01-01"), T("2024-01-01"), "day")).toEqual([T("2024-01-01")]);
    expect(R.bucketBounds(T("2024-01-02"), T("2024-01-01"), "day")).toEqual([T("2024-01-01")]);
    expect(() => R.bucketBounds(T("2024-01-01"), T("2024-05-31"), "month")).toThrow(/whole number of months/);
    expect(() => R.bucketBounds(T("2024-01-01"), T("2024-01-11"), "week")).toThrow(RangeError);
    expect(() => R.bucketBounds(null, T("2024-01-11"), "week")).toThrow(RangeError);
  });

  it("places events by half-open buckets, ignoring events at or after now", () => {
    const b = R.bucketBounds(T("2024-02-29"), T("2024-05-31"), "month");
    const now = T("2024-06-15");
    expect(R.bucketIndex(T("2024-05-30T23:59:59.999Z"), b, now)).toBe(0);
    expect(R.bucketIndex(T("2024-05-31"), b, now)).toBe(-1); // the end is outside
    expect(R.bucketIndex(T("2024-04-30"), b, now)).toBe(0); // a boundary starts the later bucket
    expect(R.bucketIndex(T("2024-04-29T23:59:59.999Z"), b, now)).toBe(1);
    expect(R.bucketIndex(T("2024-03-31"), b, now)).toBe(1);
    expect(R.bucketIndex(T("2024-02-29"), b, now)).toBe(2); // the start is inside
    expect(R.bucketIndex(T("2024-02-28T23:59:59.999Z"), b, now)).toBe(-1);
    expect(R.bucketIndex(null, b, now)).toBe(-1);
    expect(R.bucketIndex(T("2024-05-01"), b, T("2024-05-01"))).toBe(-1); // at now
    expect(R.bucketIndex(T("2024-04-30T12:00:00Z"), b, T("2024-05-01"))).toBe(0);
    expect(R.bucketIndex("2024-03-15", b, now)).toBe(2);
    expect(R.bucketIndex(T("2024-03-15"), [T("2024-03-01")], now)).toBe(-1);
    fc.assert(
      fc.property(
        fc.integer({ min: T("2024-01-01"), max: T("2024-07-01") }),
        fc.integer({ min: T("2024-01-01"), max: T("2024-07-01") }),
        (t, n) => {
          let want = -1;
          for (let k = 0; k + 1 < b.length; k++) if (b[k + 1]! <= t && t < b[k]! && t < n) want = k;
          expect(R.bucketIndex(t, b, n)).toBe(want);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("splits events into buckets; empty buckets aggregate to 0 / null", () => {
    const events = [
      { at: "2024-05-30", amount: 1 },
      { at: "2024-05-01", amount: 2 },
      { at: "2024-04-10", amount: 4 },
      { at: "2024-01-10", amount: 8 },
      { at: "2024-06-01", amount: 16 },
    ];
    const times = events.map((e) => e.at);
    const split = R.buckets(events, times, T("2024-05-31"), T("2024-02-29"), T("2024-05-31"), "month");
    expect(split.map((b) => b.map((e) => e.amount))).toEqual([[1, 2], [4], []]);
    expect(split.map((b) => R.count(b))).toEqual([2, 1, 0]);
    expect(split.map((b) => R.sumInt(b.map((e) => e.amount)))).toEqual([3, 4, 0]);
    expect(split.map((b) => R.avgInt(b.map((e) => e.amount)))).toEqual([1.5, 4, null]);
    const every = R.andAll(split.map((b) => R.cmp(">=", R.count(b), 1)));
    expect(every).toBe(false);
    expect(
      R.atLeast(
        2,
        split.map((b) => R.cmp(">=", R.count(b), 1)),
      ),
    ).toBe(true);
    expect(R.andAll(split.map((b) => R.cmp(">", R.avgInt(b.map((e) => e.amount)), 0)))).toBe(null);
    const same = R.bucketize(
      events,
      times,
      T("2024-05-31"),
      R.bucketBounds(T("2024-02-29"), T("2024-05-31"), "months"),
    );
    expect(same).toEqual(split);
  });
});

// ---------------------------------------------------------------------------- ranks

function refRank(values: unknown[], pn: bigint, pd: bigint, top: boolean): Tri[] {
  const present = values.filter((v) => v != null);
  const n = BigInt(present.length);
  return values.map((x) => {
    if (x == null) return null;
    const beyond = BigInt(present.filter((v) => (top ? R.order(v, x) > 0 : R.order(v, x) < 0)).length);
    return beyond * pd < pn * n;
  });
}

describe("ranks", () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it("top 10% of 10 members is the one with nobody above", () => {
    expect(R.rankTop(ten, "0.1")).toEqual([...Array<boolean>(9).fill(false), true]);
    expect(R.rankTop(ten, 1, 10)).toEqual(R.rankTop(ten, "0.1"));
    expect(R.rankTop(ten, "10%")).toEqual(R.rankTop(ten, "0.1"));
    expect(R.rankTop(ten, D("0.10"))).toEqual(R.rankTop(ten, "0.1"));
    expect(R.rankTop(ten, 0.1)).toEqual(R.rankTop(ten, "0.1"));
    expect(R.rankBottom(ten, "0.25")).toEqual([true, true, true, ...Array<boolean>(7).fill(false)]);
    expect(R.rankTop(ten, "0.11")).toEqual([...Array<boolean>(8).fill(false), true, true]);
    expect(R.rankTop(ten, 1)).toEqual(Array<boolean>(10).fill(true));
    expect(R.rankTop(ten, 0)).toEqual(Array<boolean>(10).fill(false));
  });

  it("ties at the edge are all in; nulls are unknown and not counted", () => {
    expect(R.rankTop([1, 2, 3, 3, 3], "0.2")).toEqual([false, false, true, true, true]);
    expect(R.rankBottom([1, 1, 2, 3, 4], "0.2")).toEqual([true, true, false, false, false]);
    expect(R.rankTop([5, null, 5, undefined], "0.01")).toEqual([true, null, true, null]);
    expect(R.rankTop([null, null], "0.5")).toEqual([null, null]);
    expect(R.rankTop([], "0.5")).toEqual([]);
    expect(R.rankTop([NaN, 1], "0.5")).toEqual([null, true]);
    // 0 counts like any other value (a member without orders has sum 0)
    expect(R.rankBottom([0, 0, 0, 5], "0.25")).toEqual([true, true, true, false]);
  });

  it("ranks decimals, BigInt, strings and times exactly", () => {
    const sums = [R.sumDec([0.1, 0.2]), R.sumDec([0.3]), R.sumDec(["0.29999999999999999999"]), new Dec(1, 1)];
    expect(R.rankTop(sums, "0.5")).toEqual([true, true, false, false]);
    expect(R.rankTop([2n ** 60n, 2n ** 60n + 1n, 5], "0.33")).toEqual([false, true, false]);
    expect(R.rankTop([2n ** 60n, 2n ** 60n + 1n, 5], "0.34")).toEqual([true, true, false]);
    expect(R.rankTop(["a", "\uFFFF", "😀"], "0.33")).toEqual([false, false, true]);
    expect(R.rankBottom([T("2024-01-02"), T("2024-01-01")], "0.5")).toEqual([false, true]);
    expect(R.rankTop([1.5, D("1.50"), 1], "0.34")).toEqual([true, true, false]);
    expect(R.rankTop([D("123456789012345678901.5"), 1, 2], "0.33")).toEqual([true, false, false]);
  });

  it("matches the O(n^2) definition", () => {
    const val = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0.5, -0.25, 2n ** 60n, null),
      fc.constantFrom("1.5", "0.10", "-3").map(D),
    );
    fc.assert(
      fc.property(
        fc.array(val, { maxLength: 30 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (vs, a, b) => {
          const [pn, pd] = a <= b ? [a, b] : [b, a];
          expect(R.rankTop(vs, pn, pd)).toEqual(refRank(vs, BigInt(pn), BigInt(pd), true));
          expect(R.rankBottom(vs, pn, pd)).toEqual(refRank(vs, BigInt(pn), BigInt(pd), false));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("ranks a million members in O(n log n)", () => {
    const n = 1_000_000;
    const nums: unknown[] = new Array<unknown>(n);
    const decs: unknown[] = new Array<unknown>(n);
    let seed = 7;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      nums[i] = i % 10 === 0 ? null : seed % 100_000;
      decs[i] = i % 10 === 0 ? null : new Dec(seed % 10_000_000, 2);
    }
    const top = R.rankTop(nums, "0.1");
    const bottom = R.rankBottom(decs, 1, 4);
    expect(top.filter((x) => x === true).length).toBeGreaterThanOrEqual(90_000);
    expect(top.filter((x) => x === true).length).toBeLessThan(91_000); // ties at the edge
    expect(bottom.filter((x) => x === true).length).toBeGreaterThanOrEqual(225_000);
    expect(top.filter((x) => x === null).length).toBe(100_000);
  });
});
