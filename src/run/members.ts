// Members in the shape the JS backend takes (entity fields by name, one event array per event set,
// each event with `at`), read from the loaded tables: `seg explain` evaluates them, and tests feed
// them to the generated module to compare with the SQL.
import type { Plan, PlanField } from "../plan/plan.js";
import { ident, tableRef, type Engine, type Row } from "./engine.js";

export type Member = Readonly<Record<string, unknown>>;

/** SQL reading a column as what the runtime takes: decimals as exact text, times as epoch ms. */
function readSql(column: string, f: Pick<PlanField, "type">): string {
  const c = ident(column);
  switch (f.type.kind) {
    case "decimal":
      return `CAST(${c} AS VARCHAR)`;
    case "date":
    case "timestamp":
      return `epoch_ms(CAST(${c} AS TIMESTAMP))`;
    default:
      return c;
  }
}

function jsValue(v: unknown, f: Pick<PlanField, "type">): unknown {
  if (typeof v !== "bigint") return v;
  // Times are epoch ms; ints stay exact (a number while safe).
  if (f.type.kind === "date" || f.type.kind === "timestamp") return Number(v);
  return Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

export interface LoadMembersOptions {
  /** Only the member with this key (compared as text). */
  readonly key?: string;
}

/** The plan's members, in key order, with the events of every event set the plan reads. */
export async function loadMembers(engine: Engine, plan: Plan, options: LoadMembersOptions = {}): Promise<Member[]> {
  const e = plan.entity;
  const keyText = `CAST(${ident(e.key.column)} AS VARCHAR)`;
  const where = (col: string): string => (options.key === undefined ? "" : `WHERE CAST(${ident(col)} AS VARCHAR) = $1`);
  const params = options.key === undefined ? undefined : [options.key];
  const fields = e.fields.map((f, i) => `${readSql(f.column, f)} AS "f${i}"`);
  const rows = await engine.rows(
    `SELECT ${keyText} AS "$k", ${fields.join(", ")} FROM ${tableRef(e.table)} ${where(e.key.column)} ORDER BY ${ident(e.key.column)}`,
    params,
  );
  const members: Record<string, unknown>[] = [];
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const m: Record<string, unknown> = {};
    e.fields.forEach((f, i) => define(m, f.name, jsValue(r[`f${i}`], f)));
    for (const s of plan.eventSets) define(m, s.name, []);
    members.push(m);
    byKey.set(String(r.$k), m);
  }
  for (const s of plan.eventSets) {
    const cols = s.fields.map((f, i) => `${readSql(f.column, f)} AS "f${i}"`);
    const events: Row[] = await engine.rows(
      `SELECT CAST(${ident(s.by)} AS VARCHAR) AS "$k", epoch_ms(${ident(s.at)}) AS "$at"${cols.length ? `, ${cols.join(", ")}` : ""} FROM ${tableRef(s.table)} ${where(s.by)}`,
      params,
    );
    for (const r of events) {
      const m = byKey.get(String(r.$k));
      if (!m) continue; // no such member: ignored, as every backend does
      const ev: Record<string, unknown> = { at: r.$at === null ? null : Number(r.$at) };
      s.fields.forEach((f, i) => define(ev, f.name, jsValue(r[`f${i}`], f)));
      (m[s.name] as unknown[]).push(ev);
    }
  }
  return members;
}

// A field may be called `__proto__`: define it as an own property instead of assigning.
function define(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__")
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
