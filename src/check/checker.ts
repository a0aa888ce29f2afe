// Scopes across imports, name resolution, types and the window rules. Collects diagnostics; never throws.
import type {
  CallExpr,
  CompareExpr,
  Declaration,
  Duration,
  EntityDecl,
  EventsDecl,
  Expr,
  FieldDecl,
  Identifier,
  MeasureDecl,
  MemberExpr,
  NameExpr,
  Span,
  TypeRef,
  Window,
} from "../syntax/ast.js";
import { DiagnosticSink } from "../diagnostics/codes.js";
import type { Diagnostic, Fix } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import type { PLiteral } from "../plan/plan.js";
import {
  BOOL,
  comparisonType,
  DATE,
  decimal,
  FLOAT,
  INT,
  isNumeric,
  isStringLike,
  isTime,
  NULL,
  numericJoin,
  STRING,
  TIMESTAMP,
  typeToString,
  type ValueType,
} from "../plan/types.js";
import type {
  BranchSymbol,
  EntitySymbol,
  EventsSymbol,
  EventTimeSymbol,
  FieldSymbol,
  MeasureSymbol,
  ParamSymbol,
  SegmentationSymbol,
  Symbol,
  TopSymbol,
} from "./symbols.js";
import { describe } from "./symbols.js";
import {
  isDecimalText,
  isIntText,
  normalizeDecimal,
  normalizeInt,
  numberLiteral,
  parseDate,
  parseTimestamp,
  scaleOf,
} from "./literals.js";
import { bucketCount, windowLengthMs, windowNotPositive, windowPoints, type WindowPoints } from "./windows.js";
import type { Module, Workspace } from "./workspace.js";
import { runRules } from "./rules/index.js";

export const AGGREGATES = [
  "count",
  "sum",
  "avg",
  "min",
  "max",
  "distinct_count",
  "latest",
  "earliest",
  "share",
  "most_frequent",
  "any",
  "none",
] as const;
export type AggregateName = (typeof AGGREGATES)[number];

/** Scalar functions: name → [min args, max args]. */
export const FUNCTIONS: Record<string, readonly [number, number]> = {
  lower: [1, 1],
  upper: [1, 1],
  length: [1, 1],
  trim: [1, 1],
  coalesce: [1, 16],
  abs: [1, 1],
  round: [1, 2],
  year: [1, 1],
  month: [1, 1],
  day: [1, 1],
  hour: [1, 1],
  day_of_week: [1, 1],
  date: [1, 1],
  days_since: [1, 1],
  days_between: [2, 2],
};

/** Names the generated JavaScript module exports itself. */
const RESERVED_NAMES = new Set(["evaluate"]);

const TYPE_NAMES = ["int", "float", "decimal", "string", "bool", "date", "timestamp", "enum"];

const isAggregateName = (n: string): n is AggregateName => (AGGREGATES as readonly string[]).includes(n);

/** What the checker learned about one file. */
export interface ModuleAnalysis {
  readonly module: Module;
  /** Every top-level name visible in the file (its own and imported). */
  readonly scope: Map<string, TopSymbol>;
  readonly own: TopSymbol[];
  readonly defaultWindow?: Window;
  readonly diagnostics: Diagnostic[];
}

/** The checked workspace: resolutions and types are keyed by AST node identity. */
export interface Program {
  readonly workspace: Workspace;
  readonly analyses: Map<string, ModuleAnalysis>;
  readonly refs: Map<Identifier, Symbol>;
  readonly types: Map<Expr, ValueType>;
  readonly declSymbols: Map<Declaration, TopSymbol>;
  /** The entity each segment, segmentation and measure is for. */
  readonly entityOf: Map<TopSymbol, EntitySymbol>;
  /** Window analysis of every window the checker accepted. */
  readonly windows: Map<Window, WindowPoints>;
  /** Symbols that sit on a reference cycle (lowering refuses them). */
  readonly cyclic: Set<TopSymbol>;
  readonly diagnostics: Diagnostic[];
}

interface Ctx {
  readonly m: ModuleState;
  readonly entity: EntitySymbol | undefined;
  /** Inside the `where` of an aggregate over this event set. */
  readonly filterOf?: EventsSymbol;
  readonly owner?: TopSymbol;
}

interface ModuleState {
  readonly module: Module;
  readonly sink: DiagnosticSink;
  readonly scope: Map<string, TopSymbol>;
  readonly own: TopSymbol[];
  defaultWindow?: Window;
}

const fixReplace = (title: string, span: Span, newText: string): Fix => ({ title, edits: [{ span, newText }] });
const renameFixes = (span: Span, candidates: readonly string[]): Fix[] =>
  candidates.slice(0, 3).map((c) => fixReplace(`Change to \`${c}\``, span, c));

export class Checker {
  readonly refs = new Map<Identifier, Symbol>();
  readonly types = new Map<Expr, ValueType>();
  readonly declSymbols = new Map<Declaration, TopSymbol>();
  readonly entityOf = new Map<TopSymbol, EntitySymbol>();
  readonly windows = new Map<Window, WindowPoints>();
  readonly cyclic = new Set<TopSymbol>();
  private readonly states = new Map<string, ModuleState>();
  private readonly ownSymbols = new Map<string, TopSymbol[]>();
  private readonly measureTypes = new Map<MeasureSymbol, ValueType | undefined | "pending">();
  private readonly deps = new Map<TopSymbol, Set<TopSymbol>>();
  private readonly stateOf = new Map<TopSymbol, ModuleState>();

  constructor(
    private readonly workspace: Workspace,
    private readonly paramOverrides: Readonly<Record<string, string>> = {},
  ) {}

  run(entries: readonly string[]): Program {
    const modules = new Map<string, Module>();
    for (const e of entries) for (const m of this.workspace.closure(e)) modules.set(m.path, m);
    for (const m of modules.values()) this.declare(m);
    for (const m of modules.values()) this.bindScope(m);
    for (const m of modules.values()) this.checkModule(this.states.get(m.path)!);
    this.reportCycles();
    const checked = this.program();
    for (const s of this.states.values()) runRules(checked, s.module, s.sink);
    return this.program();
  }

  private program(): Program {
    const analyses = new Map<string, ModuleAnalysis>();
    const diagnostics: Diagnostic[] = [];
    for (const s of this.states.values()) {
      const d = [...s.module.parsed.diagnostics, ...s.sink.items].sort(
        (a, b) => a.span.start - b.span.start || a.span.end - b.span.end,
      );
      analyses.set(s.module.path, {
        module: s.module,
        scope: s.scope,
        own: s.own,
        defaultWindow: s.defaultWindow,
        diagnostics: d,
      });
      diagnostics.push(...d);
    }
    return {
      workspace: this.workspace,
      analyses,
      refs: this.refs,
      types: this.types,
      declSymbols: this.declSymbols,
      entityOf: this.entityOf,
      windows: this.windows,
      cyclic: this.cyclic,
      diagnostics,
    };
  }

