// Completion: the cursor context (cursor-context.ts) says what may be typed; the last checked
// program of the file says which names exist. Works on broken text and never re-checks a file
// that already has a program (a keystroke old at worst).
import { readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type TextEdit,
} from "vscode-languageserver";
import { AGGREGATES, FUNCTIONS } from "../../src/check/checker.js";
import type { EntitySymbol, EventsSymbol, FieldSymbol, TopSymbol } from "../../src/check/symbols.js";
import { typeToString } from "../../src/plan/types.js";
import {
  afterOperandWords,
  cursorAt,
  type CursorContext,
  type DeclInfo,
  type ExprContext,
  type StringContext,
} from "./cursor-context.js";
import { AGGREGATE_DOCS, FUNCTION_DOCS } from "./describe.js";
import { indexOfDocument, safePosition } from "./positions.js";
import { CheckFailed, type ServerState } from "./state.js";

const TOP_KEYWORDS: readonly [string, string][] = [
  ["import", 'import "${1:./schema.seg}"'],
  ["entity", 'entity ${1:name} from "${2:table}" key ${3:id} {\n  ${3:id}: ${4:string}\n}'],
  ["events", 'events ${1:name} of ${2:entity} from "${3:table}" by ${4:entity_id} at ${5:occurred_at} {\n  $0\n}'],
  ["measure", "measure ${1:name} = $0"],
  ["param", "param ${1:name}: ${2:int} = ${3:0}"],
  ["default window", "default window last ${1:90} ${2:days}"],
  ["segment", "segment ${1:Name} where $0"],
  ["segmentation", "segmentation ${1:Name} {\n  ${2:Tier} where $0\n  ${3:Other} otherwise\n}"],
];
const TYPES = ["int", "float", "decimal", "string", "bool", "date", "timestamp", "enum"];
const UNITS = ["minute", "hour", "day", "week", "month", "quarter", "year"];

/** Sort groups: what the context asks for first. */
const Rank = {
  Member: "0",
  Field: "1",
  Events: "2",
  Measure: "3",
  Segment: "4",
  Param: "5",
  Aggregate: "6",
  Function: "7",
  Keyword: "8",
} as const;

/** Above this many candidates, only those matching the typed prefix are sent (the list is then incomplete). */
const MAX_ITEMS = 200;

export function completion(state: ServerState, params: CompletionParams): CompletionItem[] | CompletionList {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return [];
  const index = indexOfDocument(doc);
  const offset = index.offset(safePosition(params.position));
  const text = doc.getText();
  const { context, prefix } = cursorAt(text, offset);
  if (context.kind === "none") return [];
  const path = state.pathOf(doc.uri);
  if (context.kind === "string") return stringItems(state, path, context, text, offset, index);
  const scope = needsScope(context) ? scopeOf(state, path) : new Map<string, TopSymbol>();
  const all = items(context, scope);
  if (all.length <= MAX_ITEMS) return all;
  // A file with thousands of names: send what matches so far; the editor asks again as typing goes on.
  const matching = all.filter((i) => subsequence(prefix, i.label));
  matching.sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1));
  return { isIncomplete: true, items: matching.slice(0, MAX_ITEMS) };
}

/** Whether the characters of `typed` appear in `label` in order (case-insensitive), as editors filter. */
function subsequence(typed: string, label: string): boolean {
  const t = typed.toLowerCase();
  const l = label.toLowerCase();
  let j = 0;
  for (let i = 0; i < l.length && j < t.length; i++) if (l[i] === t[j]) j++;
  return j === t.length;
}

/** The names visible in the file; none when the checker fails on it (keywords still complete). */
function scopeOf(state: ServerState, path: string): ReadonlyMap<string, TopSymbol> {
  try {
    return state.analysis(path, "latest")?.scope ?? new Map();
  } catch (e) {
    if (e instanceof CheckFailed) return new Map();
    throw e;
  }
}

function needsScope(c: CursorContext): boolean {
  return c.kind === "entities" || c.kind === "member" || c.kind === "expr";
}

function items(c: Exclude<CursorContext, StringContext>, scope: ReadonlyMap<string, TopSymbol>): CompletionItem[] {
  switch (c.kind) {
    case "none":
      return [];
    case "top":
      return topItems();
    case "keywords":
      return [...c.words.map((w) => keyword(w)), ...(c.alsoTop ? topItems() : [])];
    case "entities":
      return [...scope.values()]
        .filter((s): s is EntitySymbol => s.kind === "entity")
        .map((s) => symbolItem(s, Rank.Field));
    case "types":
      return TYPES.map((t) =>
        t === "decimal"
          ? {
              label: "decimal",
              kind: CompletionItemKind.TypeParameter,
              insertText: "decimal(${1:2})",
              insertTextFormat: InsertTextFormat.Snippet,
            }
          : t === "enum"
            ? {
                label: "enum",
                kind: CompletionItemKind.TypeParameter,
                insertText: 'enum("${1:a}", "${2:b}")',
                insertTextFormat: InsertTextFormat.Snippet,
              }
            : { label: t, kind: CompletionItemKind.TypeParameter },
      );
    case "units":
      return unitItems(c.plural);
    case "member":
      return memberItems(c.object, scope);
    case "expr":
      return exprItems(c, scope);
  }
}

