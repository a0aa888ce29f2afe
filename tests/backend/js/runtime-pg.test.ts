// Differential test: the runtime against a real SQL engine (PostgreSQL 18 in-process through PGlite).
// PostgreSQL is the reference for three-valued logic, exact numeric, calendar intervals (which
// clamp), code-point order (COLLATE "C") and simple case mapping (COLLATE pg_c_utf8).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import * as R from "../../../src/backend/js/runtime.js";
import { Dec, type Tri } from "../../../src/backend/js/runtime.js";
import { evalPred, predArb, rowArb, type Pred, type Row } from "./arbitraries.js";

let db: PGlite;

beforeAll(async () => {
  const { PGlite } = await import("@electric-sql/pglite");
  db = await PGlite.create();
  await db.exec("SET TimeZone = 'UTC'");
});

afterAll(async () => {
  await db?.close();
});

async function rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const numLit = (x: unknown): string => (x == null ? "NULL::numeric" : `${q(R.dec(x).toString())}::numeric`);
const intLit = (x: unknown): string => (x == null ? "NULL::int8" : `${q(String(x))}::int8`);
const strLit = (x: unknown): string => (x == null ? `NULL::text COLLATE "C"` : `${q(x as string)} COLLATE "C"`);
const sample = <T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] => fc.sample(arb, { numRuns: n, seed });

function lit(col: "i" | "d" | "s", v: unknown): string {
  return col === "i" ? intLit(v) : col === "d" ? numLit(v) : strLit(v);
}

function toSql(p: Pred): string {
  switch (p.k) {
    case "cmp":
      return `(${p.col} ${p.op} ${lit(p.col, p.v)})`;
    case "colcmp":
      return `(i ${p.op} d)`;
    case "between":
      return `(${p.col} BETWEEN ${lit(p.col, p.lo)} AND ${lit(p.col, p.hi)})`;
    case "in":
      return `(${p.col} IN (${p.list.map((v) => lit(p.col, v)).join(", ")}))`;
    case "isnull":
      return `(${p.col} IS NULL)`;
    case "str": {
      const v = strLit(p.v);
      if (p.f === "contains") return `(strpos(s, ${v}) > 0)`;
      if (p.f === "startsWith") return `starts_with(s, ${v})`;
      return `(right(s, char_length(${v})) = ${v})`;
    }
    case "bool":
      return "b";
    case "lit":
      return p.v === null ? "NULL::boolean" : String(p.v);
    case "not":
      return `(NOT ${toSql(p.a)})`;
    case "and":
      return `(${toSql(p.a)} AND ${toSql(p.b)})`;
    case "or":
      return `(${toSql(p.a)} OR ${toSql(p.b)})`;
  }
}

