// The fixed schema family of the differential fuzzer and the value pools its generators draw from.
//
// One entity with a field of every type (all nullable except the key, the enum and the timestamp)
// and two event tables. Column names that are not identifiers ("signed up", "customer id") make
// every backend quote them. The pools are small on purpose: values collide often, so sums and
// averages land exactly on the thresholds the segments compare them with.

export const SCHEMA = `entity customer from "customers" key id {
  id: string
  age: int?
  balance: decimal(2)?
  score: float?
  name: string?
  plan: enum("free", "pro", "enterprise")
  vip: bool?
  born: date?
  signup_at: timestamp from "signed up"
}

events orders of customer from "orders" by customer_id at ordered_at {
  amount: decimal(2) from "amt"
  channel: enum("web", "app", "store", "email")
  note: string?
  qty: int?
}

events visits of customer from "visits" by "customer id" at visited_at {
  device: enum("mobile", "desktop", "tablet")
  secs: int?
  page: string?
  cost: decimal(2)
}
`;

export const ENTITY_TABLE = "customers";
export const ORDERS_TABLE = "orders";
export const VISITS_TABLE = "visits";

export type EventSetName = "orders" | "visits";

export interface EventSetInfo {
  readonly name: EventSetName;
  readonly table: string;
  readonly by: string;
  readonly at: string;
  /** Field names by kind (the event time `at` is separate). */
  readonly decimal: string;
  readonly int: string;
  readonly string: string;
  readonly enumField: string;
  readonly enumValues: readonly string[];
}

export const EVENT_SETS: readonly EventSetInfo[] = [
  {
    name: "orders",
    table: ORDERS_TABLE,
    by: "customer_id",
    at: "ordered_at",
    decimal: "amount",
    int: "qty",
    string: "note",
    enumField: "channel",
    enumValues: ["web", "app", "store", "email"],
  },
  {
    name: "visits",
    table: VISITS_TABLE,
    by: "customer id",
    at: "visited_at",
    decimal: "cost",
    int: "secs",
    string: "page",
    enumField: "device",
    enumValues: ["mobile", "desktop", "tablet"],
  },
];

export const PLAN_VALUES = ["free", "pro", "enterprise"] as const;

/** Evaluation instants: leap days, month ends, midnight and the last millisecond of a day. */
export const NOWS = [
  "2024-02-29T00:00:00Z",
  "2024-02-29T12:30:00Z",
  "2024-03-31T00:00:00Z",
  "2024-03-31T23:59:59.999Z",
  "2024-03-01T00:00:00Z",
  "2024-01-31T10:00:00Z",
  "2024-05-31T06:00:00Z",
  "2025-03-01T00:00:00Z",
] as const;

/** Entity keys: distinct under code-point comparison, equal under case folding or PAD SPACE. */
export const KEYS = [
  "c1",
  "c2",
  "c3",
  "C1",
  "c1 ",
  "c4",
  "é",
  "e\u0301",
  "😀",
  "k'1",
  "k\\2",
  "k%_",
  "c5",
  "c6",
] as const;

export const INTS = [0, 1, 2, 3, -1, 5, 17, 18, 30, 65, 100, 2147483648, -7] as const;

/** decimal(2) values as text; sums of some of them hit the decimal thresholds below. */
export const DECIMALS = [
  "0.00",
  "0.10",
  "0.20",
  "0.05",
  "0.15",
  "1.00",
  "1.50",
  "2.50",
  "-2.50",
  "9.99",
  "10.00",
  "0.01",
  "-1.00",
  "33.33",
  "0.30",
  "-0.25",
  "2.25",
  "0.45",
] as const;

/** Doubles, including ones whose shortest decimal form sits next to a rounding edge. */
export const FLOATS = [
  0, 0.1, 0.2, 0.3, 0.5, 1.5, 2.5, -2.5, -0.5, 1.005, 2.675, 0.30000000000000004, 2.4999999999999996, 1e-7, 123.456,
  0.15, 33.33, 0.125, -0.125, 0.285, 1.255, 8.345, -1.005, 0.045,
] as const;

/**
 * Strings: case, accents (precomposed and combining), trailing and leading spaces, quotes,
 * backslashes, LIKE wildcards, characters outside the BMP, and case mappings that change length.
 */
export const STRINGS = [
  "",
  "a",
  "A",
  "a ",
  " a",
  "ab",
  "b",
  "ä",
  "Ä",
  "é",
  "e\u0301",
  "É",
  "O'Brien",
  'say "hi"',
  "a\\b",
  "\\",
  "100%",
  "%",
  "_",
  "a_b",
  "😀",
  "x😀y",
  "ß",
  "SS",
  "ǅ",
  "ﬃ",
  "İ",
  "\uFFFF",
  "tab\tx",
  "Ann",
  "ann",
  "line\nbreak",
] as const;

/** Calendar dates near the evaluation instants (leap days, month ends, year ends). */
export const DATES = [
  "2023-03-31",
  "2023-12-31",
  "2024-01-01",
  "2024-01-31",
  "2024-02-01",
  "2024-02-28",
  "2024-02-29",
  "2024-03-01",
  "2024-03-30",
  "2024-03-31",
  "2024-04-01",
  "2024-12-31",
] as const;

export const TIME_UNITS = ["minute", "hour", "day", "week", "month", "quarter", "year"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

const FIXED_MS: Partial<Record<TimeUnit, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};
const MONTHS: Partial<Record<TimeUnit, number>> = { month: 1, quarter: 3, year: 12 };

/**
 * `ms` moved by `amount` units (language.md 5.5): fixed units by their length, calendar units by
 * moving the date and clamping to the month's last day. Written independently of the compiler.
 */
export function shiftMs(ms: number, amount: number, unit: TimeUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return ms + amount * fixed;
  const d = new Date(ms);
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth() + amount * MONTHS[unit]!;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), daysInMonth);
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** "YYYY-MM-DDTHH:MM:SS.sssZ" */
export const iso = (ms: number): string => new Date(ms).toISOString();
