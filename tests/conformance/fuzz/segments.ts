// Random well-typed Seg conditions over the fuzzer's schema (./schema.ts), as source text.
//
// Every compound expression is parenthesised, so the text never depends on precedence. The
// generators are typed: numbers (int, decimal, float mixed freely, as the language allows),
// strings, enum values, times (date and timestamp) and conditions, each in one of two contexts:
// a member (entity fields, aggregates, ranks, rates, references) or the `where` filter of an
// aggregate over one event set (event fields, `at`, `customer.FIELD`, params).
//
// Names that depend on the file a condition ends up in are placeholders, resolved by ./case.ts:
//   @REF<k>@         a reference to an earlier segment (k is taken modulo how many there are)
//   @TIER.<Branch>@  `Tier.Branch`;  @TIERLABEL@  the label `Tier`
//   @DEFRATE@        `every <unit>` of the file's default window (rates without `over`)
import fc from "fast-check";
import { DATES, EVENT_SETS, PLAN_VALUES, STRINGS, type EventSetInfo, type TimeUnit } from "./schema.js";

export type Ctx = { readonly kind: "member" } | { readonly kind: "event"; readonly set: EventSetInfo };

const MEMBER: Ctx = { kind: "member" };

type A = fc.Arbitrary<string>;

const w = (weight: number, arbitrary: A): fc.WeightedArbitrary<string> => ({ weight, arbitrary });
const pick = (...arbs: fc.WeightedArbitrary<string>[]): A => fc.oneof(...arbs);

/** A unit word with the right number. */
const unitWord = (n: number, u: TimeUnit): string => `${n} ${u}${n === 1 ? "" : "s"}`;

// ------------------------------------------------------------ literals

const quote = (s: string): string =>
  `"${[...s]
    .map((ch) => {
      if (ch === "\\") return "\\\\";
      if (ch === '"') return '\\"';
      if (ch === "\t") return "\\t";
      if (ch === "\n") return "\\n";
      const cp = ch.codePointAt(0)!;
      // Write some characters as \u{…} escapes: the lexer's escapes must agree with the raw text.
      if (cp > 0x7f && cp % 3 === 0) return `\\u{${cp.toString(16).toUpperCase()}}`;
      return ch;
    })
    .join("")}"`;

export const stringLit: A = fc.constantFrom(...STRINGS, "Ä", "ss", "ﬀ", "zz").map(quote);
const intLit: A = fc.constantFrom("0", "1", "2", "3", "5", "10", "18", "30", "100", "1_000", "2147483648");
const decLit: A = fc.constantFrom(
  "0.15",
  "0.30",
  "0.3",
  "2.5",
  "1.005",
  "0.10",
  "1.00",
  "33.33",
  "10.00",
  "0.01",
  "20.00",
  "0.5",
  "2.675",
  "0.45",
  "0.0005",
  "12.3456",
);
const pctLit: A = fc.constantFrom("10%", "50%", "2.5%", "15%", "100%");
const negLit: A = fc.constantFrom("(-1)", "(-2.5)", "(-0.01)");
export const numLit: A = pick(w(3, intLit), w(4, decLit), w(1, pctLit), w(1, negLit));
const dateLit: A = fc.constantFrom(...DATES).map((d) => `date "${d}"`);
const TIMESTAMPS = [
  "2024-02-29T00:00:00Z",
  "2024-03-31T23:59:59.999Z",
  "2024-03-01T00:00:00Z",
  "2024-02-28T12:00:00Z",
  "2024-01-31T10:00:00Z",
  "2023-12-31T23:59:59Z",
];
const tsLit: A = fc.constantFrom(...TIMESTAMPS).map((t) => `timestamp "${t}"`);
const agoLit: A = fc
  .tuple(
    fc.constantFrom(1, 2, 3, 7, 29, 30, 31, 60, 90),
    fc.constantFrom<TimeUnit>("hour", "day", "week", "month", "quarter", "year"),
  )
  .map(([n, u]) => `${unitWord(n, u)} ago`);

// ------------------------------------------------------------ windows

