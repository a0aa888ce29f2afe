// Every example folder's sample data, evaluated three ways: the compiled SQL in DuckDB (`seg run`),
// the generated JavaScript module, and explain's plan interpreter. All must pick the same members.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileToFunctions, type EvaluateResult } from "../../src/backend/js/in-process.js";
import { toMs } from "../../src/backend/js/runtime.js";
import { Evaluator } from "../../src/run/evaluate.js";
import { loadMembers, type Member } from "../../src/run/members.js";
import { materializeFlags, runSegments } from "../../src/run/run.js";
import { openSession, type Session } from "../../src/run/session.js";
import { ident } from "../../src/run/engine.js";

/** The instant the sample data is generated for (scripts/gen/example-data.mjs). */
export const AS_OF = "2025-07-01T00:00:00Z";

const root = new URL("../../examples/", import.meta.url).pathname;
const folders = readdirSync(root)
  .filter((d) => existsSync(join(root, d, "schema.seg")))
  .sort();

interface Flags {
  readonly keys: string[];
  readonly segments: Map<string, Set<string>>;
  readonly tiers: Map<string, Map<string, string | null>>;
}

describe.each(folders)("examples/%s", (dir) => {
  const file = join(root, dir, "segments.seg");
  const data = join(root, dir, "data");
  let session: Session;
  let flags: Flags;
  let members: Member[];
  let js: EvaluateResult;

  beforeAll(async () => {
    const opened = await openSession(file, { dataDir: data, asOf: AS_OF });
    if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join("\n"));
    session = opened.session;
    expect(session.plans).toHaveLength(1);
    const plan = session.plans[0]!;
    const table = await materializeFlags(session, 0);
    const rows = await session.engine.rows(
      `SELECT CAST(${ident(plan.entity.key.name)} AS VARCHAR) AS "$key", * FROM ${table}`,
    );
    const outSegs = plan.segments.filter((s) => s.output).map((s) => s.name);
    const outTiers = plan.segmentations.filter((s) => s.output).map((s) => s.name);
    flags = {
      keys: rows.map((r) => String(r.$key)),
      segments: new Map(outSegs.map((s) => [s, new Set(rows.filter((r) => r[s] === true).map((r) => String(r.$key)))])),
      tiers: new Map(
        outTiers.map((s) => [s, new Map(rows.map((r) => [String(r.$key), (r[s] as string | null) ?? null]))]),
      ),
    };
    members = await loadMembers(session.engine, plan);
    const mod = await compileToFunctions(session.plans);
    js = mod.evaluate(members, { now: AS_OF });
  });

  afterAll(() => session?.close());

  it("seg run's SQL and the JS backend pick the same members for every segment and tier", () => {
    expect(members.map((m) => String(m[session.plans[0]!.entity.key.name]))).toEqual(flags.keys);
    for (const [name, keys] of flags.segments)
      expect([...(js.segments[name] ?? [])].map(String).sort(), name).toEqual([...keys].sort());
    for (const [name, tiers] of flags.tiers) expect(js.tiers[name], name).toEqual(Object.fromEntries(tiers));
  });

  it("has members in every segment and every tier (the sample data exercises each definition)", () => {
    for (const [name, keys] of flags.segments) expect(keys.size, name).toBeGreaterThan(0);
    const plan = session.plans[0]!;
    for (const s of plan.segmentations.filter((x) => x.output))
      for (const b of s.branches)
        expect(
          [...flags.tiers.get(s.name)!.values()].filter((t) => t === b.name).length,
          `${s.name}.${b.name}`,
        ).toBeGreaterThan(0);
  });

  it("explain's evaluation agrees with the SQL for every member, segment and tier", () => {
    const plan = session.plans[0]!;
    const ev = new Evaluator(plan, toMs(AS_OF)!, () => members);
    const key = plan.entity.key.name;
    for (const m of members) {
      const k = String(m[key]);
      for (const [name, keys] of flags.segments) expect(ev.segment(name, m), `${name} ${k}`).toBe(keys.has(k));
      for (const [name, tiers] of flags.tiers) expect(ev.tier(name, m), `${name} ${k}`).toBe(tiers.get(k));
    }
  });

  it("reports the same sizes and tiers as the flags (seg run's summary)", async () => {
    const r = await runSegments(file, { dataDir: data, asOf: AS_OF });
    if (!r.ok) throw new Error("run failed");
    const e = r.entities[0]!;
    expect(e.population).toBe(flags.keys.length);
    for (const s of e.segments) {
      expect(s.size, s.name).toBe(flags.segments.get(s.name)!.size);
      expect(s.share).toBeCloseTo(s.size / e.population, 12);
    }
    for (const s of e.segmentations)
      for (const t of s.tiers)
        expect(t.size, `${s.name}.${t.name}`).toBe(
          [...flags.tiers.get(s.name)!.values()].filter((x) => x === t.name).length,
        );
    for (const o of e.overlaps) {
      const a = flags.segments.get(o.a)!;
      const b = flags.segments.get(o.b)!;
      const both = [...a].filter((k) => b.has(k)).length;
      expect(o.size, `${o.a} & ${o.b}`).toBe(both);
      const union = a.size + b.size - both;
      expect(o.jaccard).toBe(union === 0 ? null : both / union);
    }
  });
});
