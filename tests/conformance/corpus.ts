// Loads the language-independent conformance cases and turns them into inputs for each backend.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "../../src/api/check.js";
import type { EntitySymbol, EventsSymbol } from "../../src/check/symbols.js";
import type { ValueType } from "../../src/plan/types.js";
import type { ColumnType, TableData } from "../support/engines.js";

export interface Case {
  readonly file: string;
  readonly name: string;
  readonly rules: readonly string[];
  readonly now: string;
  readonly segments: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly data: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  readonly expect: Readonly<Record<string, readonly string[] | Readonly<Record<string, string | null>>>>;
  readonly skip?: Readonly<Record<string, string>>;
  /** The case's source file on disk (schema + segments). */
  readonly path: string;
  readonly schema: string;
}

const dir = new URL("./cases/", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "seg-conformance-"));

export function loadCases(): Case[] {
  const out: Case[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(".json"))
    .sort()) {
    const doc = JSON.parse(readFileSync(join(dir, f), "utf8")) as {
      schema: string;
      cases: Omit<Case, "file" | "path" | "schema">[];
    };
    for (const c of doc.cases) {
      const path = join(scratch, `${f.replace(/\.json$/, "")}--${c.name}.seg`);
      writeFileSync(path, `${doc.schema}\n${c.segments}\n`);
      out.push({ ...c, file: f, path, schema: doc.schema });
    }
  }
  return out;
}

function columnType(t: ValueType): ColumnType {
  switch (t.kind) {
    case "decimal":
      return { decimal: t.scale };
    case "enum":
    case "null":
      return "string";
    default:
      return t.kind;
  }
}

export interface CaseTables {
  readonly tables: TableData[];
  readonly entity: EntitySymbol;
  readonly events: EventsSymbol[];
}

/** Every table the case's schema declares, with the case's rows (by column name). */
export function caseTables(c: Case): CaseTables {
  const { program } = check([c.path]);
  const syms = [...program.declSymbols.values()];
  const entity = syms.find((s): s is EntitySymbol => s.kind === "entity")!;
  const events = syms.filter((s): s is EventsSymbol => s.kind === "events");
  const tables: TableData[] = [
    {
      name: entity.decl.table.value,
      columns: [...entity.fields.values()].map((f) => ({
        name: f.column,
        type: columnType(f.type),
        nullable: f.decl.nullable,
      })),
      rows: [...(c.data[entity.decl.table.value] ?? [])],
    },
    ...events.map((e) => ({
      name: e.decl.table.value,
      columns: [
        { name: e.decl.by.name, type: columnType(entity.fields.get(entity.decl.key.name)!.type), nullable: false },
        { name: e.decl.at.name, type: "timestamp" as const, nullable: false },
        ...[...e.fields.values()].map((f) => ({ name: f.column, type: columnType(f.type), nullable: f.decl.nullable })),
      ],
      rows: [...(c.data[e.decl.table.value] ?? [])],
    })),
  ];
  return { tables, entity, events };
}

/** Members for the JS backend: entity fields by name plus one event array per event set. */
export function caseMembers(c: Case, t: CaseTables): Record<string, unknown>[] {
  const key = t.entity.fields.get(t.entity.decl.key.name)!.column;
  const members = (c.data[t.entity.decl.table.value] ?? []).map((row) => {
    const m: Record<string, unknown> = {};
    for (const f of t.entity.fields.values()) m[f.name] = row[f.column] ?? null;
    for (const e of t.events) m[e.name] = [];
    return m;
  });
  const byKey = new Map(members.map((m, i) => [String((c.data[t.entity.decl.table.value] ?? [])[i]![key]), m]));
  for (const e of t.events)
    for (const row of c.data[e.decl.table.value] ?? []) {
      const m = byKey.get(String(row[e.decl.by.name]));
      if (!m) continue;
      const ev: Record<string, unknown> = { at: row[e.decl.at.name] };
      for (const f of e.fields.values()) ev[f.name] = row[f.column] ?? null;
      (m[e.name] as unknown[]).push(ev);
    }
  return members;
}

const byCodePoint = (a: string, b: string): number => {
  const x = [...a].map((ch) => ch.codePointAt(0)!);
  const y = [...b].map((ch) => ch.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

export const sortKeys = (keys: Iterable<string>): string[] => [...keys].sort(byCodePoint);

/** Actual results in the corpus's `expect` shape, from flag rows keyed by output column. */
export function resultFromFlags(
  c: Case,
  rows: readonly Record<string, unknown>[],
  keyColumn: string,
  truthy: (v: unknown) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, expected] of Object.entries(c.expect)) {
    if (Array.isArray(expected))
      out[name] = sortKeys(rows.filter((r) => truthy(r[name])).map((r) => String(r[keyColumn])));
    else out[name] = Object.fromEntries(rows.map((r) => [String(r[keyColumn]), (r[name] as string | null) ?? null]));
  }
  return out;
}
