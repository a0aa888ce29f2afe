// explain's plan interpreter against the conformance corpus: every case's expected members.
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { toMs } from "../../src/backend/js/runtime.js";
import { Evaluator } from "../../src/run/evaluate.js";
import { caseMembers, caseTables, loadCases, sortKeys } from "../conformance/corpus.js";

const cases = loadCases();

describe("explain's evaluator on the conformance corpus", () => {
  for (const c of cases) {
    const skip = c.skip?.js;
    (skip ? it.skip : it)(`${c.file} ${c.name}`, () => {
      const r = compile(c.path, { to: "js", params: c.params });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
      const t = caseTables(c);
      const members = caseMembers(c, t);
      const actual: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const plan of r.plans) {
        const ev = new Evaluator(plan, toMs(c.now)!, () => members);
        const key = plan.entity.key.name;
        for (const [name, exp] of Object.entries(c.expect)) {
          if (Array.isArray(exp)) {
            if (!plan.segments.some((s) => s.name === name)) continue;
            actual[name] = sortKeys(members.filter((m) => ev.segment(name, m)).map((m) => String(m[key])));
            expected[name] = sortKeys(exp);
          } else {
            if (!plan.segmentations.some((s) => s.name === name)) continue;
            actual[name] = Object.fromEntries(members.map((m) => [String(m[key]), ev.tier(name, m)]));
            expected[name] = exp;
          }
        }
      }
      expect(actual).toEqual(expected);
    });
  }
});
