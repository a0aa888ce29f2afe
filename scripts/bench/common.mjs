// Shared helpers of the benchmarks: arguments, timing, reporting.
// Each benchmark is its own script (run as a child process by scripts/bench.mjs, or alone) and ends
// by printing one line `BENCH_RESULT {json}` that the driver collects for the summary table.
import { mkdirSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CACHE = join(ROOT, ".bench");
export const DIST = join(ROOT, "dist", "src");

/** `--quick` and `--runs N` (default 5 timed runs after 1 warm-up). */
export function benchArgs(argv = process.argv.slice(2)) {
  const quick = argv.includes("--quick");
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  return { quick, runs: Number.isInteger(runs) && runs > 0 ? runs : 5 };
}

export function cacheDir(...parts) {
  const dir = join(CACHE, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Interleaved timing of several alternatives (A B C A B C ...) so that a busy machine slows all of
 * them alike. Each gets `warmup` untimed calls first (the first call's time is kept as `cold`), then
 * `runs` timed ones. Wall-clock time is the figure; the process's CPU time (all its threads) is kept
 * too, as a check that is less sensitive to other processes on the machine.
 * `after(name)` runs after each call, untimed. Returns { name: { median, least, samples, cpu, cpuLeast, cold } }.
 */
export async function measureInterleaved(fns, { runs = 5, warmup = 1, after } = {}) {
  const names = Object.keys(fns);
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const cold = {};
  for (let i = 0; i < warmup + runs; i++) {
    for (const n of names) {
      if (global.gc) global.gc();
      const c0 = cpuMs();
      const t0 = nowMs();
      await fns[n]();
      const dt = nowMs() - t0;
      const dc = cpuMs() - c0;
      if (after) await after(n);
      if (i === 0) cold[n] = dt;
      if (i >= warmup) {
        wall[n].push(dt);
        cpu[n].push(dc);
      }
    }
  }
  return Object.fromEntries(
    names.map((n) => [
      n,
      {
        median: median(wall[n]),
        least: Math.min(...wall[n]),
        samples: wall[n],
        cpu: median(cpu[n]),
        cpuLeast: Math.min(...cpu[n]),
        cold: cold[n],
      },
    ]),
  );
}

/** The machine's state, printed with the figures: the load average says how much they can be trusted. */
export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "?",
    memGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
export const fmtSamples = (s) => `[${s.map((x) => x.toFixed(0)).join(", ")}] ms`;
export const fmtRate = (perS) =>
  perS >= 1e6
    ? `${(perS / 1e6).toFixed(2)} M/s`
    : perS >= 1e3
      ? `${(perS / 1e3).toFixed(1)} k/s`
      : `${perS.toFixed(0)} /s`;
export const fmtInt = (n) => n.toLocaleString("en-US");

export function log(...xs) {
  console.log(...xs);
}

export function heading(title) {
  console.log(`\n== ${title}`);
}

/**
 * A row of the summary: what was measured, against what baseline (measured in the same run), the
 * ratio of the wall-clock medians, the same ratio of CPU times (steadier on a busy machine), and
 * the goal. `met` is true/false, or null when the row has no goal.
 */
export function row(name, measured, baseline, ratio, goal, met, cpuRatio = NaN) {
  return { name, measured, baseline, ratio, cpuRatio, goal, met };
}

/** The last line of a benchmark's output, read by scripts/bench.mjs. */
export function report(result) {
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

/** A small seeded PRNG (mulberry32): reproducible workloads. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
