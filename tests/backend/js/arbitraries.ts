// Shared fast-check generators: random rows with nulls and random three-valued predicates over
// them, evaluated with the runtime. Used by the TLP property and by the PostgreSQL differential test.
import fc from "fast-check";
import * as R from "../../../src/backend/js/runtime.js";
import type { Dec, Tri } from "../../../src/backend/js/runtime.js";

export type Row = { i: number | bigint | null; d: number | Dec | null; s: string | null; b: boolean | null };
export type Pred =
  | { k: "cmp"; op: string; col: "i" | "d" | "s"; v: unknown }
  | { k: "colcmp"; op: string }
  | { k: "between"; col: "i" | "d"; lo: unknown; hi: unknown }
  | { k: "in"; col: "i" | "s"; list: unknown[] }
  | { k: "isnull"; col: keyof Row }
  | { k: "str"; f: "contains" | "startsWith" | "endsWith"; v: string | null }
  | { k: "bool" }
  | { k: "lit"; v: Tri }
  | { k: "not"; a: Pred }
  | { k: "and" | "or"; a: Pred; b: Pred };

export function evalPred(p: Pred, r: Row): Tri {
  switch (p.k) {
    case "cmp":
      return R.cmp(p.op, r[p.col], p.v);
    case "colcmp":
      return R.cmp(p.op, r.i, r.d);
    case "between":
      return R.between(r[p.col], p.lo, p.hi);
    case "in":
      return R.inList(r[p.col], p.list);
    case "isnull":
      return R.isNull(r[p.col]);
    case "str":
      return R[p.f](r.s, p.v);
    case "bool":
      return r.b;
    case "lit":
      return p.v;
    case "not":
      return R.not3(evalPred(p.a, r));
    case "and":
      return R.and3(evalPred(p.a, r), evalPred(p.b, r));
    case "or":
      return R.or3(evalPred(p.a, r), evalPred(p.b, r));
  }
}

const ops = fc.constantFrom("=", "!=", "<", "<=", ">", ">=");
const intArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(2n ** 53n + 1n, -(2n ** 60n), 2 ** 53));
const decArb = fc.oneof(
  fc.constantFrom(0.1, 0.2, 0.3, -1.5, 2, 1.005),
  fc.constantFrom("0.30", "1.50", "-1.5", "99999999999999999999.99").map(R.dec),
);
const strArb = fc.constantFrom("", "a", "A", "ab", "b", "\uFFFF", "😀", "a😀", "%", "_", "a b");
const nul = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 3 });
export const rowArb: fc.Arbitrary<Row> = fc.record({
  i: nul(intArb),
  d: nul(decArb),
  s: nul(strArb),
  b: nul(fc.boolean()),
});
export const predArb: fc.Arbitrary<Pred> = fc.letrec<{ p: Pred }>((tie) => ({
  p: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ k: fc.constant("cmp" as const), op: ops, col: fc.constant("i" as const), v: nul(intArb) }),
    fc.record({ k: fc.constant("cmp" as const), op: ops, col: fc.constant("d" as const), v: nul(decArb) }),
    fc.record({ k: fc.constant("cmp" as const), op: ops, col: fc.constant("s" as const), v: nul(strArb) }),
    fc.record({ k: fc.constant("colcmp" as const), op: ops }),
    fc.record({ k: fc.constant("between" as const), col: fc.constant("i" as const), lo: nul(intArb), hi: nul(intArb) }),
    fc.record({ k: fc.constant("between" as const), col: fc.constant("d" as const), lo: nul(decArb), hi: nul(decArb) }),
    fc.record({
      k: fc.constant("in" as const),
      col: fc.constant("i" as const),
      list: fc.array(nul(intArb), { minLength: 1 }),
    }),
    fc.record({
      k: fc.constant("in" as const),
      col: fc.constant("s" as const),
      list: fc.array(nul(strArb), { minLength: 1 }),
    }),
    fc.record({ k: fc.constant("isnull" as const), col: fc.constantFrom<keyof Row>("i", "d", "s", "b") }),
    fc.record({
      k: fc.constant("str" as const),
      f: fc.constantFrom("contains", "startsWith", "endsWith"),
      v: nul(strArb),
    }),
    fc.constant({ k: "bool" as const }),
    fc.record({ k: fc.constant("lit" as const), v: fc.constantFrom<Tri>(true, false, null) }),
    fc.record({ k: fc.constant("not" as const), a: tie("p") }),
    fc.record({ k: fc.constantFrom("and" as const, "or" as const), a: tie("p"), b: tie("p") }),
  ),
})).p;
