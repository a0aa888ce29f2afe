// The time-dependent cases again, with `now` left a named parameter (`--now-param`): every window
// bound is then computed by the engine's own date arithmetic instead of being folded to a literal.
import { expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { asBoolean, describeEngines, type EngineSession } from "../support/engines.js";
import { caseTables, loadCases, resultFromFlags, sortKeys } from "./corpus.js";

const TIME_FILES = new Set([
  "windows.json",
  "rates.json",
  "every-and-at-least.json",
  "time-and-calendar.json",
  "lifecycle.json",
  "functions.json",
]);
const cases = loadCases().filter((c) => TIME_FILES.has(c.file));

async function run(session: EngineSession, dialect: string, sqlText: string, now: string) {
  const text = now
    .replace("T", " ")
    .replace("Z", "")
    .replace(/(\d\d:\d\d:\d\d)$/, "$1.000");
  if (dialect === "mysql") {
    // MySQL has no named bind parameters: `now` is the session's user variable @now.
    await session.exec(`SET @now = '${text}'`);
    return session.query(sqlText);
  }
  // A file whose segments never read `now` has no placeholder to bind.
  return session.query(sqlText, /\$1\b|\$now\b|:now\b/.test(sqlText) ? [text] : []);
}

describeEngines("conformance with --now-param", ({ engine, session }) => {
  it("has time-dependent cases", () => expect(cases.length).toBeGreaterThan(50));
  for (const c of cases) {
    const skip = c.skip?.[engine.dialect] ?? c.skip?.[engine.name];
    (skip ? it.skip : it)(`${c.file} ${c.name}`, async () => {
      const r = compile(c.path, { to: "sql", dialect: engine.dialect, nowParam: true, params: c.params });
      if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
      const t = caseTables(c);
      await session().load(t.tables);
      const rows = await run(session(), engine.dialect, r.output.trim().replace(/;$/, ""), c.now);
      const expected = Object.fromEntries(
        Object.entries(c.expect).map(([k, v]) => [k, Array.isArray(v) ? sortKeys(v) : v]),
      );
      expect(resultFromFlags(c, rows, t.entity.decl.key.name, (v) => asBoolean(v as never) === true)).toEqual(expected);
    });
  }
});