function topItems(): CompletionItem[] {
  return TOP_KEYWORDS.map(([label, snippet]) => ({
    label,
    kind: CompletionItemKind.Keyword,
    insertText: snippet,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: Rank.Keyword + label,
  }));
}

function keyword(word: string): CompletionItem {
  return { label: word, kind: CompletionItemKind.Keyword, sortText: Rank.Keyword + word };
}

function unitItems(plural: boolean): CompletionItem[] {
  return UNITS.map((u, i) => ({ label: plural ? `${u}s` : u, kind: CompletionItemKind.Unit, sortText: `${i}` }));
}

function fieldItem(f: FieldSymbol, rank: string = Rank.Field): CompletionItem {
  return {
    label: f.name,
    kind: CompletionItemKind.Field,
    detail: `${typeToString(f.type)}${f.decl.nullable ? "?" : ""}  (${f.owner.name})`,
    ...(f.doc && { documentation: { kind: MarkupKind.Markdown, value: f.doc } }),
    sortText: rank + f.name,
  };
}

function symbolItem(s: TopSymbol, rank: string): CompletionItem {
  const kind = {
    entity: CompletionItemKind.Class,
    events: CompletionItemKind.Event,
    measure: CompletionItemKind.Function,
    param: CompletionItemKind.Constant,
    segment: CompletionItemKind.Variable,
    segmentation: CompletionItemKind.Enum,
  }[s.kind];
  const detail =
    s.kind === "events"
      ? `event set of ${s.decl.entity.name} (bare: the number of events)`
      : s.kind === "param" && s.type
        ? `param: ${typeToString(s.type)}`
        : s.kind === "segmentation"
          ? `segmentation: ${[...s.branches.keys()].join(" | ")}`
          : s.kind;
  return {
    label: s.name,
    kind,
    detail,
    ...(s.doc && { documentation: { kind: MarkupKind.Markdown, value: s.doc } }),
    sortText: rank + s.name,
  };
}

function memberItems(object: string, scope: ReadonlyMap<string, TopSymbol>): CompletionItem[] {
  const s = scope.get(object);
  if (!s) return [];
  switch (s.kind) {
    case "events":
      return [
        ...[...s.fields.values()].map((f) => fieldItem(f, Rank.Member)),
        {
          label: "at",
          kind: CompletionItemKind.Field,
          detail: `timestamp  (${s.name}'s event time)`,
          sortText: Rank.Member + "~at",
        },
      ];
    case "entity":
      return [...s.fields.values()].map((f) => fieldItem(f, Rank.Member));
    case "segmentation":
      return [...s.branches.values()].map((b) => ({
        label: b.name,
        kind: CompletionItemKind.EnumMember,
        detail: `tier of ${s.name}`,
        ...(b.doc && { documentation: { kind: MarkupKind.Markdown, value: b.doc } }),
        sortText: Rank.Member + String(b.decl.span.start).padStart(9, "0"),
      }));
    default:
      return [];
  }
}

function entityFor(decl: DeclInfo, scope: ReadonlyMap<string, TopSymbol>): EntitySymbol[] {
  const entities = [...scope.values()].filter((s): s is EntitySymbol => s.kind === "entity");
  if (decl.entity) {
    const e = scope.get(decl.entity);
    return e?.kind === "entity" ? [e] : entities;
  }
  if (entities.length <= 1) return entities;
  // A measure says nothing: the entity of the first event set or entity it mentions.
  for (const m of decl.mentions) {
    const s = scope.get(m);
    if (s?.kind === "entity") return [s];
    if (s?.kind === "events" && s.entity) return [s.entity];
  }
  return entities;
}

