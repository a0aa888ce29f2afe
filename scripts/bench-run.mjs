// Benchmark of `seg run` on Parquet: 1M customers and 10M orders (generated once under .bench/run
// with DuckDB's range() and hash(), so it takes seconds, not minutes). Times seg run's whole path
// (compile, load and validate, flags query, summary) against DuckDB running a hand-written
// equivalent query on the same files in the same process, and prints both and the overhead.
//
//   npm run build && node scripts/bench-run.mjs [--customers N] [--orders N] [--runs N] [--regen]
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const ROOT = new URL("../", import.meta.url).pathname;
const DIST = join(ROOT, "dist", "src");
if (!existsSync(join(DIST, "run", "run.js"))) {
  console.error("bench-run: dist/ is missing; run `npm run build` first");
  process.exit(2);
}
const { runSegments } = await import(join(DIST, "run", "run.js"));
const { openSession } = await import(join(DIST, "run", "session.js"));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const CUSTOMERS = arg("customers", 1_000_000);
const ORDERS = arg("orders", 10_000_000);
const RUNS = arg("runs", 3);
const AS_OF = "2025-07-01T00:00:00Z";

const dir = join(ROOT, ".bench", "run", `${CUSTOMERS}-${ORDERS}`);
const data = join(dir, "data");
mkdirSync(data, { recursive: true });

const SCHEMA = `entity customer from "shop.customers" key customer_id {
  customer_id: string
  country: string
  signup_at: timestamp
  loyalty_member: bool?
  lifetime_value: decimal(2)?
}

events orders of customer from "shop.orders" by customer_id at ordered_at {
  amount: decimal(2)
  channel: enum("web", "app", "marketplace")
  category: string
  status: enum("paid", "refunded", "cancelled")
  discount_code: string?
}
`;

const SEGMENTS = `import "./schema.seg"
default window last 90 days
measure spend = sum(orders.amount where status = "paid")
measure spend_12m = sum(orders.amount where status = "paid") over last 12 months

segmentation PurchaseFrequency {
  High    where count(orders where status = "paid") >= 1 every week over last 8 weeks
  Medium  where count(orders where status = "paid") >= 1 per month
  Low     where any(orders where status = "paid") over last 6 months
  Churned otherwise
}
segment LoyalHighValue where count(orders where status = "paid") >= 2 per month over last 6 months and spend_12m > 1000
segment WinBack where any(orders where status = "paid") over from 180 days ago to 90 days ago
  and none(orders) over last 90 days
  and (spend in top 25% or lifetime_value >= 2500)
segment MarketplaceDrifters where PurchaseFrequency.Low and share(orders where channel = "marketplace") > 50%
segment HolidayBuyers where any(orders where status = "paid") over from date "2024-11-01" to date "2025-01-01"
segment NewCustomers where earliest(orders.at where status = "paid") within last 30 days
`;

