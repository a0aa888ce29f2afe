// Random rows for the fuzzer's schema, with the edges: nulls in every nullable field, events exactly
// at `now`, at window and bucket boundaries (and one millisecond either side), after `now`, for keys
// that match no member, at month ends and on leap days.
//
// Rows are generated in a form that does not depend on `now` (times as offsets from it, members as
// indices into the key list), so fast-check can shrink them freely; `resolveData` turns them into
// the conformance corpus's row format once `now` is known.
import fc from "fast-check";
import {
  DATES,
  DECIMALS,
  ENTITY_TABLE,
  EVENT_SETS,
  FLOATS,
  INTS,
  KEYS,
  PLAN_VALUES,
  STRINGS,
  TIME_UNITS,
  iso,
  shiftMs,
  type TimeUnit,
} from "./schema.js";

export type TimeSpec =
  | { readonly k: "now"; readonly delta: number }
  | { readonly k: "back"; readonly n: number; readonly unit: TimeUnit; readonly delta: number }
  | { readonly k: "abs"; readonly iso: string }
  | { readonly k: "ago"; readonly ms: number };

export interface RawCustomer {
  readonly age: number | null;
  readonly balance: string | null;
  readonly score: number | null;
  readonly name: string | null;
  readonly plan: string;
  readonly vip: boolean | null;
  readonly born: string | null;
  readonly signup: TimeSpec;
}

export interface RawEvent {
  /** Index into the members; negative: a key that matches no member. */
  readonly who: number;
  readonly at: TimeSpec;
  readonly dec: string;
  readonly int: number | null;
  readonly str: string | null;
  readonly enumIndex: number;
}

export interface RawData {
  /** Indices into KEYS (distinct). */
  readonly keys: readonly number[];
  readonly customers: readonly RawCustomer[];
  readonly events: readonly (readonly RawEvent[])[];
}

export type Rows = Record<string, Record<string, unknown>[]>;

const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 4 });

const DAY = 86_400_000;

export const timeSpecArb: fc.Arbitrary<TimeSpec> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant("now" as const), delta: fc.constantFrom(-1, 0, 1, -1000, DAY, -DAY) }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant("back" as const),
      n: fc.constantFrom(1, 2, 3, 4, 6, 8, 12, 30, 90),
      unit: fc.constantFrom<TimeUnit>(...TIME_UNITS.filter((u) => u !== "minute")),
      delta: fc.constantFrom(0, 0, 0, -1, 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("abs" as const),
      iso: fc.constantFrom(...DATES).map((d) => `${d}T00:00:00.000Z`),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("ago" as const), ms: fc.integer({ min: 0, max: 400 * DAY }) }) },
);

export function resolveTime(t: TimeSpec, nowMs: number): number {
  switch (t.k) {
    case "now":
      return nowMs + t.delta;
    case "back":
      return shiftMs(nowMs, -t.n, t.unit) + t.delta;
    case "abs":
      return Date.parse(t.iso);
    case "ago":
      return nowMs - t.ms;
  }
}

const customerArb: fc.Arbitrary<RawCustomer> = fc.record({
  age: nullable(fc.constantFrom(...INTS)),
  balance: nullable(fc.constantFrom(...DECIMALS)),
  score: nullable(fc.constantFrom(...FLOATS)),
  name: nullable(fc.constantFrom(...STRINGS)),
  plan: fc.constantFrom(...PLAN_VALUES),
  vip: nullable(fc.boolean()),
  born: nullable(fc.constantFrom(...DATES)),
  signup: timeSpecArb,
});

const eventArb: fc.Arbitrary<RawEvent> = fc.record({
  who: fc.oneof({ weight: 12, arbitrary: fc.nat(11) }, { weight: 1, arbitrary: fc.constant(-1) }),
  at: timeSpecArb,
  dec: fc.constantFrom(...DECIMALS),
  int: nullable(fc.constantFrom(...INTS.filter((i) => Math.abs(i) < 1000))),
  str: nullable(fc.constantFrom(...STRINGS)),
  enumIndex: fc.nat(3),
});

export interface DataLimits {
  readonly maxCustomers: number;
  readonly maxEvents: number;
}

export function rawDataArb(limits: DataLimits = { maxCustomers: 12, maxEvents: 40 }): fc.Arbitrary<RawData> {
  return fc.record({
    keys: fc.uniqueArray(fc.nat(KEYS.length - 1), { minLength: 0, maxLength: limits.maxCustomers }),
    customers: fc.array(customerArb, { minLength: limits.maxCustomers, maxLength: limits.maxCustomers }),
    events: fc.tuple(
      fc.array(eventArb, { maxLength: Math.ceil((limits.maxEvents * 2) / 3) }),
      fc.array(eventArb, { maxLength: Math.floor(limits.maxEvents / 3) }),
    ),
  });
}

/** The rows of every table, by column name, in the corpus's value format. */
export function resolveData(raw: RawData, now: string): Rows {
  const nowMs = Date.parse(now);
  const keys = raw.keys.map((i) => KEYS[i]!);
  const customers = keys.map((id, i) => {
    const c = raw.customers[i % raw.customers.length]!;
    return {
      id,
      age: c.age,
      balance: c.balance,
      score: c.score,
      name: c.name,
      plan: c.plan,
      vip: c.vip,
      born: c.born,
      "signed up": iso(resolveTime(c.signup, nowMs)),
    };
  });
  const rows: Rows = { [ENTITY_TABLE]: customers };
  EVENT_SETS.forEach((set, s) => {
    rows[set.table] = (raw.events[s] ?? []).map((e) => ({
      [set.by]: e.who < 0 || keys.length === 0 ? "zz-orphan" : keys[e.who % keys.length]!,
      [set.at]: iso(resolveTime(e.at, nowMs)),
      [set.decimal === "amount" ? "amt" : set.decimal]: e.dec,
      [set.int]: e.int,
      [set.string]: e.str,
      [set.enumField]: set.enumValues[e.enumIndex % set.enumValues.length]!,
    }));
  });
  return rows;
}