  // ------------------------------------------------------------ declarations and scopes

  private declare(m: Module): void {
    const sink = new DiagnosticSink(m.path);
    const own: TopSymbol[] = [];
    const state: ModuleState = { module: m, sink, scope: new Map(), own };
    this.states.set(m.path, state);
    for (const d of m.parsed.file.declarations) {
      const sym = this.symbolFor(d, m.path, sink);
      if (!sym) continue;
      this.declSymbols.set(d, sym);
      this.stateOf.set(sym, state);
      own.push(sym);
    }
    this.ownSymbols.set(m.path, own);
  }

  private fields(
    decls: readonly FieldDecl[],
    owner: EntitySymbol | EventsSymbol,
    file: string,
    sink: DiagnosticSink,
    isEvent: boolean,
  ): void {
    for (const f of decls) {
      if (!f.name.name) continue;
      if (owner.fields.has(f.name.name)) {
        sink.report("duplicate-field", { name: f.name.name }, f.name.span);
        continue;
      }
      if (isEvent && f.name.name === "at") sink.report("reserved-field-name", { name: "at" }, f.name.span);
      const type = this.typeRef(f.type, sink) ?? STRING;
      const sym: FieldSymbol = {
        kind: "field",
        name: f.name.name,
        file,
        nameSpan: f.name.span,
        doc: f.doc,
        decl: f,
        owner,
        type,
        column: f.column?.value ?? f.name.name,
      };
      owner.fields.set(f.name.name, sym);
      this.refs.set(f.name, sym);
    }
  }

  private symbolFor(d: Declaration, file: string, sink: DiagnosticSink): TopSymbol | undefined {
    const base = (name: Identifier, doc?: string) => ({ name: name.name, file, nameSpan: name.span, doc });
    switch (d.kind) {
      case "Import":
      case "DefaultWindow":
        return undefined;
      case "Entity": {
        const sym: EntitySymbol = { kind: "entity", ...base(d.name, d.doc), decl: d, fields: new Map() };
        this.fields(d.fields, sym, file, sink, false);
        return this.named(d.name, sym);
      }
      case "Events": {
        const sym: EventsSymbol = { kind: "events", ...base(d.name, d.doc), decl: d, fields: new Map() };
        this.fields(d.fields, sym, file, sink, true);
        return this.named(d.name, sym);
      }
      case "Measure":
        return this.named(d.name, { kind: "measure", ...base(d.name, d.doc), decl: d });
      case "Param":
        return this.named(d.name, { kind: "param", ...base(d.name, d.doc), decl: d });
      case "Segment":
        return this.named(d.name, { kind: "segment", ...base(d.name, d.doc), decl: d }, sink);
      case "Segmentation": {
        const sym: SegmentationSymbol = { kind: "segmentation", ...base(d.name, d.doc), decl: d, branches: new Map() };
        for (const b of d.branches) {
          if (!b.name.name) continue;
          if (sym.branches.has(b.name.name)) {
            sink.report("duplicate-branch", { name: b.name.name }, b.name.span);
            continue;
          }
          const bs: BranchSymbol = { kind: "branch", ...base(b.name, b.doc), decl: b, segmentation: sym };
          sym.branches.set(b.name.name, bs);
          this.refs.set(b.name, bs);
        }
        return this.named(d.name, sym, sink);
      }
    }
  }

  private named<T extends TopSymbol>(id: Identifier, sym: T, sink?: DiagnosticSink): T | undefined {
    if (!id.name) return undefined;
    if (sink && RESERVED_NAMES.has(id.name)) sink.report("reserved-name", { name: id.name }, id.span);
    this.refs.set(id, sym);
    return sym;
  }

  private bindScope(m: Module): void {
    const state = this.states.get(m.path)!;
    const order = this.workspace.closure(m.path);
    const importOf = new Map<string, Span>();
    for (const i of m.imports)
      if (i.target)
        for (const dep of this.workspace.closure(i.target))
          if (!importOf.has(dep.path)) importOf.set(dep.path, i.decl.span);
    for (const dep of order) {
      for (const sym of this.ownSymbols.get(dep.path) ?? []) {
        const prev = state.scope.get(sym.name);
        if (prev && prev !== sym) {
          const where = prev.file === m.path ? "in this file" : `in ${prev.file}`;
          if (sym.file === m.path)
            state.sink.report("duplicate-declaration", { name: sym.name, previous: where }, sym.nameSpan);
          else if (prev.file !== m.path)
            state.sink.report(
              "duplicate-declaration",
              { name: sym.name, previous: where },
              importOf.get(dep.path) ?? { start: 0, end: 0 },
            );
          continue;
        }
        state.scope.set(sym.name, sym);
      }
    }
    // Import checks live here because they need the module graph.
    for (const i of m.imports)
      if (!i.target) state.sink.report("import-not-found", { path: i.decl.path.value }, i.decl.path.span);
    this.reportImportCycle(m, state);
  }

  private reportImportCycle(m: Module, state: ModuleState): void {
    // An import closes a cycle when its target reaches back to this file.
    for (const i of m.imports) {
      if (!i.target) continue;
      const path = this.findPath(i.target, m.path, new Set());
      if (path) state.sink.report("import-cycle", { cycle: [m.path, ...path].map(shortName) }, i.decl.span);
    }
  }

