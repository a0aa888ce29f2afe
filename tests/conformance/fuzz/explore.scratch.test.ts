import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, it } from "vitest";
import { allEngines } from "../../support/engines.js";
import { assemble, rawCaseArb } from "./case.js";
import { checkCase, explain, type SqlBackend } from "./run.js";

const sessions: SqlBackend[] = [];
beforeAll(async () => {
  const only = process.env.ENGINES?.split(",");
  for (const engine of allEngines()) if (engine.available().ok && (!only || only.includes(engine.name))) sessions.push({ engine, session: await engine.open() });
});
afterAll(async () => {
  for (const s of sessions) await s.session.close();
});

it("explore", async () => {
  const n = Number(process.env.N ?? 20);
  const seed = Number(process.env.SEED ?? 1);
  const samples = fc.sample(rawCaseArb({ segments: 8, depth: 2 }), { numRuns: n, seed });
  const out: string[] = [];
  const timing: Record<string, number> = {};
  let i = 0;
  for (const raw of samples) {
    const c = assemble(raw);
    const r = await checkCase(c, sessions, { nowParam: process.env.NOWPARAM === "1" });
    for (const [k, v] of Object.entries(r.timings)) timing[k] = (timing[k] ?? 0) + v;
    if (r.disagreements.length || r.tlp.length) out.push(`#### case ${i}\n${explain(c, r)}\n`);
    i++;
  }
  writeFileSync(process.env.OUT ?? "/tmp/fz/out.txt", out.join("\n"));
  console.log(`cases ${n}, failing ${out.length}`, timing);
}, 3_600_000);
