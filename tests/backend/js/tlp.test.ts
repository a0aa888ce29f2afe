// Ternary logic partitioning (TLP) on the JavaScript backend alone, no database needed: for random
// conditions C over random members, the compiled module's segments `S where C`, `N where not (C)`
// and `U where (C) is null` must put every member in exactly one of the three. Also: every exported
// predicate returns a boolean (never null: membership is true or false) and agrees with
// `evaluate`, and every labeller agrees with `evaluate`'s tiers.
//
// Runs: SEG_TLP_RUNS generated files of 8 conditions (default: SEG_DIFF_RUNS / 4 files, that is
// twice as many conditions as the differential test checks, and 100 files without it: the
// JavaScript backend alone is cheap); SEG_DIFF_SEED overrides the fixed seed. The same partition is
// checked on every SQL engine by tests/conformance/differential.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "../../../src/api/compile.js";
import { compileToFunctions } from "../../../src/backend/js/in-process.js";
import { caseMembers, caseTables } from "../../conformance/corpus.js";
import { asCase, assemble, fileText, rawCaseArb } from "../../conformance/fuzz/case.js";

const PER_FILE = 8;
const FILES = Number(
  process.env.SEG_TLP_RUNS ??
    (process.env.SEG_DIFF_RUNS ? Math.ceil((2 * Number(process.env.SEG_DIFF_RUNS)) / PER_FILE) : 100),
);
const SEED = process.env.SEG_DIFF_SEED !== undefined ? Number(process.env.SEG_DIFF_SEED) : 20240229;
const scratch = mkdtempSync(join(tmpdir(), "seg-tlp-"));

describe("TLP on the JavaScript backend", () => {
  it(
    `C, not C and C is null partition the members (${FILES} files of ${PER_FILE} conditions, seed ${SEED})`,
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          rawCaseArb({ segments: PER_FILE, depth: 3, limits: { maxCustomers: 12, maxEvents: 40 } }),
          async (raw) => {
            const c = assemble(raw);
            const path = join(scratch, `tlp-${++n}.seg`);
            writeFileSync(path, fileText(c, c.decls));
            const r = compile(path, { to: "js", asOf: c.now });
            if (!r.ok) throw new Error(`${path}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
            const mod = await compileToFunctions(r.plans);
            const kase = asCase(c, path, c.decls);
            const members = caseMembers(kase, caseTables(kase));
            const keys = members.map((m) => String(m.id));
            const result = mod.evaluate(members, { now: c.now });
            const problems: string[] = [];
            c.conds.forEach((cond, i) => {
              const sets = [`S${i}`, `N${i}`, `U${i}`].map((s) => new Set((result.segments[s] ?? []).map(String)));
              for (const k of keys) {
                const inside = sets.filter((s) => s.has(k)).length;
                if (inside !== 1) problems.push(`${k}: in ${inside} of S${i}/N${i}/U${i} for ${cond}`);
              }
            });
            for (const [name, predicate] of Object.entries(mod.segments)) {
              const chosen = new Set((result.segments[name] ?? []).map(String));
              members.forEach((m, i) => {
                const v: unknown = predicate(m, { now: c.now, population: members });
                if (typeof v !== "boolean") problems.push(`${name}(${keys[i]}) returned ${String(v)}, not a boolean`);
                else if (v !== chosen.has(keys[i]!))
                  problems.push(`${name}(${keys[i]}) is ${v} but evaluate says ${!v}`);
              });
            }
            for (const [name, labeller] of Object.entries(mod.segmentations))
              members.forEach((m, i) => {
                const v = labeller(m, { now: c.now, population: members });
                const e = result.tiers[name]?.[keys[i]!] ?? null;
                if (v !== e) problems.push(`${name}(${keys[i]}) is ${String(v)} but evaluate says ${String(e)}`);
              });
            if (problems.length)
              throw new Error(
                `${path} (now ${c.now}):\n${problems.slice(0, 20).join("\n")}\n\n${c.prelude}${c.decls.map((d) => d.text).join("\n")}`,
              );
          },
        ),
        { seed: SEED, numRuns: FILES },
      );
      expect(n).toBeGreaterThanOrEqual(FILES);
    },
    20 * 60_000,
  );
});
