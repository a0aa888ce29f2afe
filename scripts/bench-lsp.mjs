#!/usr/bin/env node
// Benchmarks the language server on a generated 5,000-line document, over stdio as an editor uses
// it: completion and hover latency (p50/p95), and the time from a didChange to the diagnostics it
// causes. Goals (tooling.md): completion p95 < 20 ms, diagnostics < 150 ms.
//
//   npm run build && node scripts/bench-lsp.mjs [--lines=5000] [--samples=200] [--delay=MS]
//
// --delay sets the server's debounce (initializationOptions.diagnosticsDelayMs, default the
// server's own); the report gives the diagnostics time with and without it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const LINES = Number(args.lines ?? 5000);
const SAMPLES = Number(args.samples ?? 200);
const DELAY = args.delay === undefined ? undefined : Number(args.delay);

export const SCHEMA = `/// Customers.
entity customer from "analytics.customers" key id {
  id: string
  age: int?
  country: string
  city: string?
  signup_at: timestamp
  plan: enum("free", "pro", "enterprise")
  risk_score: float?
}

/// Orders.
events orders of customer from "analytics.orders" by customer_id at ordered_at {
  amount: decimal(2)
  channel: enum("web", "app", "store", "email")
  category: string
  status: enum("paid", "refunded", "cancelled")
}

/// Sessions.
events sessions of customer from "analytics.sessions" by customer_id at started_at {
  device: enum("mobile", "desktop", "tablet")
  duration_s: int from "duration_seconds"
}
`;

/** A block of about 30 realistic lines with names numbered `i`. */
function block(i) {
  return `/// Paid spend, variant ${i}.
measure spend_${i} = sum(orders.amount where status = "paid" and channel != "email")

/// Sessions on mobile, variant ${i}.
measure mobile_${i} = count(sessions where device = "mobile") over last ${(i % 11) + 1} months

param min_spend_${i}: decimal = ${100 + i}

/// Frequent buyers, variant ${i}.
segment Loyal_${i} where orders >= ${(i % 4) + 1} per month over last 6 months
  and spend_${i} > min_spend_${i}
  and country in ("FR", "DE", "ES")

segment AtRisk_${i} where latest(orders.at) < ${(i % 90) + 30} days ago
  and spend_${i} in top ${(i % 20) + 1}%
  and not Loyal_${i}

segment Mobile_${i} where mobile_${i} >= 3 and plan = "pro" and age between 18 and 65

/// Tiers, variant ${i}.
segmentation Frequency_${i} {
  High    where orders >= 1 every week over last 8 weeks
  Medium  where count(orders where status = "paid") >= 2 per month over last 3 months
  Low     where any(orders) over last 6 months
  Churned otherwise
}

segment WinBack_${i} where Frequency_${i}.Churned and spend_${i} in top 10%
`;
}