  private findPath(from: string, to: string, seen: Set<string>): string[] | undefined {
    if (from === to) return [to];
    if (seen.has(from)) return undefined;
    seen.add(from);
    for (const i of this.workspace.modules.get(from)?.imports ?? []) {
      if (!i.target) continue;
      const rest = this.findPath(i.target, to, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  }

  // ------------------------------------------------------------ module bodies

  private readonly entityCache = new Map<ModuleState, EntitySymbol[]>();

  private entitiesInScope(s: ModuleState): EntitySymbol[] {
    let list = this.entityCache.get(s);
    if (!list)
      this.entityCache.set(s, (list = [...s.scope.values()].filter((x): x is EntitySymbol => x.kind === "entity")));
    return list;
  }

  private resolveEntity(s: ModuleState, id: Identifier | undefined, fallbackSpan: Span): EntitySymbol | undefined {
    const entities = this.entitiesInScope(s);
    if (id) {
      const sym = s.scope.get(id.name);
      if (sym?.kind === "entity") {
        this.refs.set(id, sym);
        return sym;
      }
      const candidates = suggest(
        id.name,
        entities.map((e) => e.name),
      );
      s.sink.report("unknown-entity", { name: id.name, candidates }, id.span, renameFixes(id.span, candidates));
      return undefined;
    }
    if (entities.length === 1) return entities[0];
    s.sink.report("entity-required", { candidates: entities.map((e) => e.name) }, fallbackSpan);
    return undefined;
  }

  private checkModule(s: ModuleState): void {
    for (const d of s.module.parsed.file.declarations) {
      if (d.kind !== "DefaultWindow") continue;
      if (s.defaultWindow) s.sink.report("duplicate-default-window", {}, d.span);
      else {
        s.defaultWindow = d.window;
        this.checkWindow(d.window, { m: s, entity: undefined });
      }
    }
    for (const d of s.module.parsed.file.declarations) {
      const sym = this.declSymbols.get(d);
      switch (d.kind) {
        case "Entity":
          this.checkEntity(d, s);
          break;
        case "Events":
          this.checkEvents(d, s, sym as EventsSymbol | undefined);
          break;
        case "Param":
          if (sym) this.checkParam(sym as ParamSymbol, s);
          break;
        case "Measure":
          if (sym) this.measureType(sym as MeasureSymbol);
          else this.checkExpr(d.expr, { m: s, entity: this.guessEntity(d, s) });
          break;
        case "Segment": {
          const entity = this.resolveEntity(s, d.entity, d.name.span);
          if (sym && entity) this.entityOf.set(sym, entity);
          this.condition(d.condition, { m: s, entity, owner: sym });
          break;
        }
        case "Segmentation": {
          const entity = this.resolveEntity(s, d.entity, d.name.span);
          if (sym && entity) this.entityOf.set(sym, entity);
          for (const b of d.branches) if (b.condition) this.condition(b.condition, { m: s, entity, owner: sym });
          break;
        }
        case "Import":
        case "DefaultWindow":
          break;
      }
    }
  }

  private checkEntity(d: EntityDecl, s: ModuleState): void {
    const sym = this.declSymbols.get(d) as EntitySymbol | undefined;
    if (!sym || !d.key.name) return;
    const key = sym.fields.get(d.key.name);
    if (!key) {
      const candidates = suggest(d.key.name, sym.fields.keys());
      s.sink.report(
        "unknown-key-field",
        { name: d.key.name, entity: sym.name, candidates },
        d.key.span,
        renameFixes(d.key.span, candidates),
      );
      return;
    }
    this.refs.set(d.key, key);
    if (key.decl.nullable) s.sink.report("key-nullable", { name: key.name }, key.decl.span);
  }

  private checkEvents(d: EventsDecl, s: ModuleState, sym: EventsSymbol | undefined): void {
    if (!d.entity.name) return;
    const target = s.scope.get(d.entity.name);
    if (target?.kind === "entity") {
      this.refs.set(d.entity, target);
      if (sym) sym.entity = target;
      return;
    }
    const candidates = suggest(
      d.entity.name,
      this.entitiesInScope(s).map((e) => e.name),
    );
    s.sink.report(
      "unknown-entity",
      { name: d.entity.name, candidates },
      d.entity.span,
      renameFixes(d.entity.span, candidates),
    );
  }

  private typeRef(t: TypeRef, sink: DiagnosticSink): ValueType | undefined {
    switch (t.name) {
      case "int":
        return INT;
      case "float":
        return FLOAT;
      case "string":
        return STRING;
      case "bool":
        return BOOL;
      case "date":
        return DATE;
      case "timestamp":
        return TIMESTAMP;
      case "decimal": {
        const text = t.scale?.text ?? "";
        if (!t.scale || t.scale.percent || !/^\d+$/.test(text) || Number(text) > 18) {
          sink.report("invalid-scale", { text: text || "(none)" }, t.scale?.span ?? t.span);
          return decimal(2);
        }
        return decimal(Number(text));
      }
      case "enum": {
        const values = t.values ?? [];
        if (!values.length) sink.report("empty-enum", {}, t.span);
        const seen = new Set<string>();
        for (const v of values) {
          if (seen.has(v.value)) sink.report("duplicate-enum-value", { value: v.value }, v.span);
          seen.add(v.value);
        }
        return { kind: "enum", values: [...seen] };
      }
      default: {
        if (!t.name) return undefined;
        const candidates = suggest(t.name, TYPE_NAMES);
        sink.report("unknown-type", { name: t.name, candidates }, t.nameSpan, renameFixes(t.nameSpan, candidates));
        return undefined;
      }
    }
  }

  // ------------------------------------------------------------ params

  private checkParam(sym: ParamSymbol, s: ModuleState): void {
    const override = this.paramOverrides[sym.name];
    // A param may say just `decimal`: its scale is that of its value.
    const bare = sym.decl.type.name === "decimal" && !sym.decl.type.scale;
    const type = bare ? decimal(paramScale(override, sym.decl.value)) : this.typeRef(sym.decl.type, s.sink);
    if (!type) return;
    sym.type = type;
    if (override !== undefined) {
      const v = parseParamValue(override, type);
      if (v) {
        sym.value = v;
        this.types.set(sym.decl.value, type);
        return;
      }
      s.sink.report(
        "param-override-invalid",
        { name: sym.name, value: override, type: typeToString(type) },
        sym.nameSpan,
      );
    }
    const v = literalValue(sym.decl.value, type);
    if (v === "not-literal") s.sink.report("param-not-literal", {}, sym.decl.value.span);
    else if (typeof v === "string")
      s.sink.report(
        "invalid-literal",
        { type: typeToString(type), text: exprText(s, sym.decl.value), reason: v },
        sym.decl.value.span,
      );
    else sym.value = v;
    this.types.set(sym.decl.value, type);
  }

  // ------------------------------------------------------------ measures and cycles

  private guessEntity(d: MeasureDecl, s: ModuleState): EntitySymbol | undefined {
    const entities = this.entitiesInScope(s);
    if (entities.length === 1) return entities[0];
    let found: EntitySymbol | undefined;
    walkExpr(d.expr, (e) => {
      if (found) return;
      const name = e.kind === "Name" ? e.name.name : e.kind === "Member" ? e.object.name : undefined;
      if (!name) return;
      const sym = s.scope.get(name);
      if (sym?.kind === "entity") found = sym;
      else if (sym?.kind === "events") found = sym.entity;
    });
    return found ?? this.resolveEntity(s, undefined, d.name.span);
  }

  measureType(sym: MeasureSymbol): ValueType | undefined {
    const known = this.measureTypes.get(sym);
    if (known === "pending") return undefined;
    if (this.measureTypes.has(sym)) return known;
    this.measureTypes.set(sym, "pending");
    const s = this.stateOf.get(sym)!;
    const entity = this.guessEntity(sym.decl, s);
    if (entity) this.entityOf.set(sym, entity);
    const t = this.checkExpr(sym.decl.expr, { m: s, entity, owner: sym });
    this.measureTypes.set(sym, t);
    return t;
  }

  private dep(ctx: Ctx, target: TopSymbol): void {
    if (!ctx.owner) return;
    let set = this.deps.get(ctx.owner);
    if (!set) this.deps.set(ctx.owner, (set = new Set()));
    set.add(target);
  }

  private reportCycles(): void {
    const state = new Map<TopSymbol, "visiting" | "done">();
    const stack: TopSymbol[] = [];
    const visit = (n: TopSymbol): void => {
      state.set(n, "visiting");
      stack.push(n);
      for (const next of this.deps.get(n) ?? []) {
        const st = state.get(next);
        if (st === "visiting") {
          const cycle = stack.slice(stack.indexOf(next));
          for (const c of cycle) this.cyclic.add(c);
          const first = cycle[0]!;
          this.stateOf
            .get(first)
            ?.sink.report("segment-cycle", { cycle: [...cycle, first].map((c) => c.name) }, first.nameSpan);
        } else if (!st) visit(next);
      }
      stack.pop();
      state.set(n, "done");
    };
    for (const n of this.deps.keys()) if (!state.has(n)) visit(n);
  }

  // ------------------------------------------------------------ windows

  private paramTimeValue = (e: Expr): string | undefined => {
    if (e.kind !== "Name") return undefined;
    const sym = this.refs.get(e.name);
    if (sym?.kind !== "param" || !sym.value || typeof sym.value.value !== "string") return undefined;
    if (sym.type?.kind === "date") return `${sym.value.value}T00:00:00.000Z`;
    return sym.type?.kind === "timestamp" ? sym.value.value : undefined;
  };

  checkWindow(w: Window, ctx: Ctx): WindowPoints | undefined {
    if (w.kind === "LastWindow") {
      if (!this.checkDuration(w.duration, ctx)) return undefined;
    } else {
      let ok = true;
      for (const b of [w.from, w.to]) {
        const t = this.checkExpr(b, { m: ctx.m, entity: ctx.entity });
        if (!t) {
          ok = false;
          continue;
        }
        if (!isTime(t)) {
          ctx.m.sink.report("window-bound-type", { actual: typeToString(t) }, b.span);
          ok = false;
        } else if (
          !["Now", "Ago", "TypedLiteral", "Paren", "Name"].includes(b.kind) ||
          (b.kind === "Name" && !this.paramTimeValue(b))
        ) {
          ctx.m.sink.report("window-bounds-not-constant", {}, b.span);
          ok = false;
        }
      }
      if (!ok) return undefined;
    }
    const points = windowPoints(w, this.paramTimeValue);
    if (!points) return undefined;
    if (windowNotPositive(points)) {
      ctx.m.sink.report("window-not-positive", {}, w.span);
      return undefined;
    }
    this.windows.set(w, points);
    return points;
  }

  private checkDuration(d: Duration, ctx: Ctx): boolean {
    if (d.amount.percent || !/^\d+$/.test(d.amount.text) || Number(d.amount.text) <= 0) {
      ctx.m.sink.report("invalid-duration", { text: d.amount.text + (d.amount.percent ? "%" : "") }, d.amount.span);
      return false;
    }
    return true;
  }

  /** Whether the expression contains an aggregate (directly, through a measure or an event-set name). */
  containsAggregate(e: Expr): boolean {
    let found = false;
    walkExpr(e, (x) => {
      if (found) return;
      if (x.kind === "Call" && isAggregateName(x.callee.name)) found = true;
      else if (x.kind === "Name") {
        const sym = this.refs.get(x.name);
        if (sym?.kind === "events") found = true;
        else if (sym?.kind === "measure" && !this.cyclic.has(sym) && this.measureTypes.get(sym) !== "pending")
          found = this.containsAggregate(sym.decl.expr);
      }
    });
    return found;
  }

  // ------------------------------------------------------------ expressions

  private condition(e: Expr, ctx: Ctx): void {
    const t = this.checkExpr(e, ctx);
    if (t && t.kind !== "bool" && t.kind !== "null")
      ctx.m.sink.report("condition-not-boolean", { actual: typeToString(t) }, e.span);
  }

  checkExpr(e: Expr, ctx: Ctx): ValueType | undefined {
    const t = this.exprType(e, ctx);
    if (t) this.types.set(e, t);
    return t;
  }

  private exprType(e: Expr, ctx: Ctx): ValueType | undefined {
    const sink = ctx.m.sink;
    switch (e.kind) {
      case "Logical":
        // and/or chains are left-deep and can be long: visit their operands without recursion.
        for (const operand of logicalOperands(e)) {
          if (operand.kind === "Logical") this.types.set(operand, BOOL);
          else this.condition(operand, ctx);
        }
        return BOOL;
      case "Not":
        this.condition(e.operand, ctx);
        return BOOL;
      case "Compare":
        return this.compare(e, ctx);
      case "Between": {
        const a = this.checkExpr(e.operand, ctx);
        const lo = this.checkExpr(e.low, ctx);
        const hi = this.checkExpr(e.high, ctx);
        for (const [b, bt] of [
          [e.low, lo],
          [e.high, hi],
        ] as const) {
          if (!a || !bt) continue;
          if (!comparisonType(a, bt))
            sink.report("type-mismatch", { op: "between", left: typeToString(a), right: typeToString(bt) }, b.span);
          else if (a.kind === "enum") sink.report("enum-ordering", { op: "between" }, e.span);
        }
        return BOOL;
      }
      case "In": {
        const a = this.checkExpr(e.operand, ctx);
        for (const v of e.values) {
          const vt = this.checkExpr(v, ctx);
          if (!a || !vt) continue;
          if (!comparisonType(a, vt))
            sink.report("type-mismatch", { op: "in", left: typeToString(a), right: typeToString(vt) }, v.span);
          else this.checkEnumLiteral(e.operand, a, v, ctx);
        }
        return BOOL;
      }
      case "IsNull":
        this.checkExpr(e.operand, ctx);
        return BOOL;
      case "StringMatch": {
        for (const x of [e.operand, e.pattern]) {
          const t = this.checkExpr(x, ctx);
          if (t && !isStringLike(t) && t.kind !== "null")
            sink.report(
              "expected-type",
              { expected: "a string", actual: typeToString(t), what: `the operand of \`${e.op.replace("_", " ")}\`` },
              x.span,
            );
        }
        return BOOL;
      }
      case "Rank": {
        if (ctx.filterOf) sink.report("rank-in-filter", {}, e.span);
        const t = this.checkExpr(e.operand, ctx);
        if (t && !isNumeric(t) && !isTime(t))
          sink.report(
            "expected-type",
            { expected: "a number, date or timestamp", actual: typeToString(t), what: "a ranked value" },
            e.operand.span,
          );
        const p = Number(e.percent.text);
        if (!e.percent.percent || !(p > 0 && p <= 100))
          sink.report(
            "percent-out-of-range",
            { text: e.percent.text + (e.percent.percent ? "%" : "") },
            e.percent.span,
          );
        return BOOL;
      }
      case "Within": {
        const t = this.checkExpr(e.operand, ctx);
        if (t && !isTime(t) && t.kind !== "null")
          sink.report(
            "expected-type",
            { expected: "a date or timestamp", actual: typeToString(t), what: "the operand of `within`" },
            e.operand.span,
          );
        this.checkDuration(e.duration, ctx);
        return BOOL;
      }
      case "Arithmetic": {
        const l = this.checkExpr(e.left, ctx);
        const r = this.checkExpr(e.right, ctx);
        if (!l || !r) return undefined;
        for (const [x, t] of [
          [e.left, l],
          [e.right, r],
        ] as const)
          if (!isNumeric(t) && t.kind !== "null") {
            sink.report(
              "expected-type",
              { expected: "a number", actual: typeToString(t), what: `an operand of \`${e.op}\`` },
              x.span,
            );
            return undefined;
          }
        const ln = l.kind === "null" ? r : l;
        const rn = r.kind === "null" ? l : r;
        if (e.op === "/") return FLOAT;
        if (e.op === "*" && ln.kind === "decimal" && rn.kind === "decimal")
          return decimal(Math.min(18, ln.scale + rn.scale));
        return numericJoin(ln, rn);
      }
      case "Negate": {
        const t = this.checkExpr(e.operand, ctx);
        if (t && !isNumeric(t) && t.kind !== "null") {
          sink.report(
            "expected-type",
            { expected: "a number", actual: typeToString(t), what: "the operand of `-`" },
            e.operand.span,
          );
          return undefined;
        }
        return t;
      }
      case "Windowed": {
        if (ctx.filterOf) sink.report("nested-aggregate", {}, e.span);
        this.checkWindow(e.window, ctx);
        const t = this.checkExpr(e.operand, ctx);
        // A window on a non-aggregate is only meaningful as a comparison's right side (handled in compare).
        if (t && !this.containsAggregate(e.operand)) sink.report("window-on-non-aggregate", {}, e.window.span);
        return t;
      }
      case "Paren":
        return this.checkExpr(e.expr, ctx);
      case "Name":
        return this.name(e, ctx);
      case "Member":
        return this.member(e, ctx, false);
      case "Call":
        return this.call(e, ctx);
      case "Number":
        return numberLiteral(e).type;
      case "String":
        return STRING;
      case "Boolean":
        return BOOL;
      case "Null":
        return NULL;
      case "TypedLiteral": {
        const r = e.type === "date" ? parseDate(e.value.value) : parseTimestamp(e.value.value);
        if (!r.ok)
          sink.report("invalid-literal", { type: e.type, text: e.value.value, reason: r.reason }, e.value.span);
        return e.type === "date" ? DATE : TIMESTAMP;
      }
      case "Now":
        return TIMESTAMP;
      case "Ago":
        this.checkDuration(e.duration, ctx);
        return TIMESTAMP;
      case "Error":
        return undefined;
    }
  }

  private compare(e: CompareExpr, ctx: Ctx): ValueType {
    const sink = ctx.m.sink;
    const l = this.checkExpr(e.left, ctx);
    let rightExpr = e.right;
    let r: ValueType | undefined;
    // `sum(x) > 500 over last 90 days`: a window on a non-aggregate right side belongs to the comparison.
    if (e.right.kind === "Windowed" && !e.rate) {
      const w = e.right;
      if (ctx.filterOf) sink.report("nested-aggregate", {}, w.span);
      this.checkWindow(w.window, ctx);
      r = this.checkExpr(w.operand, ctx);
      if (r) this.types.set(w, r);
      if (r && !this.containsAggregate(w.operand)) {
        if (!this.containsAggregate(e.left)) sink.report("window-on-non-aggregate", {}, w.window.span);
        rightExpr = w.operand;
      }
    } else r = this.checkExpr(e.right, ctx);
    if (e.rate) this.rate(e, ctx);
    if (!l || !r) return BOOL;
    const common = comparisonType(l, r);
    if (!common) {
      sink.report("type-mismatch", { op: e.op, left: typeToString(l), right: typeToString(r) }, e.span);
      return BOOL;
    }
    if ((l.kind === "enum" || r.kind === "enum") && e.op !== "=" && e.op !== "!=")
      sink.report("enum-ordering", { op: e.op }, e.span);
    else if (l.kind === "bool" && e.op !== "=" && e.op !== "!=")
      sink.report("type-mismatch", { op: e.op, left: "bool", right: "bool" }, e.span);
    this.checkEnumLiteral(e.left, l, rightExpr, ctx);
    this.checkEnumLiteral(rightExpr, r, e.left, ctx);
    return BOOL;
  }

  /** A string literal compared with an enum field or a segmentation label must be one of its values. */
  private checkEnumLiteral(subject: Expr, subjectType: ValueType, lit: Expr, ctx: Ctx): void {
    if (lit.kind !== "String") return;
    const label = subject.kind === "Name" ? this.refs.get(subject.name) : undefined;
    if (label?.kind === "segmentation") {
      if (label.branches.has(lit.value)) return;
      const candidates = suggest(lit.value, label.branches.keys());
      ctx.m.sink.report(
        "unknown-branch",
        { name: lit.value, segmentation: label.name, candidates },
        lit.span,
        renameFixes(
          lit.span,
          candidates.map((c) => JSON.stringify(c)),
        ),
      );
      return;
    }
    if (subjectType.kind !== "enum" || subjectType.values.includes(lit.value)) return;
    const candidates = suggest(lit.value, subjectType.values);
    const field =
      subject.kind === "Name"
        ? subject.name.name
        : subject.kind === "Member"
          ? `${subject.object.name}.${subject.property.name}`
          : "the value";
    ctx.m.sink.report(
      "unknown-enum-value",
      { value: lit.value, field, candidates, values: subjectType.values },
      lit.span,
      renameFixes(
        lit.span,
        candidates.map((c) => JSON.stringify(c)),
      ),
    );
  }

  private rate(e: CompareExpr, ctx: Ctx): void {
    const rate = e.rate!;
    const sink = ctx.m.sink;
    if (ctx.filterOf) sink.report("nested-aggregate", {}, rate.span);
    if (!this.containsAggregate(e.left) || !isConstantNumber(e.right, this.refs))
      sink.report("rate-needs-number", {}, e.span);
    if (rate.kind === "AtLeastRate") {
      const k = rate.k.text;
      const m = rate.m.text;
      if (
        !/^\d+$/.test(k) ||
        !/^\d+$/.test(m) ||
        Number(k) < 1 ||
        Number(k) > Number(m) ||
        rate.k.percent ||
        rate.m.percent
      )
        sink.report("at-least-range", { k, m }, { start: rate.k.span.start, end: rate.m.span.end });
      return;
    }
    const what = rate.kind === "PerRate" ? `\`per ${rate.unit}\`` : `\`every ${rate.unit}\``;
    const w = rate.window ?? ctx.m.defaultWindow;
    if (!w) {
      const suggestion =
        rate.kind === "EveryRate"
          ? `last ${rate.unit === "week" ? 8 : rate.unit === "day" ? 30 : 6} ${rate.unit}s`
          : "last 90 days";
      sink.report("window-required", { what }, rate.span, [
        {
          title: `Add \`over ${suggestion}\``,
          edits: [{ span: { start: rate.span.end, end: rate.span.end }, newText: ` over ${suggestion}` }],
        },
        {
          title: "Add a default window to this file",
          edits: [{ span: defaultWindowInsertion(ctx.m), newText: `default window ${suggestion}\n\n` }],
        },
      ]);
      return;
    }
    const points = rate.window ? this.checkWindow(rate.window, ctx) : this.windows.get(w);
    if (!points) return;
    if (
      rate.kind === "PerRate" &&
      windowLengthMs(points) === undefined &&
      !(w.kind === "LastWindow" && w.duration.unit === rate.unit)
    )
      sink.report("rate-window-length", {}, e.span);
    if (rate.kind === "EveryRate" && bucketCount(points, rate.unit) === undefined)
      sink.report(
        "window-not-whole-buckets",
        { window: windowText(ctx.m, w), unit: rate.unit },
        rate.window?.span ?? rate.span,
      );
  }

  private name(e: NameExpr, ctx: Ctx): ValueType | undefined {
    const id = e.name;
    const sink = ctx.m.sink;
    if (!id.name) return undefined;
    if (ctx.filterOf) {
      const ev = ctx.filterOf;
      if (id.name === "at") {
        const sym: EventTimeSymbol = {
          kind: "eventTime",
          name: "at",
          file: ev.file,
          nameSpan: ev.decl.at.span,
          events: ev,
        };
        this.refs.set(id, sym);
        return TIMESTAMP;
      }
      const f = ev.fields.get(id.name);
      if (f) {
        this.refs.set(id, f);
        return f.type;
      }
      const sym = ctx.m.scope.get(id.name);
      if (sym?.kind === "param" || sym?.kind === "measure") return this.topName(id, sym, ctx);
      const ef = ctx.entity?.fields.get(id.name);
      if (ef && ctx.entity) {
        this.refs.set(id, ef);
        sink.report("bare-entity-field-in-filter", { name: id.name, entity: ctx.entity.name }, id.span, [
          fixReplace(`Change to \`${ctx.entity.name}.${id.name}\``, id.span, `${ctx.entity.name}.${id.name}`),
        ]);
        return ef.type;
      }
      if (sym && (sym.kind === "segment" || sym.kind === "segmentation" || sym.kind === "events")) {
        sink.report("rank-in-filter", {}, id.span);
        return undefined;
      }
      const candidates = suggest(id.name, [...ev.fields.keys(), "at"]);
      sink.report(
        "unknown-field",
        { name: id.name, owner: ev.name, candidates },
        id.span,
        renameFixes(id.span, candidates),
      );
      return undefined;
    }
    const f = ctx.entity?.fields.get(id.name);
    if (f) {
      this.refs.set(id, f);
      return f.type;
    }
    const sym = ctx.m.scope.get(id.name);
    if (sym) return this.topName(id, sym, ctx);
    // Without an entity (already reported) a bare name may well be one of its fields.
    if (!ctx.entity && ctx.owner && ctx.owner.kind !== "measure") return undefined;
    const candidates = suggest(id.name, [
      ...(ctx.entity?.fields.keys() ?? []),
      ...[...ctx.m.scope.values()].filter((s) => s.kind !== "entity").map((s) => s.name),
    ]);
    sink.report("unknown-name", { name: id.name, candidates }, id.span, renameFixes(id.span, candidates));
    return undefined;
  }

  private sameEntity(id: Identifier, sym: TopSymbol, entity: EntitySymbol | undefined, ctx: Ctx): boolean {
    const own = sym.kind === "events" ? sym.entity : this.entityOf.get(sym);
    if (!own || !entity || own === entity) return true;
    ctx.m.sink.report("entity-mismatch", { name: id.name, expected: entity.name, actual: own.name }, id.span);
    return false;
  }

  private topName(id: Identifier, sym: TopSymbol, ctx: Ctx): ValueType | undefined {
    this.refs.set(id, sym);
    switch (sym.kind) {
      case "param":
        return sym.type ?? (this.checkParam(sym, this.stateOf.get(sym)!), sym.type);
      case "measure": {
        this.dep(ctx, sym);
        const t = this.measureType(sym);
        this.sameEntity(id, sym, ctx.entity, ctx);
        return t;
      }
      case "segment":
        this.dep(ctx, sym);
        this.ensureEntity(sym);
        this.sameEntity(id, sym, ctx.entity, ctx);
        return BOOL;
      case "segmentation":
        this.dep(ctx, sym);
        this.ensureEntity(sym);
        this.sameEntity(id, sym, ctx.entity, ctx);
        return STRING;
      case "events":
        this.sameEntity(id, sym, ctx.entity, ctx);
        return INT;
      case "entity":
        ctx.m.sink.report(
          "expected-type",
          { expected: "a value", actual: "an entity", what: `\`${id.name}\`` },
          id.span,
        );
        return undefined;
    }
  }

  /** The entity of a segment or segmentation declared later or elsewhere. */
  private ensureEntity(sym: TopSymbol): void {
    if (this.entityOf.has(sym) || (sym.kind !== "segment" && sym.kind !== "segmentation")) return;
    const s = this.stateOf.get(sym)!;
    const id = sym.decl.entity;
    const e = id ? s.scope.get(id.name) : undefined;
    const entities = this.entitiesInScope(s);
    const entity = e?.kind === "entity" ? e : !id && entities.length === 1 ? entities[0] : undefined;
    if (entity) this.entityOf.set(sym, entity);
  }

  private member(e: MemberExpr, ctx: Ctx, asAggregateArg: boolean): ValueType | undefined {
    const sink = ctx.m.sink;
    const obj = e.object;
    const prop = e.property;
    if (!obj.name || !prop.name) return undefined;
    const sym = ctx.m.scope.get(obj.name);
    if (!sym) {
      const candidates = suggest(
        obj.name,
        [...ctx.m.scope.values()]
          .filter((s) => s.kind === "events" || s.kind === "entity" || s.kind === "segmentation")
          .map((s) => s.name),
      );
      sink.report("unknown-name", { name: obj.name, candidates }, obj.span, renameFixes(obj.span, candidates));
      return undefined;
    }
    this.refs.set(obj, sym);
    switch (sym.kind) {
      case "events": {
        if (!asAggregateArg && ctx.filterOf !== sym) {
          sink.report("event-field-outside-filter", { name: prop.name, set: sym.name }, e.span);
          return undefined;
        }
        if (prop.name === "at") {
          this.refs.set(prop, {
            kind: "eventTime",
            name: "at",
            file: sym.file,
            nameSpan: sym.decl.at.span,
            events: sym,
          });
          return TIMESTAMP;
        }
        const f = sym.fields.get(prop.name);
        if (!f) {
          const candidates = suggest(prop.name, [...sym.fields.keys(), "at"]);
          sink.report(
            "unknown-field",
            { name: prop.name, owner: sym.name, candidates },
            prop.span,
            renameFixes(prop.span, candidates),
          );
          return undefined;
        }
        this.refs.set(prop, f);
        return f.type;
      }
      case "entity": {
        const f = sym.fields.get(prop.name);
        if (!f) {
          const candidates = suggest(prop.name, sym.fields.keys());
          sink.report(
            "unknown-field",
            { name: prop.name, owner: sym.name, candidates },
            prop.span,
            renameFixes(prop.span, candidates),
          );
          return undefined;
        }
        this.refs.set(prop, f);
        if (ctx.entity && ctx.entity !== sym)
          sink.report("entity-mismatch", { name: obj.name, expected: ctx.entity.name, actual: sym.name }, obj.span);
        return f.type;
      }
      case "segmentation": {
        if (ctx.filterOf) sink.report("rank-in-filter", {}, e.span);
        this.dep(ctx, sym);
        this.ensureEntity(sym);
        this.sameEntity(obj, sym, ctx.entity, ctx);
        const b = sym.branches.get(prop.name);
        if (!b) {
          const candidates = suggest(prop.name, sym.branches.keys());
          sink.report(
            "unknown-branch",
            { name: prop.name, segmentation: sym.name, candidates },
            prop.span,
            renameFixes(prop.span, candidates),
          );
          return undefined;
        }
        this.refs.set(prop, b);
        return BOOL;
      }
      default:
        sink.report(
          "expected-type",
          {
            expected: "an event set, entity or segmentation",
            actual: describe(sym),
            what: `\`${obj.name}\` before \`.\``,
          },
          obj.span,
        );
        return undefined;
    }
  }

  private call(e: CallExpr, ctx: Ctx): ValueType | undefined {
    const name = e.callee.name;
    const sink = ctx.m.sink;
    if (isAggregateName(name)) return this.aggregate(e, name, ctx);
    const arity = FUNCTIONS[name];
    if (!arity) {
      const candidates = suggest(name, [...AGGREGATES, ...Object.keys(FUNCTIONS)]);
      sink.report("unknown-function", { name, candidates }, e.callee.span, renameFixes(e.callee.span, candidates));
      for (const a of e.args) this.checkExpr(a, ctx);
      return undefined;
    }
    if (e.filter) sink.report("filter-on-non-aggregate", { name }, e.filter.span);
    const args = e.args.map((a) => this.checkExpr(a, ctx));
    if (e.args.length < arity[0] || e.args.length > arity[1]) {
      const expected =
        arity[0] === arity[1]
          ? `${arity[0]} argument${arity[0] === 1 ? "" : "s"}`
          : `${arity[0]} to ${arity[1]} arguments`;
      sink.report("wrong-arity", { name, expected, actual: e.args.length }, e.span);
      return undefined;
    }
    const want = (i: number, ok: (t: ValueType) => boolean, expected: string): ValueType | undefined => {
      const t = args[i];
      if (!t) return undefined;
      if (t.kind === "null" || ok(t)) return t;
      sink.report(
        "expected-type",
        { expected, actual: typeToString(t), what: `the argument of \`${name}\`` },
        e.args[i]!.span,
      );
      return undefined;
    };
    switch (name) {
      case "lower":
      case "upper":
      case "trim":
        return want(0, isStringLike, "a string") && STRING;
      case "length":
        return want(0, isStringLike, "a string") && INT;
      case "abs":
        return want(0, isNumeric, "a number");
      case "round": {
        const t = want(0, isNumeric, "a number");
        const digits = e.args[1];
        let n = 0;
        if (digits) {
          if (digits.kind !== "Number" || !/^\d+$/.test(digits.text) || digits.percent) {
            sink.report(
              "expected-type",
              {
                expected: "a whole number literal",
                actual: typeToString(args[1] ?? NULL),
                what: "the digits of `round`",
              },
              digits.span,
            );
            return undefined;
          }
          n = Number(digits.text);
        }
        if (!t) return undefined;
        return t.kind === "decimal" ? decimal(Math.min(t.scale, n)) : t;
      }
      case "coalesce": {
        let acc: ValueType | undefined = NULL;
        e.args.forEach((a, i) => {
          const t = args[i];
          if (!t || !acc) return;
          const c = comparisonType(acc, t);
          if (!c) {
            sink.report("type-mismatch", { op: "coalesce", left: typeToString(acc), right: typeToString(t) }, a.span);
            acc = undefined;
          } else acc = c;
        });
        return acc;
      }
      case "year":
      case "month":
      case "day":
      case "hour":
      case "day_of_week":
        return want(0, isTime, "a date or timestamp") && INT;
      case "date":
        return want(0, isTime, "a date or timestamp") && DATE;
      case "days_since":
        return want(0, isTime, "a date or timestamp") && INT;
      case "days_between":
        return want(0, isTime, "a date or timestamp") && want(1, isTime, "a date or timestamp") && INT;
      default:
        return undefined;
    }
  }

  private aggregate(e: CallExpr, name: AggregateName, ctx: Ctx): ValueType | undefined {
    const sink = ctx.m.sink;
    if (ctx.filterOf) {
      sink.report("nested-aggregate", {}, e.span);
      return undefined;
    }
    const [arg, ...extra] = e.args;
    if (!arg || extra.length) {
      sink.report("wrong-arity", { name, expected: "1 argument", actual: e.args.length }, e.span);
      if (!arg) return undefined;
    }
    const setOnly = name === "count" || name === "share" || name === "any" || name === "none";
    let set: EventsSymbol | undefined;
    let fieldType: ValueType | undefined;
    if (arg.kind === "Name" && setOnly) {
      const sym = ctx.m.scope.get(arg.name.name);
      if (sym?.kind === "events") {
        this.refs.set(arg.name, sym);
        set = sym;
        this.sameEntity(arg.name, sym, ctx.entity, ctx);
      } else {
        const candidates = suggest(
          arg.name.name,
          [...ctx.m.scope.values()].filter((s) => s.kind === "events").map((s) => s.name),
        );
        sink.report(
          "unknown-event-set",
          { name: arg.name.name, candidates },
          arg.span,
          renameFixes(arg.span, candidates),
        );
        return undefined;
      }
    } else if (arg.kind === "Member" && (!setOnly || name === "count")) {
      const sym = ctx.m.scope.get(arg.object.name);
      if (sym?.kind !== "events") {
        const candidates = suggest(
          arg.object.name,
          [...ctx.m.scope.values()].filter((s) => s.kind === "events").map((s) => s.name),
        );
        sink.report(
          "unknown-event-set",
          { name: arg.object.name, candidates },
          arg.object.span,
          renameFixes(arg.object.span, candidates),
        );
        return undefined;
      }
      set = sym;
      this.sameEntity(arg.object, sym, ctx.entity, ctx);
      fieldType = this.member(arg, ctx, true);
      if (!fieldType) return undefined;
      this.types.set(arg, fieldType);
    } else {
      sink.report("not-an-aggregate-argument", { name }, arg.span);
      return undefined;
    }
    if (e.filter) this.condition(e.filter, { m: ctx.m, entity: ctx.entity, filterOf: set, owner: ctx.owner });
    const need = (ok: boolean, expected: string): boolean => {
      if (!ok)
        sink.report(
          "expected-type",
          { expected, actual: typeToString(fieldType!), what: `the argument of \`${name}\`` },
          arg.span,
        );
      return ok;
    };
    switch (name) {
      case "count":
      case "distinct_count":
        return INT;
      case "any":
      case "none":
        return BOOL;
      case "share":
      case "avg":
        if (name === "avg" && !need(isNumeric(fieldType!), "a numeric field")) return undefined;
        return FLOAT;
      case "sum":
        return need(isNumeric(fieldType!), "a numeric field") ? fieldType : undefined;
      case "min":
      case "max":
        return need(fieldType!.kind !== "bool", "an orderable field") ? fieldType : undefined;
      case "latest":
      case "earliest":
      case "most_frequent":
        return fieldType;
    }
  }
}

// ------------------------------------------------------------ helpers

function shortName(p: string): string {
  return p.split(/[\\/]/).slice(-1)[0] ?? p;
}

function exprText(s: ModuleState, e: Expr): string {
  return s.module.text.slice(e.span.start, e.span.end);
}

function windowText(s: ModuleState, w: Window): string {
  return `\`${s.module.text.slice(w.span.start, w.span.end)}\``;
}

function defaultWindowInsertion(s: ModuleState): Span {
  const decls = s.module.parsed.file.declarations;
  const lastImport = [...decls].reverse().find((d) => d.kind === "Import");
  if (lastImport) {
    const nl = s.module.text.indexOf("\n", lastImport.span.end);
    const at = nl < 0 ? s.module.text.length : nl + 1;
    return { start: at, end: at };
  }
  const first = decls[0]?.span.start ?? 0;
  return { start: first, end: first };
}

function paramScale(override: string | undefined, value: Expr): number {
  if (override !== undefined && isDecimalText(override)) return Math.min(18, scaleOf(override));
  const v = value.kind === "Negate" ? value.operand : value;
  return v.kind === "Number"
    ? Math.min(18, numberLiteral(v).type.kind === "decimal" ? scaleOf(numberLiteral(v).value) : 0)
    : 0;
}

function isConstantNumber(e: Expr, refs: Map<Identifier, Symbol>): boolean {
  if (e.kind === "Number") return true;
  if (e.kind === "Paren") return isConstantNumber(e.expr, refs);
  if (e.kind === "Name") {
    const s = refs.get(e.name);
    return s?.kind === "param" && !!s.type && isNumeric(s.type);
  }
  return false;
}

/** A param's literal value checked against its type; a string is the reason it does not fit. */
function literalValue(e: Expr, type: ValueType): PLiteral | string | "not-literal" {
  if (e.kind === "Paren") return literalValue(e.expr, type);
  if (e.kind === "Negate" && e.operand.kind === "Number") {
    const v = literalValue(e.operand, type);
    return typeof v === "object" && typeof v.value === "string"
      ? { ...v, value: v.value.startsWith("-") ? v.value.slice(1) : `-${v.value}` }
      : v;
  }
  switch (e.kind) {
    case "Number": {
      const n = numberLiteral(e);
      return parseParamValue(n.value, type) ?? `not a ${typeToString(type)}`;
    }
    case "String":
      return type.kind === "string" || type.kind === "enum"
        ? (parseParamValue(e.value, type) ?? "not one of the enum's values")
        : `a string is not a ${typeToString(type)}`;
    case "Boolean":
      return type.kind === "bool"
        ? { kind: "literal", type, value: e.value }
        : `a boolean is not a ${typeToString(type)}`;
    case "TypedLiteral":
      return type.kind === e.type
        ? (parseParamValue(e.value.value, type) ?? "invalid value")
        : `a ${e.type} is not a ${typeToString(type)}`;
    default:
      return "not-literal";
  }
}

/** Parses a `--param` value (or a literal's text) for a type; undefined when it does not fit. */
export function parseParamValue(text: string, type: ValueType): PLiteral | undefined {
  const lit = (value: string | boolean): PLiteral => ({ kind: "literal", type, value });
  switch (type.kind) {
    case "int":
      return isIntText(text) ? lit(normalizeInt(text)) : undefined;
    case "decimal":
      return isDecimalText(text) && scaleOf(text) <= type.scale ? lit(normalizeDecimal(text, type.scale)) : undefined;
    case "float":
      return isDecimalText(text) ? lit(String(Number(text))) : undefined;
    case "string":
      return lit(text);
    case "enum":
      return type.values.includes(text) ? lit(text) : undefined;
    case "bool":
      return text === "true" || text === "false" ? lit(text === "true") : undefined;
    case "date": {
      const r = parseDate(text);
      return r.ok ? lit(r.value) : undefined;
    }
    case "timestamp": {
      const r = parseTimestamp(text);
      return r.ok ? lit(r.value) : undefined;
    }
    case "null":
      return undefined;
  }
}

/** The operands of an and/or chain, in source order, found without recursion (intermediate chain nodes included). */
export function logicalOperands(e: Expr): Expr[] {
  const out: Expr[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === "Logical") {
      if (x !== e) out.push(x);
      stack.push(x.right, x.left);
    } else out.push(x);
  }
  return out;
}

/** Visits every expression below `e` (including `e`), parents before children, without recursion; window bounds are not visited. */
export function walkExpr(e: Expr, f: (e: Expr) => void): void {
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    f(x);
    const kids = childExprs(x);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

export function childExprs(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "Logical":
    case "Arithmetic":
    case "Compare":
      return [e.left, e.right];
    case "Not":
    case "Negate":
    case "IsNull":
    case "Rank":
    case "Within":
    case "Windowed":
      return [e.operand];
    case "Between":
      return [e.operand, e.low, e.high];
    case "In":
      return [e.operand, ...e.values];
    case "StringMatch":
      return [e.operand, e.pattern];
    case "Paren":
      return [e.expr];
    case "Call":
      return e.filter ? [...e.args, e.filter] : e.args;
    default:
      return [];
  }
}
