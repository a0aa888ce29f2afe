// Benchmark 3, JavaScript: the emitted module's `evaluate(members, { now })` for the ten workload
// segments, against a hand-written loop computing the same ten segments (plain loops, no runtime
// library), on 1M in-memory members with ~10 orders each (--quick: 100k). Timed interleaved in one
// process; both must return the same keys for every segment.
import { join } from "node:path";
import {
  benchArgs,
  fmtInt,
  fmtMs,
  fmtRate,
  fmtSamples,
  heading,
  log,
  measureInterleaved,
  nowMs,
  report,
  rng,
  row,
  DIST,
} from "./common.mjs";
import {
  AS_OF_MS,
  CATEGORIES,
  CHANNELS,
  COUNTRIES,
  DAY_MS,
  ORDERS_FROM_MS,
  ORDERS_TO_MS,
  PLANS,
  SEGMENT_NAMES,
  STATUSES,
  writeWorkload,
} from "./workload.mjs";

const { compile } = await import(join(DIST, "index.js"));
const { compileToFunctions } = await import(join(DIST, "backend", "js", "in-process.js"));

const { quick, runs } = benchArgs();
const MEMBERS = quick ? 100_000 : 1_000_000;
const GOAL = 0.5;
/** `--amounts strings`: decimal amounts as text ("12.50"), as a JSON or CSV loader gives them. */
const amountsAt = process.argv.indexOf("--amounts");
const AMOUNT_STRINGS = amountsAt >= 0 && process.argv[amountsAt + 1] === "strings";

// ---------------------------------------------------------------- members

/** A weighted pick from [value, weight %] pairs, for u uniform in [0, 1). */
function picker(weights) {
  const values = [];
  for (const [v, w] of weights) for (let i = 0; i < w; i++) values.push(v);
  return (u) => values[Math.floor(u * values.length)];
}

/**
 * The same shape of population as the SQL benchmark: 20% never ordered, the first 10% buy about
 * three times as often, order times lean recent, amounts skew small, some orders fall after AS_OF.
 * Orders are in time order within a member (as a loader that reads an event table sorted by time gives them).
 */
function generate(n) {
  const r = rng(42);
  const country = picker(COUNTRIES);
  const plan = picker(PLANS);
  const status = picker(STATUSES);
  const channel = picker(CHANNELS);
  const category = picker(CATEGORIES);
  const span = ORDERS_TO_MS - ORDERS_FROM_MS;
  const members = new Array(n);
  let orderCount = 0;
  for (let i = 0; i < n; i++) {
    const active = i < n * 0.8;
    const heavy = i < n * 0.1;
    const k = !active ? 0 : heavy ? 12 + Math.floor(r() * 30) : Math.floor(r() * 19);
    const times = new Float64Array(k);
    for (let j = 0; j < k; j++) times[j] = Math.floor(ORDERS_FROM_MS + Math.sqrt(r()) * span);
    times.sort();
    const orders = new Array(k);
    for (let j = 0; j < k; j++) {
      const cents = Math.round((2 + 498 * Math.pow(r(), 2.2)) * 100);
      orders[j] = {
        at: times[j],
        amount: AMOUNT_STRINGS ? (cents / 100).toFixed(2) : cents / 100,
        status: status(r()),
        channel: channel(r()),
        category: category(r()),
      };
    }
    orderCount += k;
    members[i] = {
      customer_id: i + 1,
      country: country(r()),
      plan: plan(r()),
      signup_at: Math.floor(ORDERS_FROM_MS - 3 * 365 * DAY_MS + r() * 5 * 365 * DAY_MS),
      marketing_opt_in: r() < 0.6,
      orders,
    };
  }
  return { members, orderCount };
}

// ---------------------------------------------------------------- the hand-written loop

/**
 * The ten segments by hand: one pass over each member's orders with a counter per aggregate,
 * money in integer cents, then one sort for the top-10% threshold. Returns keys per segment in
 * input order, the shape `evaluate` returns.
 */
function handEvaluate(members, now) {
  const d365 = now - 365 * DAY_MS;
  const d90 = now - 90 * DAY_MS;
  const d60 = now - 60 * DAY_MS;
  const d30 = now - 30 * DAY_MS;
  const d14 = now - 14 * DAY_MS;
  const n = members.length;
  const spend365 = new Float64Array(n);
  const paid60 = new Uint8Array(n);
  const out = SEGMENT_NAMES.map(() => []);
  const [frequent, big30, monthly, lapsed, app, recent, top, vip, refunders, baskets] = out;
  for (let i = 0; i < n; i++) {
    const m = members[i];
    const orders = m.orders;
    let paid365 = 0;
    let cents30 = 0;
    let paid90 = 0;
    let paidOld = 0;
    let orders90 = 0;
    let app365 = 0;
    let orders365 = 0;
    let last = -Infinity;
    let cents365 = 0;
    let p60 = 0;
    let refunds = 0;
    let cents90 = 0;
    for (let j = 0; j < orders.length; j++) {
      const o = orders[j];
      const at = o.at;
      if (at >= now) continue;
      if (at > last) last = at;
      const st = o.status;
      if (st === "refunded") refunds++;
      if (at < d365) continue;
      orders365++;
      if (o.channel === "app") app365++;
      if (at >= d90) orders90++;
      if (st !== "paid") continue;
      const a = o.amount;
      const cents = Math.round((typeof a === "number" ? a : Number(a)) * 100);
      paid365++;
      cents365 += cents;
      if (at >= d90) {
        paid90++;
        cents90 += cents;
      } else paidOld++;
      if (at >= d60) p60++;
      if (at >= d30) cents30 += cents;
    }
    spend365[i] = cents365;
    paid60[i] = p60 > 0 ? 1 : 0;
    const key = m.customer_id;
    if (paid365 >= 6) frequent.push(key);
    if (cents30 > 30000 && m.marketing_opt_in) big30.push(key);
    if (paid90 >= 3) monthly.push(key);
    if (paidOld > 0 && orders90 === 0) lapsed.push(key);
    if (app365 * 2 > orders365 && orders365 >= 3) app.push(key);
    if (last >= d14) recent.push(key);
    if (refunds >= 2 && m.plan !== "free") refunders.push(key);
    if (paid90 > 0 && cents90 > 15000 * paid90 && (m.country === "US" || m.country === "CA")) baskets.push(key);
  }
  // Top 10%: fewer than n/10 members strictly above, i.e. at or above the ceil(n/10)-th largest.
  const sorted = Float64Array.from(spend365).sort();
  const edge = sorted[n - Math.ceil(n / 10)];
  for (let i = 0; i < n; i++) {
    if (spend365[i] >= edge) {
      top.push(members[i].customer_id);
      if (paid60[i] === 0) vip.push(members[i].customer_id);
    }
  }
  return Object.fromEntries(SEGMENT_NAMES.map((s, i) => [s, out[i]]));
}

