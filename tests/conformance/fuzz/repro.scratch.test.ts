import { readFileSync } from "node:fs";
import { afterAll, beforeAll, it } from "vitest";
import { allEngines } from "../../support/engines.js";
import { checkCase, type SqlBackend } from "./run.js";
import type { Decl, FuzzCase } from "./case.js";

const sessions: SqlBackend[] = [];
beforeAll(async () => {
  const only = process.env.ENGINES?.split(",");
  for (const engine of allEngines()) if (engine.available().ok && (!only || only.includes(engine.name))) sessions.push({ engine, session: await engine.open() });
});
afterAll(async () => {
  for (const s of sessions) await s.session.close();
});

it("repro", async () => {
  const spec = JSON.parse(readFileSync(process.env.REPRO!, "utf8")) as { now: string; prelude?: string; decls: string[]; data: FuzzCase["data"] };
  const decls: Decl[] = spec.decls.map((text) => {
    const m = /^(segment|segmentation) (\w+)/.exec(text)!;
    return { name: m[2]!, kind: m[1] as "segment", text, refs: [] };
  });
  const c: FuzzCase = { now: spec.now, prelude: spec.prelude ?? "", decls, data: spec.data, conds: [] };
  const r = await checkCase(c, sessions, { nowParam: process.env.NOWPARAM === "1" });
  console.log(r.source.split("\n").slice(-decls.length - 2).join("\n"));
  for (const [b, res] of Object.entries(r.results)) console.log(b, JSON.stringify(res.ok ? res.outcome : res.error));
}, 600_000);