const WINDOW_UNITS: TimeUnit[] = ["minute", "hour", "day", "week", "month", "quarter", "year"];
const windowN = fc.constantFrom(1, 2, 3, 4, 6, 8, 12, 30, 90);

/** Windows with a length known at compile time (legal for `per`). */
const fixedWindow: A = pick(
  w(
    5,
    fc.tuple(windowN, fc.constantFrom(...WINDOW_UNITS)).map(([n, u]) => `last ${unitWord(n, u)}`),
  ),
  w(
    2,
    fc
      .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 11 }), fc.constantFrom(...WINDOW_UNITS))
      .filter(([a, b]) => a > b)
      .map(([a, b, u]) => `from ${unitWord(a, u)} ago to ${unitWord(b, u)} ago`),
  ),
  w(
    1,
    fc
      .tuple(fc.constantFrom(...DATES), fc.constantFrom(...DATES))
      .filter(([a, b]) => a < b)
      .map(([a, b]) => `from date "${a}" to date "${b}"`),
  ),
);

/** Any window, including ones that end at `now` from a fixed date (not legal for rates). */
const anyWindow: A = pick(
  w(6, fixedWindow),
  // Mixed units: whether the window is empty depends on `now` (31 March minus 1 month is 29 February).
  w(
    1,
    fc
      .tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<TimeUnit>("month", "quarter", "year"),
        fc.constantFrom(28, 29, 30, 31, 60, 90, 365),
        fc.boolean(),
      )
      .map(([n, u, days, flip]) =>
        flip
          ? `from ${unitWord(days, "day")} ago to ${unitWord(n, u)} ago`
          : `from ${unitWord(n, u)} ago to ${unitWord(days, "day")} ago`,
      ),
  ),
  w(
    1,
    fc
      .tuple(fc.constantFrom(...TIMESTAMPS), fc.constantFrom(...TIMESTAMPS))
      .filter(([a, b]) => Date.parse(a) < Date.parse(b))
      .map(([a, b]) => `from timestamp "${a}" to timestamp "${b}"`),
  ),
  w(
    1,
    fc.constantFrom(...DATES).map((d) => `from date "${d}" to now`),
  ),
  w(1, fc.constant("from p_date to now")),
  w(
    1,
    fc
      .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...WINDOW_UNITS))
      .map(([n, u]) => `from ${unitWord(n, u)} ago to now`),
  ),
);

/** `every UNIT over W` where W is a whole number (at most 8) of buckets. */
const everyTail: A = pick(
  w(
    4,
    fc
      .tuple(
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<TimeUnit>("hour", "day", "week", "month", "quarter", "year"),
      )
      .map(([m, u]) => `every ${u} over last ${unitWord(m, u)}`),
  ),
  w(
    2,
    fc
      .tuple(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom<TimeUnit>("day", "week", "month"),
      )
      .map(([a, b, u]) => `every ${u} over from ${unitWord(a + b, u)} ago to ${unitWord(b, u)} ago`),
  ),
  w(
    1,
    fc.constantFrom(
      "every day over last 1 week",
      "every month over last 2 quarters",
      "every month over last 1 year",
      "every quarter over last 1 year",
    ),
  ),
  w(
    1,
    fc.constantFrom(
      'every month over from date "2024-01-01" to date "2024-03-01"',
      'every day over from date "2024-02-27" to date "2024-03-01"',
      'every week over from date "2024-02-01" to date "2024-02-29"',
    ),
  ),
  w(1, fc.constant("@DEFRATE@")),
);

const perTail: A = pick(
  w(
    4,
    fc
      .tuple(fc.constantFrom<TimeUnit>("day", "week", "month", "quarter", "year"), fixedWindow)
      .map(([u, win]) => `per ${u} over ${win}`),
  ),
  w(
    1,
    fc.constantFrom<TimeUnit>("day", "week", "month").map((u) => `per ${u}`),
  ),
);

