#!/usr/bin/env node
// `npm run bench`: the benchmarks of seg. Usage: node scripts/bench.mjs [--quick] [--only NAME] [--runs N] [--diagnose]
//
// Each benchmark compares seg against a baseline measured in the same run and reports the ratio;
// none of this is a pass/fail test (timings never are). Benchmarks run one after the other, each in
// its own node process (so one's heap does not slow the next); the figures they report are
// gathered into the summary table at the end and into .bench/latest.json. The method and the
// latest figures are written up in docs/benchmarks.md.
//
//   frontend  parse and check 10,000 generated segments      (scripts/bench/frontend.mjs)
//   sql       compiled DuckDB flags query vs hand-written SQL  (scripts/bench/sql.mjs)
//   js        compiled JS evaluate() vs a hand-written loop    (scripts/bench/js.mjs)
//   lsp       the language server                             (scripts/bench-lsp.mjs, when present)
//   run       `seg run` on Parquet                            (scripts/bench-run.mjs, when present)
//
// --quick: 100k customers / 1M orders / 100k members (a fast check that everything works).
// --only NAME: just that benchmark (several: --only sql --only js, or --only sql,js).
// --diagnose: time variants of the compiled SQL even when the ratio meets the goal.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cacheDir, fmtMs, machine, ROOT } from "./bench/common.mjs";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.flatMap((a, i) => (argv[i - 1] === "--only" ? a.split(",") : []));
const runsAt = argv.indexOf("--runs");
const passOn = [
  ...(quick ? ["--quick"] : []),
  ...(runsAt >= 0 ? ["--runs", argv[runsAt + 1]] : []),
  ...(argv.includes("--diagnose") ? ["--diagnose"] : []),
];

const BENCHES = [
  { name: "frontend", script: "scripts/bench/frontend.mjs", node: ["--expose-gc"] },
  { name: "sql", script: "scripts/bench/sql.mjs", node: ["--expose-gc"] },
  // A million members with ten orders each need a few GB of heap.
  { name: "js", script: "scripts/bench/js.mjs", node: ["--expose-gc", "--max-old-space-size=12288"] },
  // Written by others: run when present, their output printed as is.
  // Their own options: --quick becomes a smaller workload in their terms.
  {
    name: "lsp",
    script: "scripts/bench-lsp.mjs",
    node: [],
    external: true,
    args: () => (quick ? ["--samples=50"] : []),
  },
  {
    name: "run",
    script: "scripts/bench-run.mjs",
    node: [],
    external: true,
    args: () => [
      ...(quick ? ["--customers", "100000", "--orders", "1000000"] : []),
      ...(runsAt >= 0 ? ["--runs", argv[runsAt + 1]] : []),
    ],
  },
];
const known = BENCHES.map((b) => b.name);
for (const o of only) {
  if (!known.includes(o)) {
    console.error(`bench: unknown benchmark "${o}" (known: ${known.join(", ")})`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------- build dist/ when it is stale

/** Every .ts under src/ and lsp/src/ must have a dist/ .js at least as new as itself. */
function staleSources() {
  const stale = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) {
        const out = join(ROOT, "dist", relative(ROOT, p).replace(/\.ts$/, ".js"));
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(p).mtimeMs) stale.push(relative(ROOT, p));
      }
    }
  };
  walk(join(ROOT, "src"));
  walk(join(ROOT, "lsp", "src"));
  return stale;
}

const stale = staleSources();
if (stale.length) {
  console.log(
    `dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ", ..." : ""}): npm run build`,
  );
  const b = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  if (b.status !== 0) {
    // tsc still writes its output on type errors; without dist/ there is nothing to measure.
    if (!existsSync(join(ROOT, "dist", "src", "index.js"))) {
      console.error("bench: the build failed and there is no dist/; nothing was measured");
      process.exit(1);
    }
    console.log("warning: the build reported errors; measuring the dist/ it wrote");
  }
}

// ---------------------------------------------------------------- run

const m0 = machine();
console.log(
  `seg benchmarks${quick ? " (--quick)" : ""}: ${m0.cores} cores (${m0.cpu}), ${m0.memGB} GB, node ${m0.node}; ` +
    `load average ${m0.load.join(" ")}`,
);
if (m0.load[0] > m0.cores)
  console.log(
    `warning: the machine is busy (load ${m0.load[0]} on ${m0.cores} cores): wall-clock times will be inflated; the cpu figures and the ratios suffer less`,
  );