export function generate(lines) {
  let text = `import "./schema.seg"\n\ndefault window last 90 days\n\n`;
  let i = 0;
  while (text.split("\n").length < lines) text += block(i++);
  return text;
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const fmt = (xs) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

async function main() {
  const main = path.join(repo, "dist/src/cli/main.js");
  if (!existsSync(main)) throw new Error("dist/ is missing: run `npm run build` first");
  const dir = mkdtempSync(path.join(tmpdir(), "seg-bench-lsp-"));
  writeFileSync(path.join(dir, "schema.seg"), SCHEMA);
  const text = generate(LINES);
  const lines = text.split("\n");
  const uri = pathToFileURL(path.join(dir, "segments.seg")).href;

  const child = spawn(
    process.execPath,
    [
      ...(process.env.SEG_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SEG_BENCH_PROFILE}`] : []),
      main,
      "lsp",
      "--stdio",
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  conn.onNotification("textDocument/publishDiagnostics", (p) => {
    for (const w of waiters.splice(0)) if (!w(p)) waiters.push(w);
  });
  conn.onNotification("window/logMessage", () => {});
  conn.listen();
  const diagnosticsFor = (version) =>
    new Promise((resolve) => waiters.push((p) => p.uri === uri && p.version === version && (resolve(p), true)));

  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    workspaceFolders: null,
    initializationOptions: DELAY === undefined ? {} : { diagnosticsDelayMs: DELAY },
  });
  await conn.sendNotification("initialized", {});

  let t0 = performance.now();
  let version = 1;
  let first = diagnosticsFor(version);
  await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "seg", version, text } });
  const opened = await first;
  console.log(`document: ${lines.length} lines, ${text.length} characters; ${opened.diagnostics.length} diagnostics`);
  console.log(`open → first diagnostics: ${(performance.now() - t0).toFixed(1)} ms`);

  // Positions spread over the document: completion after `where ` and on a name, hover on names.
  const spots = [];
  lines.forEach((l, line) => {
    const w = l.indexOf("where ");
    if (w >= 0) spots.push({ line, character: w + 6 });
  });
  const pick = (k) => spots[Math.floor((k * spots.length) / SAMPLES) % spots.length];

  const completion = [];
  for (let k = 0; k < SAMPLES; k++) {
    const t = performance.now();
    await conn.sendRequest("textDocument/completion", { textDocument: { uri }, position: pick(k) });
    completion.push(performance.now() - t);
  }
  const hover = [];
  for (let k = 0; k < SAMPLES; k++) {
    const p = pick(k);
    const t = performance.now();
    await conn.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: p.line, character: p.character + 1 },
    });
    hover.push(performance.now() - t);
  }

  // Typing: an edit, then completion at once (as an editor does on each keystroke).
  const typing = [];
  const edit = spots[Math.floor(spots.length / 2)];
  for (let k = 0; k < 40; k++) {
    version++;
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: edit, end: edit }, text: k % 2 ? "" : " " }].slice(0, 1),
    });
    const t = performance.now();
    await conn.sendRequest("textDocument/completion", { textDocument: { uri }, position: edit });
    typing.push(performance.now() - t);
  }

  // didChange → publishDiagnostics, one edit at a time, waiting for each result.
  const diagnostics = [];
  for (let k = 0; k < 20; k++) {
    version++;
    const at = spots[(k * 37) % spots.length];
    const done = diagnosticsFor(version);
    t0 = performance.now();
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri },
      contentChanges: [{ range: { start: at, end: at }, text: "" }],
      ...{ textDocument: { uri, version } },
    });
    await done;
    diagnostics.push(performance.now() - t0);
  }
  // Hover right after an edit pays for the re-check.
  version++;
  await conn.sendNotification("textDocument/didChange", {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: edit, end: edit }, text: "" }],
  });
  t0 = performance.now();
  await conn.sendRequest("textDocument/hover", { textDocument: { uri }, position: edit });
  const hoverAfterEdit = performance.now() - t0;
  // Semantic tokens: the first request of the process (code not yet optimised by the JIT), then
  // after an edit once the re-check is done (what an editor asks on every change).
  t0 = performance.now();
  const tokens = await conn.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } });
  const semanticFirst = performance.now() - t0;
  const semantic = [];
  for (let k = 0; k < 5; k++) {
    version++;
    const done = diagnosticsFor(version);
    await conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: edit, end: edit }, text: "" }],
    });
    await done;
    t0 = performance.now();
    await conn.sendRequest("textDocument/semanticTokens/full", { textDocument: { uri } });
    semantic.push(performance.now() - t0);
  }
  t0 = performance.now();
  await conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri } });
  const symbols = performance.now() - t0;

  const delay = DELAY ?? 50;
  console.log(`completion (${SAMPLES}): ${fmt(completion)}   [goal p95 < 20 ms]`);
  console.log(`hover (${SAMPLES}): ${fmt(hover)}   [goal p95 < 20 ms]`);
  console.log(`completion right after an edit (40): ${fmt(typing)}`);
  console.log(
    `didChange → publishDiagnostics (20): ${fmt(diagnostics)}, of which ${delay} ms is the debounce   [goal < 150 ms]`,
  );
  console.log(`hover right after an edit (re-check included): ${hoverAfterEdit.toFixed(1)} ms`);
  console.log(
    `semantic tokens (${tokens.data.length / 5} tokens): first request ${semanticFirst.toFixed(1)} ms, after an edit ${fmt(semantic)}`,
  );
  console.log(`document symbols: ${symbols.toFixed(1)} ms`);

  await conn.sendRequest("shutdown");
  await conn.sendNotification("exit");
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