const atLeastTail: A = fc
  .tuple(
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 0, max: 7 }),
    fc.constantFrom<TimeUnit>("day", "week", "month", "quarter"),
  )
  .map(([m, extra, u]) => {
    const k = 1 + (extra % m);
    return `in at least ${k} of ${unitWord(m, u)}`;
  });

const cmpOp = fc.constantFrom("=", "!=", "<", "<=", ">", ">=");
const eqOp = fc.constantFrom("=", "!=");

// ------------------------------------------------------------ the generators

interface EnumExpr {
  readonly text: string;
  readonly values: readonly string[];
}

export interface GenOptions {
  /** Maximum depth of conditions (`and`/`or`/`not` and comparisons of compound operands). */
  readonly depth: number;
  /** Leave out lower/upper. */
  readonly noCaseFold?: boolean;
  /** Leave `null` out of `in` lists. */
  readonly noNullInLists?: boolean;
}

export class Gen {
  private readonly memo = new Map<string, unknown>();
  constructor(private readonly opts: GenOptions) {}

  private cached<T>(key: string, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
    let a = this.memo.get(key) as fc.Arbitrary<T> | undefined;
    if (!a) {
      a = make();
      this.memo.set(key, a);
    }
    return a;
  }

  private key(ctx: Ctx): string {
    return ctx.kind === "member" ? "m" : ctx.set.name;
  }

  // ---------------------------------------------------------- aggregates

  private filter(set: EventSetInfo): A {
    return this.bool(1, { kind: "event", set });
  }

  /** `AGG` or `(AGG over W)`. */
  private windowed(agg: A): A {
    return pick(
      w(3, agg),
      w(
        2,
        fc.tuple(agg, anyWindow).map(([a, win]) => `(${a} over ${win})`),
      ),
    );
  }

  private withFilter(set: EventSetInfo, head: string, arg: string): A {
    return pick(
      w(3, fc.constant(`${head}(${arg})`)),
      w(
        2,
        this.filter(set).map((f) => `${head}(${arg} where ${f})`),
      ),
    );
  }

  /** Numeric aggregates over either event set, without a window. */
  aggNumBare(): A {
    return this.cached("aggNum", () =>
      fc.constantFrom(...EVENT_SETS).chain((set) =>
        pick(
          w(3, this.withFilter(set, "count", set.name)),
          w(1, fc.constant(set.name)),
          w(1, this.withFilter(set, "count", `${set.name}.${set.string}`)),
          w(
            3,
            fc.constantFrom(set.decimal, set.int).chain((f) => this.withFilter(set, "sum", `${set.name}.${f}`)),
          ),
          w(
            2,
            fc.constantFrom(set.decimal, set.int).chain((f) => this.withFilter(set, "avg", `${set.name}.${f}`)),
          ),
          w(
            2,
            fc
              .tuple(fc.constantFrom("min", "max"), fc.constantFrom(set.decimal, set.int))
              .chain(([fn, f]) => this.withFilter(set, fn, `${set.name}.${f}`)),
          ),
          w(
            1,
            fc
              .constantFrom(set.decimal, set.int, set.string, set.enumField)
              .chain((f) => this.withFilter(set, "distinct_count", `${set.name}.${f}`)),
          ),
          w(
            2,
            this.filter(set).map((f) => `share(${set.name} where ${f})`),
          ),
          w(
            2,
            fc
              .tuple(fc.constantFrom("latest", "earliest"), fc.constantFrom(set.decimal, set.int))
              .chain(([fn, f]) => this.withFilter(set, fn, `${set.name}.${f}`)),
          ),
          w(
            1,
            fc
              .constantFrom(set.decimal, set.int)
              .chain((f) => this.withFilter(set, "most_frequent", `${set.name}.${f}`)),
          ),
        ),
      ),
    );
  }

  private aggNum(): A {
    return this.windowed(pick(w(6, this.aggNumBare()), w(1, fc.constantFrom("spend", "aov"))));
  }

  private aggTime(): A {
    return this.cached("aggTime", () =>
      this.windowed(
        fc
          .constantFrom(...EVENT_SETS)
          .chain((set) =>
            fc
              .constantFrom("latest", "earliest", "min", "max")
              .chain((fn) => this.withFilter(set, fn, `${set.name}.at`)),
          ),
      ),
    );
  }