// ---------------------------------------------------------------- run

heading(`JS: ${fmtInt(MEMBERS)} in-memory members, 10 segments${AMOUNT_STRINGS ? " (amounts as strings)" : ""}`);
const segPath = writeWorkload();
const compiled = compile(segPath, { to: "js" });
if (!compiled.ok) throw new Error(compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join("; "));
const fns = await compileToFunctions(compiled.plans);
log(`compiled module: ${fmtInt(fns.source.length)} characters (compileToFunctions of the plans of ${segPath})`);

let t0 = nowMs();
const { members, orderCount } = generate(MEMBERS);
log(
  `generated ${fmtInt(MEMBERS)} members, ${fmtInt(orderCount)} orders in ${fmtMs(nowMs() - t0)}; amounts as ${AMOUNT_STRINGS ? "strings" : "numbers"}, times as epoch ms`,
);

// Same members?
const got = fns.evaluate(members, { now: AS_OF_MS }).segments;
const want = handEvaluate(members, AS_OF_MS);
let mismatches = 0;
log(`\n${"segment".padEnd(18)} ${"compiled".padStart(10)} ${"hand".padStart(10)}`);
for (const s of SEGMENT_NAMES) {
  const a = got[s] ?? [];
  const b = want[s];
  const same = a.length === b.length && a.every((k, i) => k === b[i]);
  if (!same) mismatches++;
  log(
    `${s.padEnd(18)} ${fmtInt(a.length).padStart(10)} ${fmtInt(b.length).padStart(10)}${same ? "" : "   <<<<<< MISMATCH"}`,
  );
  if (!same) {
    const inA = new Set(a);
    const inB = new Set(b);
    const only = (xs, other) =>
      xs
        .filter((k) => !other.has(k))
        .slice(0, 5)
        .join(", ") || "-";
    log(`  only compiled: ${only(a, inB)}; only hand-written: ${only(b, inA)}`);
  }
}
if (mismatches) log(`\n!!!!!! ${mismatches} MISMATCHES: the compiled module and the hand-written loop disagree !!!!!!`);
else log(`same keys, in the same order, in all 10 segments`);

log(`\ntiming: median of ${runs} interleaved runs after 1 warm-up`);
let sink = 0;
const t = await measureInterleaved(
  {
    compiled: () => {
      sink += fns.evaluate(members, { now: AS_OF_MS }).segments.TopSpenders.length;
    },
    hand: () => {
      sink += handEvaluate(members, AS_OF_MS).TopSpenders.length;
    },
  },
  { runs, warmup: 1 },
);
const perS = (m) => MEMBERS / (m.median / 1000);
const ratio = perS(t.compiled) / perS(t.hand);
log(
  `compiled evaluate  ${fmtMs(t.compiled.median).padStart(9)}  cpu ${fmtMs(t.compiled.cpu).padStart(9)}  ${fmtRate(perS(t.compiled))} members  ${fmtSamples(t.compiled.samples)}`,
);
log(
  `hand-written loop  ${fmtMs(t.hand.median).padStart(9)}  cpu ${fmtMs(t.hand.cpu).padStart(9)}  ${fmtRate(perS(t.hand))} members  ${fmtSamples(t.hand.samples)}`,
);
log(`throughput compiled / hand-written = ${ratio.toFixed(2)} (goal >= ${GOAL})`);
if (sink < 0) log("");

report({
  bench: "js",
  rows: [
    row(
      `JS evaluate, ${MEMBERS / 1000}k members${AMOUNT_STRINGS ? " (string amounts)" : ""}`,
      `${fmtRate(perS(t.compiled))} (${fmtMs(t.compiled.median)})`,
      `hand ${fmtRate(perS(t.hand))} (${fmtMs(t.hand.median)})`,
      ratio,
      `>= ${GOAL}`,
      ratio >= GOAL && mismatches === 0,
      t.hand.cpu / t.compiled.cpu,
    ),
  ],
  mismatches,
  figures: {
    members: MEMBERS,
    orders: orderCount,
    amounts: AMOUNT_STRINGS ? "strings" : "numbers",
    compiledMs: t.compiled.median,
    handMs: t.hand.median,
    compiledCpuMs: t.compiled.cpu,
    handCpuMs: t.hand.cpu,
    compiledPerS: perS(t.compiled),
    handPerS: perS(t.hand),
    ratio,
    counts: Object.fromEntries(SEGMENT_NAMES.map((s) => [s, want[s].length])),
  },
});