describe("runtime vs PostgreSQL", () => {
  it("evaluates random three-valued predicates over rows with nulls exactly like SQL", async () => {
    const data: Row[] = sample(rowArb, 60, 42);
    await db.exec(`CREATE TEMP TABLE t (id int, i int8, d numeric, s text COLLATE "C", b boolean)`);
    for (const [id, r] of data.entries())
      await db.query("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", [
        id,
        r.i === null ? null : String(r.i),
        r.d === null ? null : R.dec(r.d).toString(),
        r.s,
        r.b,
      ]);
    const preds = sample(predArb, 300, 7);
    for (const p of preds) {
      const sql = toSql(p);
      const got = await rows<{ r: Tri }>(`SELECT ${sql} AS r FROM t ORDER BY id`);
      const want = data.map((r) => evalPred(p, r));
      expect(want, sql).toEqual(got.map((g) => g.r));
    }
  });

  const decStr = fc
    .tuple(fc.boolean(), fc.stringMatching(/^\d{1,22}$/), fc.stringMatching(/^\d{0,10}$/))
    .map(([n, i, f]) => (n ? "-" : "") + i + (f ? "." + f : ""));

  it("matches numeric arithmetic, rounding, comparison and conversion to double", async () => {
    const cases = sample(fc.tuple(decStr, decStr, fc.integer({ min: -4, max: 12 })), 400, 11);
    const values = cases.map(([a, b, n]) => `(${q(a)}::numeric, ${q(b)}::numeric, ${n})`).join(",\n");
    const got = await rows<Record<string, string | number | boolean>>(
      `SELECT a + b AS add, a - b AS sub, a * b AS mul, round(a, n) AS rnd, a < b AS lt, a = b AS eq,
              a::float8 AS dbl, abs(a) AS abs, -a AS neg
       FROM (VALUES ${values}) v(a, b, n)`,
    );
    cases.forEach(([a, b, n], k) => {
      const g = got[k]!;
      const x = R.dec(a);
      const y = R.dec(b);
      const same = (mine: unknown, theirs: unknown, what: string): void =>
        expect(R.decCmp(R.dec(mine), R.dec(theirs)), `${what}(${a}, ${b}, ${n})`).toBe(0);
      same(R.add(x, y), g.add, "add");
      same(R.sub(x, y), g.sub, "sub");
      same(R.mul(x, y), g.mul, "mul");
      same(R.round(x, n), g.rnd, "round");
      same(R.abs(x), g.abs, "abs");
      same(R.neg(x), g.neg, "neg");
      expect(R.lt(x, y)).toBe(g.lt);
      expect(R.eq(x, y)).toBe(g.eq);
      expect(R.num(x)).toBe(g.dbl);
    });
  });

  it("sums decimals exactly like SUM(numeric)", async () => {
    const groups = sample(fc.array(fc.oneof(decStr, fc.constant(null)), { maxLength: 12 }), 100, 3);
    for (const g of groups) {
      const values =
        g.length === 0 ? "(NULL::numeric)" : g.map((v) => `(${v === null ? "NULL" : q(v)}::numeric)`).join(",");
      const [r] = await rows<{ s: string }>(
        `SELECT coalesce(sum(v), 0) AS s, count(v) AS n FROM (VALUES ${values}) x(v)`,
      );
      expect(R.decCmp(R.sumDec(g), R.dec(r!.s))).toBe(0);
      expect(
        R.decCmp(
          R.sumDec(g.map((v) => (v === null ? null : Number(v)))),
          R.sumDec(g.map((v) => (v === null ? null : R.decStr(R.dec(Number(v)))))),
        ),
      ).toBe(0);
    }
  });

  it("rounds floats the way SQL rounds their shortest text: round(x::text::numeric, n)", async () => {
    const xs = sample(
      fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: -100_000, max: 100_000 }).map((i) => i / 1000),
        fc.constantFrom(1.005, 2.5, -2.5, 0.285, 1.0049999999999999),
      ),
      300,
      5,
    );
    const ns = xs.map((_, k) => (k % 5) - 1);
    const values = xs.map((x, k) => `(${x}::float8, ${ns[k]})`).join(",");
    const got = await rows<{ r: number }>(
      `SELECT round(x::text::numeric, n)::float8 AS r FROM (VALUES ${values}) v(x, n)`,
    );
    xs.forEach((x, k) => expect(R.round(x, ns[k]), `round(${x}, ${ns[k]})`).toBe(got[k]!.r));
  });

  it("matches calendar arithmetic and field extraction on timestamps", async () => {
    const cases = sample(
      fc.tuple(
        fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true }),
        fc.integer({ min: -300, max: 300 }),
        fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true }),
      ),
      300,
      9,
    );
    const values = cases
      .map(([d, n, e]) => `(${q(d.toISOString())}::timestamptz, ${n}, ${q(e.toISOString())}::timestamptz)`)
      .join(",\n");
    const ms = (x: string): string => `floor(extract(epoch FROM ${x}) * 1000)::int8`;
    const got = await rows<Record<string, bigint | number | string>>(
      `SELECT ${ms("t + make_interval(months => n)")} AS m, ${ms("t + make_interval(years => n)")} AS y,
              ${ms("t + make_interval(months => 3 * n)")} AS q, ${ms("t + make_interval(days => n)")} AS d,
              extract(year FROM t)::int AS yr, extract(month FROM t)::int AS mo, extract(day FROM t)::int AS dy,
              extract(hour FROM t)::int AS hr, extract(isodow FROM t)::int AS dow, ${ms("date_trunc('day', t)")} AS dt,
              floor(extract(epoch FROM (e - t)) / 86400)::int AS between
       FROM (VALUES ${values}) v(t, n, e)`,
    );
    cases.forEach(([d, n, e], k) => {
      const g = got[k]!;
      const t = d.getTime();
      const msg = `${d.toISOString()} ${n}`;
      expect(R.shift(t, n, "month"), msg).toBe(Number(g.m));
      expect(R.shift(t, n, "year"), msg).toBe(Number(g.y));
      expect(R.shift(t, n, "quarter"), msg).toBe(Number(g.q));
      expect(R.shift(t, n, "day"), msg).toBe(Number(g.d));
      expect([R.year(t), R.month(t), R.day(t), R.hour(t), R.dayOfWeek(t)], msg).toEqual([
        g.yr,
        g.mo,
        g.dy,
        g.hr,
        g.dow,
      ]);
      expect(R.dateOf(t), msg).toBe(Number(g.dt));
      expect(R.daysBetween(t, e.getTime()), msg).toBe(g.between);
    });
  });

  it("reads timestamp text like timestamptz input in UTC (milliseconds truncated)", async () => {
    const texts = [
      "2024-12-01",
      "2024-12-01T09:30:00Z",
      "2024-12-01 09:30:00",
      "2024-12-01T09:30",
      "2024-12-01 09:30:00.123456",
      "2024-12-01T09:30:00.9999+02:00",
      "2024-12-01T09:30:00-05:30",
      "2024-02-29 23:59:59.999+00",
      "1969-12-31 23:59:59.5",
      "0099-06-15T12:00:00Z",
    ];
    for (const t of texts) {
      const [r] = await rows<{ ms: bigint | number }>(
        `SELECT floor(extract(epoch FROM ${q(t)}::timestamptz) * 1000)::int8 AS ms`,
      );
      expect(R.toMs(t), t).toBe(Number(r!.ms));
    }
  });

  const cp = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0xc0, max: 0x17f }),
    fc.integer({ min: 0xd7f0, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0xe010 }),
    fc.integer({ min: 0xfff0, max: 0xfffd }),
    fc.integer({ min: 0x10000, max: 0x10010 }),
    fc.integer({ min: 0x1f600, max: 0x1f610 }),
  );
  const uni = fc.array(cp, { maxLength: 6 }).map((cs) => String.fromCodePoint(...cs));

  it('orders, measures and trims strings like COLLATE "C"', async () => {
    const strs = [...new Set([...sample(uni, 300, 13), " a ", "  ", "\ta ", "😀 "])];
    const values = strs.map((s, k) => `(${k}, ${q(s)})`).join(",");
    const sorted = await rows<{ k: number }>(`SELECT k FROM (VALUES ${values}) v(k, s) ORDER BY s COLLATE "C"`);
    expect([...strs].sort(R.strCmp)).toEqual(sorted.map((r) => strs[r.k]));
    const got = await rows<{ n: number; t: string }>(
      `SELECT char_length(s) AS n, trim(BOTH ' ' FROM s) AS t FROM (VALUES ${values}) v(k, s) ORDER BY k`,
    );
    strs.forEach((s, k) => {
      expect(R.length(s)).toBe(got[k]!.n);
      expect(R.trim(s)).toBe(got[k]!.t);
    });
  });

  it("folds case like pg_c_utf8 (simple mappings) on every code point", async () => {
    const cps: number[] = [];
    for (let c = 1; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) cps.push(c);
    const unknownToPg: string[] = [];
    for (let i = 0; i < cps.length; i += 50_000) {
      const chunk = cps.slice(i, i + 50_000);
      const s = String.fromCodePoint(...chunk);
      const [r] = await rows<{ u: string; l: string }>(
        "SELECT upper($1 COLLATE pg_c_utf8) AS u, lower($1 COLLATE pg_c_utf8) AS l",
        [s],
      );
      const [pu, pl, mu, ml] = [r!.u, r!.l, R.upper(s)!, R.lower(s)!].map((x) => Array.from(x));
      chunk.forEach((c, j) => {
        const ch = String.fromCodePoint(c);
        for (const [theirs, mine] of [
          [pu![j], mu![j]],
          [pl![j], ml![j]],
        ]) {
          if (theirs === mine) continue;
          // Node's ICU may know a newer Unicode than the server: accept only "the server has no mapping".
          expect(theirs, `U+${c.toString(16)}`).toBe(ch);
          unknownToPg.push(c.toString(16));
        }
      });
    }
    expect(unknownToPg.length).toBeLessThan(200);
  });

  it("ranks like the SQL definition (count strictly greater < p * count)", async () => {
    const vals = sample(
      fc.option(
        fc.integer({ min: 0, max: 30 }).map((i) => new Dec(i * 5, 1)),
        { nil: null, freq: 5 },
      ),
      200,
      17,
    );
    const values = vals.map((v, k) => `(${k}, ${numLit(v)})`).join(",");
    for (const p of ["0.01", "0.1", "0.25", "0.333", "0.5", "1"]) {
      const got = await rows<{ top: Tri; bottom: Tri }>(
        `WITH r(k, v) AS (VALUES ${values})
         SELECT CASE WHEN v IS NOT NULL THEN (SELECT count(*) FROM r r2 WHERE r2.v > r.v) < ${p} * (SELECT count(v) FROM r) END AS top,
                CASE WHEN v IS NOT NULL THEN (SELECT count(*) FROM r r2 WHERE r2.v < r.v) < ${p} * (SELECT count(v) FROM r) END AS bottom
         FROM r ORDER BY k`,
      );
      expect(R.rankTop(vals, p), p).toEqual(got.map((g) => g.top));
      expect(R.rankBottom(vals, p), p).toEqual(got.map((g) => g.bottom));
    }
  });

  it("picks latest / earliest / most frequent like the SQL formulation", async () => {
    const ev = fc.record({
      m: fc.integer({ min: 0, max: 30 }),
      t: fc.integer({ min: 0, max: 5 }),
      v: fc.option(fc.constantFrom("web", "app", "store", "Email", "\uFFFF", "😀"), { nil: null, freq: 4 }),
    });
    const events = sample(ev, 300, 23);
    const values = events.map((e) => `(${e.m}, ${e.t}, ${e.v === null ? "NULL" : q(e.v)})`).join(",");
    const got = await rows<{
      m: number;
      latest: string | null;
      earliest: string | null;
      freq: string | null;
      n: number;
    }>(
      `WITH e(m, t, v) AS (VALUES ${values})
       SELECT m,
         min(v COLLATE "C") FILTER (WHERE t = (SELECT max(t) FROM e e2 WHERE e2.m = e.m)) AS latest,
         min(v COLLATE "C") FILTER (WHERE t = (SELECT min(t) FROM e e2 WHERE e2.m = e.m)) AS earliest,
         (SELECT v FROM e e2 WHERE e2.m = e.m AND v IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v COLLATE "C" LIMIT 1) AS freq,
         count(DISTINCT v) AS n
       FROM e GROUP BY m ORDER BY m`,
    );
    for (const g of got) {
      const mine = events.filter((e) => e.m === g.m);
      const vs = mine.map((e) => e.v);
      const ts = mine.map((e) => e.t);
      expect(R.latest(vs, ts), `member ${g.m}`).toBe(g.latest);
      expect(R.earliest(vs, ts), `member ${g.m}`).toBe(g.earliest);
      expect(R.mostFrequent(vs), `member ${g.m}`).toBe(g.freq);
      expect(R.distinctCount(vs), `member ${g.m}`).toBe(Number(g.n));
    }
  });
});