  private aggString(): A {
    return this.cached("aggString", () =>
      this.windowed(
        fc
          .constantFrom(...EVENT_SETS)
          .chain((set) =>
            fc
              .constantFrom("latest", "earliest", "min", "max", "most_frequent")
              .chain((fn) => this.withFilter(set, fn, `${set.name}.${set.string}`)),
          ),
      ),
    );
  }

  private aggEnum(): fc.Arbitrary<EnumExpr> {
    return this.cached("aggEnum", () =>
      fc.constantFrom(...EVENT_SETS).chain((set) =>
        fc
          .constantFrom("latest", "earliest", "min", "max", "most_frequent")
          .chain((fn) => this.windowed(this.withFilter(set, fn, `${set.name}.${set.enumField}`)))
          .map((text) => ({ text, values: set.enumValues })),
      ),
    );
  }

  // ---------------------------------------------------------- numbers

  num(depth: number, ctx: Ctx): A {
    return this.cached(`num${depth}${this.key(ctx)}`, () => {
      const leaves: fc.WeightedArbitrary<string>[] = [w(3, numLit), w(1, fc.constantFrom("p_int", "p_dec"))];
      if (ctx.kind === "member") leaves.push(w(5, fc.constantFrom("age", "balance", "score")), w(6, this.aggNum()));
      else
        leaves.push(
          w(5, fc.constantFrom(ctx.set.decimal, ctx.set.int, ctx.set.decimal)),
          w(2, fc.constantFrom("customer.age", "customer.balance", "customer.score")),
        );
      if (depth <= 0) return pick(...leaves);
      const sub = this.num(depth - 1, ctx);
      return pick(
        ...leaves,
        w(
          4,
          fc.tuple(sub, fc.constantFrom("+", "-", "*", "/", "/"), sub).map(([a, op, b]) => `(${a} ${op} ${b})`),
        ),
        w(
          1,
          sub.map((a) => `(- ${a})`),
        ),
        w(
          1,
          sub.map((a) => `abs(${a})`),
        ),
        w(
          2,
          fc.tuple(sub, fc.constantFrom("", ", 0", ", 1", ", 2", ", 3")).map(([a, n]) => `round(${a}${n})`),
        ),
        w(
          1,
          fc.tuple(sub, sub).map(([a, b]) => `coalesce(${a}, ${b})`),
        ),
        w(
          1,
          this.str(depth - 1, ctx).map((s) => `length(${s})`),
        ),
        w(
          1,
          fc
            .tuple(fc.constantFrom("year", "month", "day", "hour", "day_of_week"), this.time(depth - 1, ctx))
            .map(([f, t]) => `${f}(${t})`),
        ),
        w(
          1,
          this.time(depth - 1, ctx).map((t) => `days_since(${t})`),
        ),
        w(
          1,
          fc.tuple(this.time(depth - 1, ctx), this.time(depth - 1, ctx)).map(([a, b]) => `days_between(${a}, ${b})`),
        ),
      );
    });
  }

  // ---------------------------------------------------------- strings and enums

  str(depth: number, ctx: Ctx): A {
    return this.cached(`str${depth}${this.key(ctx)}`, () => {
      const leaves: fc.WeightedArbitrary<string>[] = [w(3, stringLit), w(1, fc.constant("p_str"))];
      if (ctx.kind === "member") leaves.push(w(4, fc.constant("name")), w(3, this.aggString()));
      else leaves.push(w(4, fc.constant(ctx.set.string)), w(1, fc.constant("customer.name")));
      if (depth <= 0) return pick(...leaves);
      const sub = this.str(depth - 1, ctx);
      const fns = this.opts.noCaseFold ? ["trim"] : ["trim", "lower", "upper"];
      return pick(
        ...leaves,
        w(
          3,
          fc.tuple(fc.constantFrom(...fns), sub).map(([f, s]) => `${f}(${s})`),
        ),
        w(
          1,
          fc.tuple(fc.constantFrom(...fns), this.enumExpr(ctx)).map(([f, e]) => `${f}(${e.text})`),
        ),
        w(
          2,
          fc.tuple(sub, stringLit).map(([a, b]) => `coalesce(${a}, ${b})`),
        ),
      );
    });
  }

