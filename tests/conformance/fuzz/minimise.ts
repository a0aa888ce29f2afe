// Shrinks a failing case at the level of the assembled file: drops declarations nothing needs,
// prelude lines, table rows and field values while the failure persists. (fast-check has already
// shrunk the conditions themselves; this removes what it cannot: the other segments and rows.)
import type { Rows } from "./data.js";
import type { Decl, FuzzCase } from "./case.js";
import type { CheckResult, Outcome } from "./run.js";
import { sortKeys } from "../corpus.js";

export type StillFails = (c: FuzzCase) => Promise<boolean>;

/** Field values to try instead of the original, simplest first (per column). */
const SIMPLER: Record<string, readonly unknown[]> = {
  age: [null, 0, 1],
  balance: [null, "0.00", "1.00"],
  score: [null, 0, 1],
  name: [null, "a"],
  vip: [null, true, false],
  born: [null, "2024-01-01"],
  note: [null, "a"],
  page: [null, "a"],
  qty: [null, 0, 1],
  secs: [null, 0, 1],
  amt: ["0.00", "1.00"],
  cost: ["0.00", "1.00"],
  plan: ["free"],
};

function without<T>(xs: readonly T[], i: number, n = 1): T[] {
  return [...xs.slice(0, i), ...xs.slice(i + n)];
}

export async function minimise(start: FuzzCase, stillFails: StillFails, budgetMs = 120_000): Promise<FuzzCase> {
  const deadline = Date.now() + budgetMs;
  let c = start;
  const attempt = async (next: FuzzCase): Promise<boolean> => {
    if (Date.now() > deadline) return false;
    if (await stillFails(next)) {
      c = next;
      return true;
    }
    return false;
  };

  // Declarations, last first: one that another remaining declaration references stays.
  for (let i = c.decls.length - 1; i >= 0; i--) {
    const d = c.decls[i];
    if (!d || c.decls.some((o) => o !== d && o.refs.includes(d.name))) continue;
    await attempt({ ...c, decls: without(c.decls, i) });
  }
  // Prelude lines (the default window, params, measures).
  const lines = c.prelude.split("\n").filter((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) {
    const kept = c.prelude.split("\n").filter((l) => l.trim() && l !== lines[i]);
    await attempt({ ...c, prelude: `${kept.join("\n")}\n` });
  }
  // Rows: halves, then one at a time, for every table.
  for (const table of Object.keys(c.data)) {
    for (
      let chunk = Math.max(1, Math.floor((c.data[table]?.length ?? 0) / 2));
      chunk >= 1;
      chunk = Math.floor(chunk / 2)
    ) {
      for (let i = (c.data[table]?.length ?? 0) - chunk; i >= 0; i -= chunk) {
        const rows = c.data[table]!;
        await attempt({ ...c, data: { ...c.data, [table]: without(rows, i, chunk) } });
      }
      if (chunk === 1) break;
    }
  }
  // Field values.
  for (const table of Object.keys(c.data)) {
    for (let r = 0; r < (c.data[table]?.length ?? 0); r++) {
      for (const column of Object.keys(c.data[table]![r]!)) {
        for (const v of SIMPLER[column] ?? []) {
          const row = c.data[table]![r]!;
          if (row[column] === v) break;
          const rows = [...c.data[table]!];
          rows[r] = { ...row, [column]: v };
          if (await attempt({ ...c, data: { ...c.data, [table]: rows } })) break;
        }
      }
    }
  }
  return c;
}

/** A case in the format of tests/conformance/cases/*.json (the expectation taken from `outcome`). */
export function corpusCase(
  c: FuzzCase,
  name: string,
  outcome: Outcome,
  extra: { rules?: string[]; skip?: Record<string, string> } = {},
): Record<string, unknown> {
  const expect: Record<string, unknown> = {};
  for (const d of c.decls) {
    if (d.kind === "segment") expect[d.name] = sortKeys(outcome.segments[d.name] ?? []);
    else expect[d.name] = outcome.tiers[d.name] ?? {};
  }
  const data: Rows = {};
  for (const [t, rows] of Object.entries(c.data)) if (rows.length) data[t] = rows;
  return {
    name,
    rules: extra.rules ?? [],
    now: c.now,
    segments: `${c.prelude.trim() ? `${c.prelude.trim()}\n` : ""}${c.decls.map((d: Decl) => d.text).join("\n")}\n`,
    data,
    expect,
    ...(extra.skip ? { skip: extra.skip } : {}),
  };
}

/** The backends that disagree with JS or break TLP. */
export function failingBackends(r: CheckResult): Set<string> {
  return new Set([...r.disagreements.map((d) => d.backend), ...r.tlp.map((t) => t.backend)]);
}