// The same segments written by hand for DuckDB, over the same files: one scan of the orders.
const NOW = "TIMESTAMP '2025-07-01 00:00:00'";
const handWritten = (customers, orders) => `
WITH o AS (
  SELECT customer_id,
    count(DISTINCT CAST(ceil(epoch(${NOW} - ordered_at) / 604800) AS BIGINT) - 1)
      FILTER (WHERE status = 'paid' AND ordered_at >= ${NOW} - INTERVAL 56 DAY AND ordered_at < ${NOW}) AS paid_weeks_8,
    count(*) FILTER (WHERE status = 'paid' AND ordered_at >= ${NOW} - INTERVAL 90 DAY AND ordered_at < ${NOW}) AS paid_90d,
    count(*) FILTER (WHERE status = 'paid' AND ordered_at >= ${NOW} - INTERVAL 6 MONTH AND ordered_at < ${NOW}) AS paid_6m,
    sum(amount) FILTER (WHERE status = 'paid' AND ordered_at >= ${NOW} - INTERVAL 12 MONTH AND ordered_at < ${NOW}) AS spend_12m,
    count(*) FILTER (WHERE status = 'paid' AND ordered_at >= ${NOW} - INTERVAL 180 DAY AND ordered_at < ${NOW} - INTERVAL 90 DAY) AS paid_180_90,
    count(*) FILTER (WHERE ordered_at >= ${NOW} - INTERVAL 90 DAY AND ordered_at < ${NOW}) AS any_90d,
    sum(amount) FILTER (WHERE status = 'paid' AND ordered_at < ${NOW}) AS spend,
    count(*) FILTER (WHERE channel = 'marketplace' AND ordered_at < ${NOW}) AS marketplace,
    count(*) FILTER (WHERE ordered_at < ${NOW}) AS n,
    count(*) FILTER (WHERE status = 'paid' AND ordered_at >= TIMESTAMP '2024-11-01' AND ordered_at < TIMESTAMP '2025-01-01') AS holiday,
    min(ordered_at) FILTER (WHERE status = 'paid' AND ordered_at < ${NOW}) AS first_paid
  FROM read_parquet('${orders}')
  GROUP BY customer_id
),
m AS (
  SELECT c.customer_id, c.lifetime_value, o.*,
    coalesce(o.spend, 0) AS spend0,
    (rank() OVER (ORDER BY coalesce(o.spend, 0) DESC) - 1) * 100 < 25 * count(*) OVER () AS spend_top25
  FROM read_parquet('${customers}') c LEFT JOIN o USING (customer_id)
),
t AS (
  SELECT *, CASE
      WHEN coalesce(paid_weeks_8, 0) = 8 THEN 'High'
      WHEN coalesce(paid_90d, 0) >= 3 THEN 'Medium'
      WHEN coalesce(paid_6m, 0) > 0 THEN 'Low'
      ELSE 'Churned' END AS tier
  FROM m
)
SELECT customer_id,
  coalesce(paid_6m >= 12 AND spend_12m > 1000, false) AS "LoyalHighValue",
  coalesce(paid_180_90 > 0 AND coalesce(any_90d, 0) = 0 AND (spend_top25 OR lifetime_value >= 2500), false) AS "WinBack",
  coalesce(tier = 'Low' AND marketplace / n > 0.5, false) AS "MarketplaceDrifters",
  coalesce(holiday > 0, false) AS "HolidayBuyers",
  coalesce(first_paid >= ${NOW} - INTERVAL 30 DAY, false) AS "NewCustomers",
  tier AS "PurchaseFrequency"
FROM t ORDER BY customer_id`;

const SEGS = ["LoyalHighValue", "WinBack", "MarketplaceDrifters", "HolidayBuyers", "NewCustomers"];
const summarySql = (table) => {
  const cols = ["count(*) AS population", ...SEGS.map((s) => `count(*) FILTER (WHERE "${s}") AS "${s}"`)];
  for (let i = 0; i < SEGS.length; i++)
    for (let j = i + 1; j < SEGS.length; j++) cols.push(`count(*) FILTER (WHERE "${SEGS[i]}" AND "${SEGS[j]}")`);
  for (const t of ["High", "Medium", "Low", "Churned"])
    cols.push(`count(*) FILTER (WHERE "PurchaseFrequency" = '${t}') AS "${t}"`);
  return `SELECT ${cols.join(", ")} FROM ${table}`;
};

const ms = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x) => `${(x / 1000).toFixed(2)} s`;

