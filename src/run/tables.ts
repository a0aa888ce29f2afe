// The tables `seg run` loads, derived from the checked program: every entity that has output
// segments, and every event set declared for it (used by a segment or not), each with the
// exact column names and Seg types of its declaration.
import type { Program } from "../check/checker.js";
import type { EntitySymbol, EventsSymbol } from "../check/symbols.js";
import type { ValueType } from "../plan/types.js";
import { DataError } from "./errors.js";

export interface ColumnSpec {
  /** Column name in the table (a field's `from "…"` name, else the field name). */
  readonly name: string;
  readonly type: ValueType;
  readonly nullable: boolean;
  /** What the column is for, in messages: a field, the entity key, the event key or time. */
  readonly role: "key" | "by" | "at" | "field";
  /** Declaration that names the column (`customer.email`, `orders.at`). */
  readonly origin: string;
}

export interface TableSpec {
  /** Table name as declared: `orders` or `shop.orders`. */
  readonly table: string;
  readonly columns: readonly ColumnSpec[];
  /** For an entity table: the key column (unique, never empty). */
  readonly key?: string;
  /** Entity or event set names this table backs (usually one). */
  readonly declaredBy: readonly string[];
}

const TIMESTAMP: ValueType = { kind: "timestamp" };

function entityColumns(e: EntitySymbol): ColumnSpec[] {
  return [...e.fields.values()].map((f) => ({
    name: f.column,
    type: f.type,
    // The key identifies the member: never empty, whatever the declaration says.
    nullable: f.name === e.decl.key.name ? false : f.decl.nullable,
    role: f.name === e.decl.key.name ? "key" : "field",
    origin: `${e.name}.${f.name}`,
  }));
}

function eventColumns(s: EventsSymbol, keyType: ValueType): ColumnSpec[] {
  return [
    // Event rows with an empty key or time belong to no member or no instant: every backend
    // ignores them, so they are allowed.
    { name: s.decl.by.name, type: keyType, nullable: true, role: "by", origin: `${s.name} by` },
    { name: s.decl.at.name, type: TIMESTAMP, nullable: true, role: "at", origin: `${s.name}.at` },
    ...[...s.fields.values()].map((f): ColumnSpec => ({
      name: f.column,
      type: f.type,
      nullable: f.decl.nullable,
      role: "field",
      origin: `${s.name}.${f.name}`,
    })),
  ];
}

const sameType = (a: ValueType, b: ValueType): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Tables of the given entities and of every event set declared for them, in declaration order. */
export function tablesFor(program: Program, entities: readonly string[]): TableSpec[] {
  const symbols = [...program.declSymbols.values()];
  const byTable = new Map<string, { columns: Map<string, ColumnSpec>; key?: string; declaredBy: string[] }>();
  const add = (table: string, declaredBy: string, columns: readonly ColumnSpec[], key?: string): void => {
    const t = byTable.get(table) ?? { columns: new Map<string, ColumnSpec>(), declaredBy: [] };
    byTable.set(table, t);
    t.declaredBy.push(declaredBy);
    if (key !== undefined) t.key = key;
    for (const c of columns) {
      const prev = t.columns.get(c.name);
      if (!prev) t.columns.set(c.name, c);
      else if (!sameType(prev.type, c.type))
        throw new DataError(
          `table "${table}": column "${c.name}" is declared twice with different types (${prev.origin}, ${c.origin})`,
        );
      else if (!c.nullable && prev.nullable) t.columns.set(c.name, { ...prev, nullable: false });
    }
  };
  for (const s of symbols) {
    if (s.kind !== "entity" || !entities.includes(s.name)) continue;
    const key = s.fields.get(s.decl.key.name);
    add(s.decl.table.value, s.name, entityColumns(s), key?.column);
    for (const ev of symbols) {
      if (ev.kind !== "events" || ev.entity !== s) continue;
      add(ev.decl.table.value, ev.name, eventColumns(ev, key?.type ?? { kind: "string" }));
    }
  }
  return [...byTable].map(([table, t]) => ({
    table,
    columns: [...t.columns.values()],
    key: t.key,
    declaredBy: t.declaredBy,
  }));
}
