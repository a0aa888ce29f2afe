// The workload of the SQL and JS benchmarks: one schema and ten typical segments, written to
// .bench/workload/ at run time. The hand-written SQL (sql.mjs) and JS (js.mjs) baselines compute
// exactly these ten segments; change one side and the other must follow (the benchmarks verify it).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./common.mjs";

/** The evaluation instant of every benchmark (`--as-of`). */
export const AS_OF = "2025-07-01T00:00:00Z";
export const AS_OF_MS = Date.parse(AS_OF);
export const DAY_MS = 86_400_000;

/** Orders span the two years before AS_OF, and a few days after it (those must be ignored). */
export const ORDERS_FROM_MS = AS_OF_MS - 730 * DAY_MS;
export const ORDERS_TO_MS = AS_OF_MS + 10 * DAY_MS;

export const SCHEMA = `// schema.seg: the benchmark warehouse (scripts/bench/workload.mjs)

/// One row per customer.
entity customer from "customers" key customer_id {
  customer_id: int
  country: string
  plan: enum("free", "basic", "pro")
  signup_at: timestamp
  marketing_opt_in: bool
}

/// Every order.
events orders of customer from "orders" by customer_id at ordered_at {
  amount: decimal(2)
  status: enum("paid", "refunded", "cancelled")
  channel: enum("web", "app", "store", "marketplace")
  category: string
}
`;

export const SEGMENTS = `// segments.seg: ten typical segments (scripts/bench/workload.mjs)
import "./schema.seg"

/// Paid spend over the last twelve months.
measure spend_12m = sum(orders.amount where status = "paid") over last 365 days

/// 1. Paid at least six times in the last year (a count with a filter and a window).
segment FrequentBuyers where count(orders where status = "paid") over last 365 days >= 6

/// 2. Spent over 300 in the last 30 days and reachable by email (a sum over a window).
segment BigSpenders30d where sum(orders.amount where status = "paid") over last 30 days > 300 and marketing_opt_in

/// 3. About one paid order a month over the last quarter (a rate).
segment MonthlyBuyers where count(orders where status = "paid") >= 1 per month over last 90 days

/// 4. Paid between a year and three months ago, nothing since (lapsed: any and none).
segment Lapsed where any(orders where status = "paid") over from 365 days ago to 90 days ago
  and none(orders) over last 90 days

/// 5. Mostly orders through the app (a share).
segment AppFirst where share(orders where channel = "app") over last 365 days > 50%
  and orders over last 365 days >= 3

/// 6. Ordered in the last two weeks (recency).
segment RecentlyActive where latest(orders.at) within last 14 days

/// 7. The top 10% by twelve-month spend (a rank over everyone).
segment TopSpenders where spend_12m in top 10%

/// 8. Top spenders who have not paid for two months (a segment reference).
segment VipAtRisk where TopSpenders and none(orders where status = "paid") over last 60 days

/// 9. Paying plans with two or more refunds ever (an entity field).
segment SerialRefunders where count(orders where status = "refunded") >= 2 and plan != "free"

/// 10. Big baskets in North America (an average).
segment BigBasketsNA where avg(orders.amount where status = "paid") over last 90 days > 150
  and country in ("US", "CA")
`;

export const SEGMENT_NAMES = [
  "FrequentBuyers",
  "BigSpenders30d",
  "MonthlyBuyers",
  "Lapsed",
  "AppFirst",
  "RecentlyActive",
  "TopSpenders",
  "VipAtRisk",
  "SerialRefunders",
  "BigBasketsNA",
];

/** Writes the two files; returns the path of segments.seg. */
export function writeWorkload() {
  const dir = cacheDir("workload");
  writeFileSync(join(dir, "schema.seg"), SCHEMA);
  writeFileSync(join(dir, "segments.seg"), SEGMENTS);
  return join(dir, "segments.seg");
}

/** Categorical distributions shared by the SQL and JS data generators: [value, weight %]. */
export const COUNTRIES = [
  ["US", 38],
  ["GB", 14],
  ["DE", 11],
  ["FR", 9],
  ["CA", 8],
  ["ES", 6],
  ["IT", 5],
  ["NL", 4],
  ["BR", 3],
  ["JP", 2],
];
export const PLANS = [
  ["free", 60],
  ["basic", 30],
  ["pro", 10],
];
export const STATUSES = [
  ["paid", 85],
  ["refunded", 10],
  ["cancelled", 5],
];
export const CHANNELS = [
  ["web", 45],
  ["app", 30],
  ["store", 15],
  ["marketplace", 10],
];
export const CATEGORIES = [
  ["apparel", 25],
  ["shoes", 15],
  ["electronics", 12],
  ["home", 12],
  ["beauty", 10],
  ["toys", 8],
  ["grocery", 10],
  ["gifts", 8],
];