async function generate() {
  const customers = join(data, "shop.customers.parquet");
  const orders = join(data, "shop.orders.parquet");
  if (existsSync(customers) && existsSync(orders) && !process.argv.includes("--regen")) return { customers, orders };
  console.log(
    `generating ${CUSTOMERS.toLocaleString("en")} customers and ${ORDERS.toLocaleString("en")} orders under ${dir} …`,
  );
  const t = ms();
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  const key = (x) => `'C' || lpad(CAST(${x} AS VARCHAR), 8, '0')`;
  // hash(i, k) gives independent pseudo-random streams per column k; deterministic for a given DuckDB.
  await c.run(`COPY (
    SELECT ${key("i")} AS customer_id,
      ['US', 'GB', 'DE', 'FR', 'CA', 'AU', 'IN', 'BR'][CAST(1 + hash(i, 1) % 8 AS BIGINT)] AS country,
      TIMESTAMP '2020-01-01' + to_milliseconds(CAST(hash(i, 2) % 173000000000 AS BIGINT)) AS signup_at,
      CASE WHEN hash(i, 3) % 10 = 0 THEN NULL ELSE hash(i, 3) % 2 = 0 END AS loyalty_member,
      CASE WHEN hash(i, 4) % 7 = 0 THEN NULL ELSE CAST((hash(i, 4) % 400000) / 100 AS DECIMAL(18, 2)) END AS lifetime_value
    FROM range(${CUSTOMERS}) t(i)) TO '${customers}' (FORMAT parquet)`);
  // Busy customers order more: the customer index is skewed towards low numbers.
  await c.run(`COPY (
    SELECT ${key(`CAST(floor(${CUSTOMERS} * pow((hash(j, 10) % 1000000) / 1000000.0, 1.6)) AS BIGINT)`)} AS customer_id,
      TIMESTAMP '2025-07-01' - to_milliseconds(CAST(hash(j, 11) % 47347200000 AS BIGINT)) AS ordered_at,
      CAST(5 + (hash(j, 12) % 29500) / 100 AS DECIMAL(18, 2)) AS amount,
      ['web', 'web', 'app', 'marketplace'][CAST(1 + hash(j, 13) % 4 AS BIGINT)] AS channel,
      ['electronics', 'home', 'beauty', 'fashion', 'sports', 'toys', 'books', 'grocery', 'gifts', 'outerwear'][CAST(1 + hash(j, 14) % 10 AS BIGINT)] AS category,
      CASE WHEN hash(j, 15) % 100 < 88 THEN 'paid' WHEN hash(j, 15) % 100 < 95 THEN 'refunded' ELSE 'cancelled' END AS status,
      CASE WHEN hash(j, 16) % 5 = 0 THEN 'CODE' || (hash(j, 16) % 7) END AS discount_code
    FROM range(${ORDERS}) t(j) ORDER BY ordered_at) TO '${orders}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  console.log(`generated in ${fmt(ms() - t)}`);
  return { customers, orders };
}

async function timeSeg() {
  const t0 = ms();
  const r = await runSegments(join(dir, "segments.seg"), { dataDir: data, asOf: AS_OF });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const total = ms() - t0;
  const e = r.entities[0];
  return {
    total,
    counts: [
      e.population,
      ...e.segments.map((s) => s.size),
      ...e.overlaps.map((o) => o.size),
      ...e.segmentations[0].tiers.map((t) => t.size),
    ],
  };
}

/** seg run's steps one by one (compile and load, flags, summary), for the breakdown. */
async function segSteps() {
  const t0 = ms();
  const opened = await openSession(join(dir, "segments.seg"), { dataDir: data, asOf: AS_OF });
  const t1 = ms();
  const s = opened.session;
  await s.engine.run(`CREATE TEMP TABLE f AS ${s.flagsSql[0]}`);
  const t2 = ms();
  await s.engine.rows(summarySql("f"));
  const t3 = ms();
  s.close();
  return { load: t1 - t0, flags: t2 - t1, summary: t3 - t2 };
}

async function timeHand(files) {
  const t0 = ms();
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  await c.run(`CREATE TEMP TABLE f AS ${handWritten(files.customers, files.orders)}`);
  const reader = await c.runAndReadAll(summarySql("f"));
  const row = reader.getRows()[0].map(Number);
  c.closeSync();
  db.closeSync();
  return { total: ms() - t0, counts: row };
}

const files = await generate();
writeFileSync(join(dir, "schema.seg"), SCHEMA);
writeFileSync(join(dir, "segments.seg"), SEGMENTS);

console.log(
  `seg run vs hand-written DuckDB SQL: ${CUSTOMERS.toLocaleString("en")} customers, ${ORDERS.toLocaleString("en")} orders (Parquet), best of ${RUNS} runs after a warm-up`,
);
await timeSeg();
await timeHand(files);
const seg = [];
const hand = [];
const steps = [];
let agree = true;
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so that load on the machine hits both alike.
  const a = await timeSeg();
  const b = await timeHand(files);
  steps.push(await segSteps());
  seg.push(a.total);
  hand.push(b.total);
  agree &&= JSON.stringify(a.counts) === JSON.stringify(b.counts);
  if (i === 0 && !agree) console.log(`  the two disagree:\n  seg  ${a.counts.join(" ")}\n  hand ${b.counts.join(" ")}`);
}
// The machine may be busy: the fastest of the runs is the least disturbed measurement of each.
const step = (k) => Math.min(...steps.map((x) => x[k]));
const s = Math.min(...seg);
const h = Math.min(...hand);
console.log(`  medians: seg run ${fmt(median(seg))}, hand-written ${fmt(median(hand))}`);
console.log(
  `  seg run (compile + load + validate + flags + summary): ${fmt(s)}  [compile + load/validate ${fmt(step("load"))}, flags ${fmt(step("flags"))}, summary ${fmt(step("summary"))}]`,
);
console.log(`  hand-written SQL (flags + summary):                   ${fmt(h)}`);
console.log(
  `  overhead: ${(((s - h) / h) * 100).toFixed(1)}% (ratio ${(s / h).toFixed(2)}); results ${agree ? "agree" : "DISAGREE"}`,
);
console.log(
  `BENCH_RESULT ${JSON.stringify({ name: "seg-run", customers: CUSTOMERS, orders: ORDERS, segMs: Math.round(s), handMs: Math.round(h), overhead: (s - h) / h, agree })}`,
);
