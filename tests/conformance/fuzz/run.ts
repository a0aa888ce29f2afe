// Runs a generated case on every backend and compares what they select.
//
// Backends: the JavaScript module (compileToFunctions, in process) and each SQL engine session of
// tests/support/engines.ts, the SQL compiled with `asOf: now` (every window bound folded to a
// literal) and, on request, again with `now` left a bound parameter (the engine's own calendar
// arithmetic). A dialect that declares a capability missing for a declaration (SEG315: SQLite's
// lower/upper and float round) runs the file without it and everything that depends on it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, type CompileOptions, type CompileResult } from "../../../src/api/compile.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { compileToFunctions } from "../../../src/backend/js/in-process.js";
import { asBoolean, type Engine, type EngineSession, type Row } from "../../support/engines.js";
import { caseMembers, caseTables, sortKeys } from "../corpus.js";
import { asCase, fileText, type Decl, type FuzzCase } from "./case.js";

export interface Outcome {
  /** Segment name → sorted member keys. */
  readonly segments: Record<string, string[]>;
  /** Segmentation name → key → tier (null: none). */
  readonly tiers: Record<string, Record<string, string | null>>;
}

export type BackendResult =
  { readonly ok: true; readonly outcome: Outcome } | { readonly ok: false; readonly error: string };

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
  /** Members in more than one of S<i>, N<i>, U<i>, or in none of them. */
  readonly members: string[];
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

