// Every case runs on every backend: the JS module and each available SQL engine.
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { compileToFunctions } from "../../src/backend/js/in-process.js";
import { asBoolean, describeEngines } from "../support/engines.js";
import { caseMembers, caseTables, loadCases, resultFromFlags, sortKeys, type Case } from "./corpus.js";

const cases = loadCases();

function expected(c: Case): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.expect)) out[k] = Array.isArray(v) ? sortKeys(v) : v;
  return out;
}

describe("conformance corpus", () => {
  it("has at least 200 cases with unique names", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => `${c.file}/${c.name}`)).size).toBe(cases.length);
  });
});

describe("conformance [js]", () => {
  for (const c of cases) {
    const skip = c.skip?.js;
    (skip ? it.skip : it)(`${c.file} ${c.name}${skip ? ` (skipped: ${skip})` : ""}`, async () => {
      const r = compile(c.path, { to: "js", params: c.params });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
      const t = caseTables(c);
      const mod = await compileToFunctions(r.plans);
      const result = mod.evaluate(caseMembers(c, t), { now: c.now });
      const actual: Record<string, unknown> = {};
      for (const [name, exp] of Object.entries(c.expect))
        actual[name] = Array.isArray(exp) ? sortKeys((result.segments[name] ?? []).map(String)) : result.tiers[name];
      expect(actual).toEqual(expected(c));
    });
  }
});

describeEngines("conformance", ({ engine, session }) => {
  for (const c of cases) {
    const skip = c.skip?.[engine.dialect] ?? c.skip?.[engine.name];
    (skip ? it.skip : it)(`${c.file} ${c.name}${skip ? ` (skipped: ${skip})` : ""}`, async () => {
      const r = compile(c.path, { to: "sql", dialect: engine.dialect, asOf: c.now, params: c.params });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
      const t = caseTables(c);
      await session().load(t.tables);
      const rows = await session().query(r.output.trim().replace(/;$/, ""));
      const key = t.entity.decl.key.name;
      expect(resultFromFlags(c, rows, key, (v) => asBoolean(v) === true)).toEqual(expected(c));
    });
  }
});