  enumExpr(ctx: Ctx): fc.Arbitrary<EnumExpr> {
    return this.cached(`enum${this.key(ctx)}`, () => {
      if (ctx.kind === "event")
        return fc.oneof(
          { weight: 3, arbitrary: fc.constant({ text: ctx.set.enumField, values: ctx.set.enumValues }) },
          { weight: 1, arbitrary: fc.constant({ text: "customer.plan", values: PLAN_VALUES as readonly string[] }) },
        );
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant({ text: "plan", values: PLAN_VALUES as readonly string[] }) },
        { weight: 2, arbitrary: this.aggEnum() },
      );
    });
  }

  // ---------------------------------------------------------- times

  time(depth: number, ctx: Ctx): A {
    return this.cached(`time${depth}${this.key(ctx)}`, () => {
      const leaves: fc.WeightedArbitrary<string>[] = [
        w(2, dateLit),
        w(1, tsLit),
        w(2, agoLit),
        w(1, fc.constantFrom("now", "p_date")),
      ];
      if (ctx.kind === "member") leaves.push(w(3, fc.constantFrom("born", "signup_at")), w(4, this.aggTime()));
      else leaves.push(w(5, fc.constant("at")), w(1, fc.constantFrom("customer.born", "customer.signup_at")));
      if (depth <= 0) return pick(...leaves);
      const sub = this.time(depth - 1, ctx);
      return pick(
        ...leaves,
        w(
          1,
          sub.map((t) => `date(${t})`),
        ),
        w(
          1,
          fc.tuple(sub, pick(w(1, dateLit), w(1, tsLit))).map(([a, b]) => `coalesce(${a}, ${b})`),
        ),
      );
    });
  }

  // ---------------------------------------------------------- conditions

  private comparisons(depth: number, ctx: Ctx): fc.WeightedArbitrary<string>[] {
    const d = Math.max(0, depth - 1);
    const num = this.num(d, ctx);
    const str = this.str(d, ctx);
    const time = this.time(d, ctx);
    const rightNum = pick(w(3, numLit), w(2, num));
    const nullableLits = <T extends string>(lit: fc.Arbitrary<T>) =>
      fc
        .array(this.opts.noNullInLists ? lit : pick(w(5, lit), w(1, fc.constant("null"))), {
          minLength: 1,
          maxLength: 4,
        })
        .map((xs) => xs.join(", "));
    const out: fc.WeightedArbitrary<string>[] = [
      w(
        8,
        fc.tuple(num, cmpOp, rightNum).map(([a, op, b]) => `(${a} ${op} ${b})`),
      ),
      w(
        3,
        fc.tuple(str, cmpOp, pick(w(3, stringLit), w(1, str))).map(([a, op, b]) => `(${a} ${op} ${b})`),
      ),
      w(
        3,
        fc.tuple(time, cmpOp, pick(w(2, time), w(2, dateLit), w(1, agoLit))).map(([a, op, b]) => `(${a} ${op} ${b})`),
      ),
      w(
        3,
        this.enumExpr(ctx).chain((e) =>
          pick(
            w(
              3,
              fc.tuple(eqOp, fc.constantFrom(...e.values)).map(([op, v]) => `(${e.text} ${op} "${v}")`),
            ),
            w(
              2,
              fc
                .tuple(fc.boolean(), nullableLits(fc.constantFrom(...e.values).map((v) => `"${v}"`)))
                .map(([neg, l]) => `(${e.text} ${neg ? "not in" : "in"} (${l}))`),
            ),
            // Against a string expression that is not a literal (a literal must be one of the values).
            w(
              1,
              fc
                .tuple(eqOp, fc.constant(ctx.kind === "member" ? "name" : ctx.set.string))
                .map(([op, s]) => `(${e.text} ${op} ${s})`),
            ),
          ),
        ),
      ),
      w(
        2,
        fc
          .tuple(num, fc.boolean(), rightNum, rightNum)
          .map(([a, neg, lo, hi]) => `(${a} ${neg ? "not between" : "between"} ${lo} and ${hi})`),
      ),
      w(
        1,
        fc
          .tuple(time, fc.boolean(), dateLit, pick(w(1, dateLit), w(1, tsLit)))
          .map(([a, neg, lo, hi]) => `(${a} ${neg ? "not between" : "between"} ${lo} and ${hi})`),
      ),
      w(
        1,
        fc
          .tuple(str, fc.boolean(), stringLit, stringLit)
          .map(([a, neg, lo, hi]) => `(${a} ${neg ? "not between" : "between"} ${lo} and ${hi})`),
      ),
      w(
        2,
        fc
          .tuple(num, fc.boolean(), nullableLits(numLit))
          .map(([a, neg, l]) => `(${a} ${neg ? "not in" : "in"} (${l}))`),
      ),
      w(
        2,
        fc
          .tuple(str, fc.boolean(), nullableLits(stringLit))
          .map(([a, neg, l]) => `(${a} ${neg ? "not in" : "in"} (${l}))`),
      ),
      w(
        3,
        fc
          .tuple(
            pick(
              w(3, num),
              w(3, str),
              w(2, time),
              w(
                1,
                this.enumExpr(ctx).map((e) => e.text),
              ),
            ),
            fc.boolean(),
          )
          .map(([a, neg]) => `(${a} is ${neg ? "not " : ""}null)`),
      ),
      w(
        4,
        fc
          .tuple(
            pick(
              w(3, str),
              w(
                1,
                this.enumExpr(ctx).map((e) => e.text),
              ),
            ),
            fc.constantFrom("contains", "starts with", "ends with"),
            pick(w(4, stringLit), w(1, str)),
          )
          .map(([a, op, p]) => `(${a} ${op} ${p})`),
      ),
      // An expression against a function of itself: makes small differences in values visible.
      w(
        3,
        fc
          .tuple(
            num,
            fc.constantFrom(
              "round(#)",
              "round(#, 1)",
              "round(#, 2)",
              "round(#, 3)",
              "abs(#)",
              "(- #)",
              "(# * 1.00)",
              "(# / 1)",
              "(# + 0.001)",
              "((# / 3) * 3)",
              "coalesce(#, 1.005)",
              "(# * 0.01)",
            ),
            cmpOp,
          )
          .map(([x, f, op]) => `(${f.replace("#", x)} ${op} ${x})`),
      ),
      // A default of another scale must come back exactly (a null operand would hide it above).
      w(
        1,
        fc.tuple(num, decLit).map(([x, d]) => `(coalesce(${x}, ${d}) = ${d})`),
      ),
      w(
        2,
        fc
          .tuple(
            str,
            fc.constantFrom(
              ...(this.opts.noCaseFold ? ["trim(#)"] : ["trim(#)", "lower(#)", "upper(#)", "lower(upper(#))"]),
            ),
            cmpOp,
          )
          .map(([x, f, op]) => `(${f.replace("#", x)} ${op} ${x})`),
      ),
      w(
        1,
        fc.tuple(str, cmpOp, str).map(([x, op, y]) => `(length(${x}) ${op} length(${y}))`),
      ),
      w(
        2,
        fc
          .tuple(time, fc.constantFrom("date(#)", "coalesce(#, now)"), cmpOp)
          .map(([x, f, op]) => `(${f.replace("#", x)} ${op} ${x})`),
      ),
      w(
        1,
        fc.tuple(time, time).map(([a, b]) => `(days_between(${a}, ${b}) = (- days_between(${b}, ${a})))`),
      ),
      w(
        2,
        fc
          .tuple(
            time,
            fc.integer({ min: 1, max: 90 }),
            fc.constantFrom<TimeUnit>("hour", "day", "week", "month", "quarter", "year"),
          )
          .map(([t, n, u]) => `(${t} within last ${unitWord(n, u)})`),
      ),
    ];
    if (ctx.kind === "member") {
      const agg = this.aggNumBare();
      const rateLeft = pick(
        w(5, agg),
        w(1, fc.constant("spend")),
        w(
          1,
          fc.tuple(agg, fc.constantFrom("+", "-"), agg).map(([a, op, b]) => `(${a} ${op} ${b})`),
        ),
      );
      const rateRight = fc.constantFrom("0", "1", "2", "4", "0.5", "1.5", "10", "0.30", "2.5");
      out.push(
        w(
          2,
          fc
            .tuple(
              pick(w(3, num), w(1, time)),
              fc.constantFrom("top", "bottom"),
              fc.constantFrom("1%", "10%", "12.5%", "20%", "25%", "33%", "34%", "50%", "66%", "67%", "75%", "100%"),
            )
            .map(([x, dir, p]) => `(${x} in ${dir} ${p})`),
        ),
        w(
          3,
          fc.tuple(rateLeft, cmpOp, rateRight, perTail).map(([l, op, r, t]) => `(${l} ${op} ${r} ${t})`),
        ),
        w(
          3,
          fc.tuple(rateLeft, cmpOp, rateRight, everyTail).map(([l, op, r, t]) => `(${l} ${op} ${r} ${t})`),
        ),
        w(
          2,
          fc.tuple(rateLeft, cmpOp, rateRight, atLeastTail).map(([l, op, r, t]) => `(${l} ${op} ${r} ${t})`),
        ),
        // A window after the comparison applies to the aggregates that have none.
        w(
          2,
          fc.tuple(agg, cmpOp, numLit, anyWindow).map(([a, op, n, win]) => `(${a} ${op} ${n} over ${win})`),
        ),
      );
    }
    return out;
  }

  bool(depth: number, ctx: Ctx): A {
    return this.cached(`bool${depth}${this.key(ctx)}`, () => {
      const leaves: fc.WeightedArbitrary<string>[] = [];
      if (ctx.kind === "member") {
        leaves.push(
          w(
            2,
            fc.constantFrom("vip", "(vip = true)", "(vip != false)", "true", "false", "(vip = null)", "(null and vip)"),
          ),
          w(
            3,
            fc
              .tuple(fc.constantFrom("any", "none"), fc.constantFrom(...EVENT_SETS))
              .chain(([fn, set]) => this.windowed(this.withFilter(set, fn, set.name))),
          ),
          w(
            3,
            fc.nat(7).map((k) => `@REF${k}@`),
          ),
          w(
            2,
            fc.constantFrom(
              "@TIER.A@",
              "@TIER.B@",
              "@TIER.C@",
              '(@TIERLABEL@ = "A")',
              '(@TIERLABEL@ != "B")',
              "(@TIERLABEL@ is null)",
              '(@TIERLABEL@ in ("A", "C"))',
              this.opts.noNullInLists ? '(@TIERLABEL@ not in ("A"))' : '(@TIERLABEL@ not in ("A", null))',
            ),
          ),
        );
      } else {
        leaves.push(w(1, fc.constantFrom("customer.vip", "true", "(customer.vip != true)")));
      }
      const cmps = this.comparisons(depth, ctx);
      if (depth <= 0) return pick(...leaves, ...cmps);
      const sub = this.bool(depth - 1, ctx);
      return pick(
        ...leaves,
        ...cmps,
        w(
          3,
          sub.map((b) => `(not ${b})`),
        ),
        w(
          5,
          fc.tuple(sub, fc.constantFrom("and", "or"), sub).map(([a, op, b]) => `(${a} ${op} ${b})`),
        ),
        w(
          1,
          fc.tuple(sub, eqOp, sub).map(([a, op, b]) => `(${a} ${op} ${b})`),
        ),
      );
    });
  }

  /** A top-level segment condition. */
  condition(): A {
    return this.bool(this.opts.depth, MEMBER);
  }
}