/** Runs one script, echoing its output; resolves with the BENCH_RESULT objects it printed and its exit code. */
function runScript(b) {
  return new Promise((resolveRun) => {
    const args = b.args ? b.args() : passOn;
    const child = spawn(process.execPath, [...b.node, b.script, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const results = [];
    let buf = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith("BENCH_RESULT ")) {
          try {
            results.push(JSON.parse(line.slice("BENCH_RESULT ".length)));
          } catch {
            console.log(line);
          }
        } else console.log(line);
      }
    });
    child.on("close", (code, signal) => {
      if (buf) console.log(buf);
      resolveRun({ results, code: code ?? (signal ? 1 : 0), signal });
    });
  });
}

const started = Date.now();
const outcomes = [];
for (const b of BENCHES) {
  if (only.length && !only.includes(b.name)) continue;
  if (b.external && !existsSync(join(ROOT, b.script))) {
    if (only.includes(b.name)) console.log(`\n== ${b.name}: ${b.script} does not exist (yet)`);
    outcomes.push({ bench: b.name, skipped: true });
    continue;
  }
  if (b.external) console.log(`\n== ${b.name}: node ${b.script} ${b.args().join(" ")}`.trimEnd());
  const t0 = Date.now();
  const { results, code, signal } = await runScript(b);
  outcomes.push({ bench: b.name, code, signal, seconds: (Date.now() - t0) / 1000, results });
  if (code !== 0) console.log(`\n!!!!!! ${b.script} exited with ${signal ?? code} !!!!!!`);
}

// ---------------------------------------------------------------- summary

/** A BENCH_RESULT as summary rows: ours carry `rows`; bench-run.mjs reports { name, segMs, handMs, agree }. */
function rowsOf(r) {
  if (Array.isArray(r.rows)) return r.mismatches ? r.rows.map((x) => ({ ...x, met: "NO: results differ" })) : r.rows;
  if (typeof r.segMs === "number" && typeof r.handMs === "number") {
    const size = r.customers ? ` ${r.customers / 1000}k cust / ${r.orders / 1e6}M orders` : "";
    return [
      {
        name: `${r.name ?? "seg run"}${size}`,
        measured: fmtMs(r.segMs),
        baseline: `hand-written ${fmtMs(r.handMs)}`,
        ratio: r.segMs / r.handMs,
        goal: "",
        met: r.agree === false ? "NO: results differ" : null,
      },
    ];
  }
  return [
    {
      name: String(r.name ?? r.bench ?? "?"),
      measured: JSON.stringify(r).slice(0, 60),
      baseline: "",
      ratio: NaN,
      goal: "",
      met: null,
    },
  ];
}

const rows = [];
for (const o of outcomes) {
  if (o.skipped) continue;
  const reported = o.results.flatMap(rowsOf);
  if (reported.length) rows.push(...reported);
  else
    rows.push({
      name: o.bench,
      measured: o.code === 0 ? "(see its output)" : `FAILED (exit ${o.signal ?? o.code})`,
      baseline: "",
      ratio: NaN,
      goal: "",
      met: o.code === 0 ? null : false,
    });
}
const mismatches = outcomes
  .flatMap((o) => o.results ?? [])
  .reduce((n, r) => n + (r.mismatches ?? 0) + (r.agree === false ? 1 : 0), 0);
const failed = outcomes.filter((o) => !o.skipped && o.code !== 0);

const cells = rows.map((r) => [
  r.name,
  r.measured,
  r.baseline,
  Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : "",
  Number.isFinite(r.cpuRatio) ? r.cpuRatio.toFixed(2) : "",
  r.goal,
  typeof r.met === "string" ? r.met : r.met === null || r.met === undefined ? "-" : r.met ? "yes" : "NO",
]);
const header = ["benchmark", "measured (median)", "baseline (same run)", "ratio", "cpu ratio", "goal", "met?"];
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join("  ");
const m1 = machine();
console.log(
  `\n== summary (${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${m1.load.join(" ")} on ${m1.cores} cores)`,
);
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const c of cells) console.log(line(c));
for (const o of outcomes) if (o.skipped) console.log(`(${o.bench}: not present, skipped)`);
console.log(
  "ratio: of wall-clock medians, as the goal reads (throughput compiled/hand for JS, time otherwise); " +
    "cpu ratio: the same with the process's CPU time, steadier when other work shares the machine",
);
if (mismatches)
  console.log(`\n!!!!!! ${mismatches} segment(s) where compiled and hand-written results DIFFER: see above !!!!!!`);

const latest = join(cacheDir(), "latest.json");
writeFileSync(
  latest,
  `${JSON.stringify({ date: new Date().toISOString(), quick, machine: { ...m0, loadAtEnd: m1.load }, outcomes }, null, 2)}\n`,
);
console.log(`\n(figures also in ${relative(ROOT, latest)}; method in docs/benchmarks.md)`);
process.exit(mismatches || failed.length ? 1 : 0);