function describeErrors(r: { diagnostics: readonly Diagnostic[] }): string {
  return r.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.message}`)
    .join("\n");
}

/**
 * Engine gaps the project accepts rather than works around: each is named by a `skip` in
 * cases/fuzz-regressions.json. A declaration that uses the feature (directly or through a
 * reference) in a case whose text holds one of the characters is not compared on those engines.
 */
export const KNOWN_GAPS: readonly {
  readonly engines: readonly string[];
  readonly uses: RegExp;
  readonly chars: readonly string[];
  readonly why: string;
}[] = [
  {
    engines: ["duckdb", "pglite"],
    uses: /\b(lower|upper)\(/,
    chars: ["ß"],
    why: "upper('ß') is 'ẞ' (U+1E9E); simple case mapping leaves ß unchanged",
  },
  {
    engines: ["mariadb"],
    uses: /\b(lower|upper)\(/,
    chars: ["ẞ"],
    why: "the default utf8mb4 case tables predate U+1E9E",
  },
];

/** Declaration → engines whose disagreement on it a known gap explains. */
function acceptedGaps(c: FuzzCase): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const text = `${c.prelude}${c.decls.map((d) => d.text).join("\n")}${JSON.stringify(c.data)}`;
  for (const gap of KNOWN_GAPS) {
    if (
      !gap.chars.some(
        (ch) => text.includes(ch) || text.includes(`\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`),
      )
    )
      continue;
    const uses = new Set<string>();
    for (const d of c.decls) if (gap.uses.test(d.text) || d.refs.some((r) => uses.has(r))) uses.add(d.name);
    for (const name of uses) {
      const engines = out.get(name) ?? new Set<string>();
      for (const e of gap.engines) engines.add(e);
      out.set(name, engines);
    }
  }
  return out;
}

/** A dialect's missing capability (SEG315): a documented gap, not a disagreement. */
const CAPABILITY = "SEG315";

type Compiled = { readonly result: CompileResult; readonly decls: readonly Decl[]; readonly path: string };

/**
 * Compiles `decls` for a dialect. Declarations the dialect cannot compile for a declared missing
 * capability (SEG315) are dropped, with everything that references them, and the rest compiled.
 */
function compileFor(c: FuzzCase, base: string, decls: readonly Decl[], options: CompileOptions): Compiled {
  let current = [...decls];
  for (;;) {
    const path =
      current.length === decls.length ? base : base.replace(/\.seg$/, `-${options.dialect}-${current.length}.seg`);
    const text = fileText(c, current);
    if (path !== base) writeFileSync(path, text);
    const result = compile(path, options);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (result.ok || errors.length === 0 || !errors.every((d) => d.code === CAPABILITY))
      return { result, decls: current, path };
    // Map each error to the declaration whose text holds it.
    let offset = text.length - current.map((d) => d.text.length + 1).reduce((a, b) => a + b, 0);
    const spans = current.map((d) => {
      const span = { decl: d, start: offset, end: offset + d.text.length };
      offset += d.text.length + 1;
      return span;
    });
    const bad = new Set(
      errors.flatMap((e) =>
        spans.filter((s) => e.span.start >= s.start && e.span.start < s.end).map((s) => s.decl.name),
      ),
    );
    if (bad.size === 0) return { result, decls: current, path };
    for (const d of current) if (d.refs.some((r) => bad.has(r))) bad.add(d.name);
    current = current.filter((d) => !bad.has(d.name));
    if (current.length === 0) return { result, decls: current, path };
  }
}

const nowText = (now: string) =>
  now
    .replace("T", " ")
    .replace("Z", "")
    .replace(/(\d\d:\d\d:\d\d)$/, "$1.000");

/** Runs SQL whose `now` is a parameter, binding it the way each engine names it. */
async function runWithNowParam(session: EngineSession, dialect: string, text: string, now: string): Promise<Row[]> {
  if (dialect === "mysql")
    return session.query(
      text.replace(/@now/g, "?"),
      Array.from(text.matchAll(/@now/g), () => nowText(now)),
    );
  return session.query(text, /\$1\b|\$now\b|:now\b/.test(text) ? [nowText(now)] : []);
}

function outcomeFromRows(rows: readonly Row[], decls: readonly Decl[]): Outcome {
  const segments: Record<string, string[]> = {};
  const tiers: Record<string, Record<string, string | null>> = {};
  for (const d of decls) {
    if (d.kind === "segment")
      segments[d.name] = sortKeys(rows.filter((r) => asBoolean(r[d.name] as never) === true).map((r) => String(r.id)));
    else tiers[d.name] = Object.fromEntries(rows.map((r) => [String(r.id), (r[d.name] as string | null) ?? null]));
  }
  return { segments, tiers };
}

export interface RunOptions {
  /** Also run each SQL engine with `now` as a bound parameter. */
  readonly nowParam?: boolean;
  /** Run the backends concurrently instead of one after the other. */
  readonly parallel?: boolean;
}

/** Runs `c` on JS and on every session, compares every declaration with JS, and checks TLP. */
export async function checkCase(c: FuzzCase, sql: readonly SqlBackend[], opts: RunOptions = {}): Promise<CheckResult> {
  const id = ++counter;
  const full = [...c.decls];
  const path = join(scratch, `case-${id}.seg`);
  const source = fileText(c, full);
  writeFileSync(path, source);

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
  const jobs: (() => Promise<void>)[] = [];
  jobs.push(() =>
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
  const byDialect = new Map<string, { asOf: Compiled; param?: Compiled }>();
  for (const { engine } of sql) {
    if (byDialect.has(engine.dialect)) continue;
    const asOf = compileFor(c, path, full, { to: "sql", dialect: engine.dialect, asOf: c.now });
    const param = opts.nowParam
      ? compileFor(c, path, full, { to: "sql", dialect: engine.dialect, nowParam: true })
      : undefined;
    byDialect.set(engine.dialect, { asOf, ...(param ? { param } : {}) });
  }
  for (const { engine, session } of sql) {
    const { asOf, param } = byDialect.get(engine.dialect)!;
    if (asOf.decls.length === 0) continue;
    jobs.push(() =>
      (async () => {
        const t0 = performance.now();
        await session.load(tables.tables);
        timings[`${engine.name} load`] = performance.now() - t0;
        await timed(engine.name, async () => {
          if (!asOf.result.ok) return { ok: false, error: `compile: ${describeErrors(asOf.result)}` };
          const rows = await session.query(asOf.result.output.trim().replace(/;$/, ""));
          return { ok: true, outcome: outcomeFromRows(rows, asOf.decls) };
        });
        if (param && param.decls.length > 0)
          await timed(`${engine.name}/now-param`, async () => {
            if (!param.result.ok) return { ok: false, error: `compile: ${describeErrors(param.result)}` };
            const rows = await runWithNowParam(
              session,
              engine.dialect,
              param.result.output.trim().replace(/;$/, ""),
              c.now,
            );
            return { ok: true, outcome: outcomeFromRows(rows, param.decls) };
          });
      })().catch((e: unknown) => {
        results[engine.name] = { ok: false, error: `load: ${(e as Error).message}` };
      }),
    );
  }
  // One backend after the other: the in-process engines share this thread, and the servers share
  // the machine's cores, so running them together is slower (measured) and blurs the timings.
  if (opts.parallel) await Promise.all(jobs.map((j) => j()));
  else for (const j of jobs) await j();

  const disagreements: Disagreement[] = [];
  const tlp: TlpViolation[] = [];
  const accepted = acceptedGaps(c);
  const population = (c.data[tables.entity.decl.table.value] ?? []).map((row) => String(row.id));
  const reference = results.js!;
  for (const [name, r] of Object.entries(results)) {
    if (!r.ok) {
      disagreements.push({ backend: name, decl: "(error)", expected: null, actual: r.error });
      continue;
    }
    for (let i = 0; `S${i}` in r.outcome.segments; i++) {
      // Membership in exactly one of S, N, U for every member of the population.
      const parts = [`S${i}`, `N${i}`, `U${i}`].map((n) => r.outcome.segments[n]);
      if (parts.some((p) => p === undefined)) continue;
      const seen = new Map<string, number>();
      for (const p of parts) for (const k of p!) seen.set(k, (seen.get(k) ?? 0) + 1);
      const bad = population.filter((k) => seen.get(k) !== 1);
      if (bad.length) tlp.push({ backend: name, segment: `S${i}`, members: bad });
    }
    if (name === "js" || !reference.ok) continue;
    const engine = name.replace(/\/now-param$/, "");
    for (const [decl, members] of Object.entries(r.outcome.segments)) {
      if (accepted.get(decl)?.has(engine)) continue;
      const exp = reference.outcome.segments[decl];
      if (JSON.stringify(exp) !== JSON.stringify(members))
        disagreements.push({ backend: name, decl, expected: exp, actual: members });
    }
    for (const [decl, labels] of Object.entries(r.outcome.tiers)) {
      if (accepted.get(decl)?.has(engine)) continue;
      const exp = reference.outcome.tiers[decl] ?? {};
      const keys = sortKeys(new Set([...Object.keys(exp), ...Object.keys(labels)]));
      const norm = (m: Record<string, string | null>) => keys.map((k) => [k, m[k] ?? null]);
      if (JSON.stringify(norm(exp)) !== JSON.stringify(norm(labels)))
        disagreements.push({ backend: name, decl, expected: exp, actual: labels });
    }
  }
  return { path, source, results, disagreements, tlp, checked: full.length, timings };
}

/** A readable account of a failed check, with the case in the corpus's format. */
export function explain(c: FuzzCase, r: CheckResult): string {
  const lines: string[] = [`case file: ${r.path}`, `now: ${c.now}`, "", c.prelude, ...c.decls.map((d) => d.text), ""];
  for (const d of r.disagreements)
    lines.push(
      `DISAGREE ${d.backend} on ${d.decl}: js says ${JSON.stringify(d.expected)}, ${d.backend} says ${JSON.stringify(d.actual)}`,
    );
  for (const t of r.tlp)
    lines.push(
      `TLP ${t.backend}: ${t.segment}: not exactly one of true/false/unknown for ${JSON.stringify(t.members)}`,
    );
  lines.push("", `data: ${JSON.stringify(c.data)}`);
  return lines.join("\n");
}
