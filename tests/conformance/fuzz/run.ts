// Runs a generated case on every backend and compares what they select.
//
// Backends: the JavaScript module (compileToFunctions, in process) and each SQL engine session of
// tests/support/engines.ts, the SQL compiled with `asOf: now` (every window bound folded to a
// literal) and, on request, again with `now` left a bound parameter (the engine's own calendar
// arithmetic). A backend that cannot compile a declaration (SQLite: lower/upper, SEG315) runs the
// file without it and everything that depends on it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "../../../src/api/compile.js";
import { compileToFunctions } from "../../../src/backend/js/in-process.js";
import { asBoolean, type Engine, type EngineSession, type Row } from "../../support/engines.js";
import { caseMembers, caseTables, sortKeys, type Case } from "../corpus.js";
import { compilable, fileText, segmentsText, type Decl, type FuzzCase } from "./case.js";
import { SCHEMA } from "./schema.js";

export interface Outcome {
  /** Segment name → sorted member keys. */
  readonly segments: Record<string, string[]>;
  /** Segmentation name → key → tier (null: none). */
  readonly tiers: Record<string, Record<string, string | null>>;
}

export type BackendResult = { readonly ok: true; readonly outcome: Outcome } | { readonly ok: false; readonly error: string };

export interface Disagreement {
  readonly backend: string;
  /** A segment or segmentation name, or "(error)" when the backend failed. */
  readonly decl: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface TlpViolation {
  readonly backend: string;
  readonly segment: string;
  /** Members in both S<i> and N<i>. */
  readonly both: string[];
}

export interface CheckResult {
  readonly path: string;
  readonly source: string;
  readonly results: Record<string, BackendResult>;
  readonly disagreements: Disagreement[];
  readonly tlp: TlpViolation[];
  /** Declarations checked on every backend (segments and segmentations). */
  readonly checked: number;
  /** Milliseconds per backend. */
  readonly timings: Record<string, number>;
}

export interface SqlBackend {
  readonly engine: Engine;
  readonly session: EngineSession;
}

const scratch = mkdtempSync(join(tmpdir(), "seg-differential-"));
let counter = 0;

const CASE_FOLD_DIALECTS = new Set(["duckdb", "postgres", "mysql"]);

export function asCase(c: FuzzCase, path: string, decls: readonly Decl[], name = "generated"): Case {
  return {
    file: "fuzz",
    name,
    rules: [],
    now: c.now,
    segments: segmentsText(c, decls),
    data: c.data,
    expect: {},
    path,
    schema: SCHEMA,
  };
}

function describeErrors(r: { diagnostics: readonly { code: string; message: string }[] }): string {
  return r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n");
}

const nowText = (now: string) => now.replace("T", " ").replace("Z", "").replace(/(\d\d:\d\d:\d\d)$/, "$1.000");

/** Runs SQL whose `now` is a parameter, binding it the way each engine names it. */
async function runWithNowParam(session: EngineSession, dialect: string, text: string, now: string): Promise<Row[]> {
  if (dialect === "mysql") return session.query(text.replace(/@now/g, "?"), Array.from(text.matchAll(/@now/g), () => nowText(now)));
  return session.query(text, /\$1\b|\$now\b|:now\b/.test(text) ? [nowText(now)] : []);
}

function outcomeFromRows(rows: readonly Row[], decls: readonly Decl[]): Outcome {
  const segments: Record<string, string[]> = {};
  const tiers: Record<string, Record<string, string | null>> = {};
  for (const d of decls) {
    if (d.kind === "segment") segments[d.name] = sortKeys(rows.filter((r) => asBoolean(r[d.name] as never) === true).map((r) => String(r.id)));
    else tiers[d.name] = Object.fromEntries(rows.map((r) => [String(r.id), (r[d.name] as string | null) ?? null]));
  }
  return { segments, tiers };
}

export interface RunOptions {
  /** Also run each SQL engine with `now` as a bound parameter. */
  readonly nowParam?: boolean;
}

/** Runs `c` on JS and on every session, compares every declaration with JS, and checks TLP. */
export async function checkCase(c: FuzzCase, sql: readonly SqlBackend[], opts: RunOptions = {}): Promise<CheckResult> {
  const id = ++counter;
  const full = [...c.decls];
  const noFold = compilable(c.decls, false);
  const path = join(scratch, `case-${id}.seg`);
  const pathNoFold = join(scratch, `case-${id}-nofold.seg`);
  const source = fileText(c, full);
  writeFileSync(path, source);
  if (noFold.length !== full.length) writeFileSync(pathNoFold, fileText(c, noFold));

  const results: Record<string, BackendResult> = {};
  const timings: Record<string, number> = {};
  const timed = async (name: string, f: () => Promise<BackendResult>) => {
    const t0 = performance.now();
    try {
      results[name] = await f();
    } catch (e) {
      results[name] = { ok: false, error: `${(e as Error).message}`.slice(0, 2000) };
    }
    timings[name] = performance.now() - t0;
  };

  const jsCase = asCase(c, path, full);
  const tables = caseTables(jsCase);
  const jobs: Promise<void>[] = [];
  jobs.push(
    timed("js", async () => {
      const r = compile(path, { to: "js", asOf: c.now });
      if (!r.ok) return { ok: false, error: `compile: ${describeErrors(r)}` };
      const mod = await compileToFunctions(r.plans);
      const result = mod.evaluate(caseMembers(jsCase, tables), { now: c.now });
      const segments: Record<string, string[]> = {};
      const tiers: Record<string, Record<string, string | null>> = {};
      for (const d of full) {
        if (d.kind === "segment") segments[d.name] = sortKeys((result.segments[d.name] ?? []).map(String));
        else tiers[d.name] = result.tiers[d.name] ?? {};
      }
      return { ok: true, outcome: { segments, tiers } };
    }),
  );
  for (const { engine, session } of sql) {
    const caseFold = CASE_FOLD_DIALECTS.has(engine.dialect);
    const decls = caseFold ? full : noFold;
    const file = caseFold || noFold.length === full.length ? path : pathNoFold;
    jobs.push(
      (async () => {
        const compiled = compile(file, { to: "sql", dialect: engine.dialect, asOf: c.now });
        const param = opts.nowParam ? compile(file, { to: "sql", dialect: engine.dialect, nowParam: true }) : undefined;
        const t0 = performance.now();
        await session.load(tables.tables);
        timings[`${engine.name} load`] = performance.now() - t0;
        await timed(engine.name, async () => {
          if (!compiled.ok) return { ok: false, error: `compile: ${describeErrors(compiled)}` };
          const rows = await session.query(compiled.output.trim().replace(/;$/, ""));
          return { ok: true, outcome: outcomeFromRows(rows, decls) };
        });
        if (param)
          await timed(`${engine.name}/now-param`, async () => {
            if (!param.ok) return { ok: false, error: `compile: ${describeErrors(param)}` };
            const rows = await runWithNowParam(session, engine.dialect, param.output.trim().replace(/;$/, ""), c.now);
            return { ok: true, outcome: outcomeFromRows(rows, decls) };
          });
      })().catch((e: unknown) => {
        results[engine.name] = { ok: false, error: `load: ${(e as Error).message}` };
      }),
    );
  }
  await Promise.all(jobs);

  const disagreements: Disagreement[] = [];
  const tlp: TlpViolation[] = [];
  const reference = results.js!;
  for (const [name, r] of Object.entries(results)) {
    if (!r.ok) {
      disagreements.push({ backend: name, decl: "(error)", expected: null, actual: r.error });
      continue;
    }
    for (let i = 0; `S${i}` in r.outcome.segments; i++) {
      const s = new Set(r.outcome.segments[`S${i}`]);
      const both = (r.outcome.segments[`N${i}`] ?? []).filter((k) => s.has(k));
      if (both.length) tlp.push({ backend: name, segment: `S${i}`, both });
    }
    if (name === "js" || !reference.ok) continue;
    for (const [decl, members] of Object.entries(r.outcome.segments)) {
      const exp = reference.outcome.segments[decl];
      if (JSON.stringify(exp) !== JSON.stringify(members)) disagreements.push({ backend: name, decl, expected: exp, actual: members });
    }
    for (const [decl, labels] of Object.entries(r.outcome.tiers)) {
      const exp = reference.outcome.tiers[decl] ?? {};
      const keys = sortKeys(new Set([...Object.keys(exp), ...Object.keys(labels)]));
      const norm = (m: Record<string, string | null>) => keys.map((k) => [k, m[k] ?? null]);
      if (JSON.stringify(norm(exp)) !== JSON.stringify(norm(labels))) disagreements.push({ backend: name, decl, expected: exp, actual: labels });
    }
  }
  return { path, source, results, disagreements, tlp, checked: full.length, timings };
}

/** A readable account of a failed check, with the case in the corpus's format. */
export function explain(c: FuzzCase, r: CheckResult): string {
  const lines: string[] = [`case file: ${r.path}`, `now: ${c.now}`, "", c.prelude, ...c.decls.map((d) => d.text), ""];
  for (const d of r.disagreements)
    lines.push(`DISAGREE ${d.backend} on ${d.decl}: js says ${JSON.stringify(d.expected)}, ${d.backend} says ${JSON.stringify(d.actual)}`);
  for (const t of r.tlp) lines.push(`TLP ${t.backend}: ${t.segment} and its negation both hold for ${JSON.stringify(t.both)}`);
  lines.push("", `data: ${JSON.stringify(c.data)}`);
  return lines.join("\n");
}