function exprItems(c: ExprContext, scope: ReadonlyMap<string, TopSymbol>): CompletionItem[] {
  if (c.position === "after-operand") {
    const out = afterOperandWords(c).map((w) => keyword(w));
    if (c.afterNumber && !c.literalOnly) out.push(...unitItems(true));
    if (c.declarationMayStart) out.push(...topItems());
    return out;
  }
  if (c.literalOnly) return ["true", "false", "null", "date", "timestamp"].map((w) => keyword(w));
  const events = [...scope.values()].filter((s): s is EventsSymbol => s.kind === "events");
  if (c.aggregateArg) return events.map((s) => symbolItem(s, Rank.Events));
  const out: CompletionItem[] = [];
  const set = c.filterOf ? scope.get(c.filterOf) : undefined;
  if (set?.kind === "events") {
    out.push(...[...set.fields.values()].map((f) => fieldItem(f)));
    out.push({
      label: "at",
      kind: CompletionItemKind.Field,
      detail: `timestamp  (${set.name}'s event time)`,
      sortText: Rank.Field + "~at",
    });
    for (const s of scope.values()) {
      if (s.kind === "param") out.push(symbolItem(s, Rank.Param));
      else if (s.kind === "entity")
        out.push({ ...symbolItem(s, Rank.Segment), detail: `entity: write ${s.name}.FIELD for its fields` });
    }
  } else {
    for (const e of entityFor(c.decl, scope)) out.push(...[...e.fields.values()].map((f) => fieldItem(f)));
    for (const s of scope.values()) {
      if (s.name === c.decl.name && (s.kind === "segment" || s.kind === "segmentation" || s.kind === "measure"))
        continue;
      if (s.kind === "events") out.push(symbolItem(s, Rank.Events));
      else if (s.kind === "measure") out.push(symbolItem(s, Rank.Measure));
      else if (s.kind === "segment" || s.kind === "segmentation") out.push(symbolItem(s, Rank.Segment));
      else if (s.kind === "param") out.push(symbolItem(s, Rank.Param));
    }
    for (const name of AGGREGATES) {
      const d = AGGREGATE_DOCS[name];
      out.push({
        label: name,
        kind: CompletionItemKind.Function,
        detail: `${d.signature} → ${d.returns}`,
        documentation: {
          kind: MarkupKind.Markdown,
          value: `${d.summary}\n\nAggregate: add \`over last N UNITS\` for a window.`,
        },
        insertText: d.snippet,
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: Rank.Aggregate + name,
      });
    }
  }
  for (const name of Object.keys(FUNCTIONS)) {
    const d = FUNCTION_DOCS[name];
    if (!d) continue;
    out.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: `${d.signature} → ${d.returns}`,
      documentation: { kind: MarkupKind.Markdown, value: d.summary },
      insertText: d.snippet,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: Rank.Function + name,
    });
  }
  for (const w of ["not", "now", "true", "false", "null", "date", "timestamp"]) out.push(keyword(w));
  return out;
}

// ------------------------------------------------------------------ strings

function stringItems(
  state: ServerState,
  path: string,
  c: StringContext,
  text: string,
  offset: number,
  index: ReturnType<typeof indexOfDocument>,
): CompletionItem[] {
  const close = text[offset] === c.quote ? "" : c.quote;
  const edit = (value: string): TextEdit => ({
    range: index.range({ start: c.contentStart, end: offset }),
    newText: value + close,
  });
  if (c.importPath) return importItems(path, text.slice(c.contentStart, offset), edit);
  if (!c.subject) return [];
  const scope = scopeOf(state, path);
  const values = enumValues(c, scope);
  return values.map((v, i) => ({
    label: v.value,
    kind: CompletionItemKind.EnumMember,
    detail: v.detail,
    textEdit: edit(escape(v.value, c.quote)),
    filterText: v.value,
    sortText: String(i).padStart(4, "0"),
  }));
}

function escape(value: string, quote: string): string {
  return value.replace(/\\/g, "\\\\").replace(quote === '"' ? /"/g : /'/g, `\\${quote}`);
}

function enumValues(c: StringContext, scope: ReadonlyMap<string, TopSymbol>): { value: string; detail: string }[] {
  const subject = c.subject!;
  let field: FieldSymbol | undefined;
  if (subject.object !== undefined) {
    const owner = scope.get(subject.object);
    if (owner?.kind === "events" || owner?.kind === "entity") field = owner.fields.get(subject.name);
  } else {
    const set = c.filterOf ? scope.get(c.filterOf) : undefined;
    if (set?.kind === "events") field = set.fields.get(subject.name);
    const named = scope.get(subject.name);
    if (!field && named?.kind === "segmentation")
      return [...named.branches.values()]
        .filter((b) => b.name)
        .map((b) => ({ value: b.name, detail: `tier of ${named.name}` }));
    if (!field) {
      const entities = c.decl ? entityFor({ ...c.decl }, scope) : [];
      for (const e of entities) field ??= e.fields.get(subject.name);
    }
  }
  if (field?.type.kind !== "enum") return [];
  return field.type.values.map((v) => ({ value: v, detail: `${field!.owner.name}.${field!.name}` }));
}

function importItems(path: string, typed: string, edit: (value: string) => TextEdit): CompletionItem[] {
  const base = dirname(path);
  const slash = typed.lastIndexOf("/");
  const dirTyped = slash >= 0 ? typed.slice(0, slash + 1) : "./";
  const dir = resolve(base, dirTyped);
  let entries: { name: string; dir: boolean }[];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith(".") && e.name !== "node_modules")
      .map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return [];
  }
  const out: CompletionItem[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (full === path || (!e.dir && !e.name.endsWith(".seg"))) continue;
    let rel = relative(base, full).split("\\").join("/");
    if (!rel.startsWith(".")) rel = `./${rel}`;
    out.push({
      label: e.dir ? `${rel}/` : rel,
      kind: e.dir ? CompletionItemKind.Folder : CompletionItemKind.File,
      textEdit: e.dir ? { ...edit(`${rel}/`), newText: `${rel}/` } : edit(rel),
      filterText: e.dir ? `${rel}/` : rel,
    });
  }
  return out;
}
