// A generated case: one `.seg` file (the fixed schema, a prelude, a segmentation and segments) and
// the rows of every table. Each generated condition C becomes three segments, for ternary logic
// partitioning (TLP): S<i> where C, N<i> where not (C), U<i> where (C) is null. On every backend
// they must partition the population, and every backend must agree on all three.
import fc from "fast-check";
import type { Case } from "../corpus.js";
import { rawDataArb, resolveData, type DataLimits, type RawData, type Rows } from "./data.js";
import { NOWS, SCHEMA } from "./schema.js";
import { Gen, type GenOptions } from "./segments.js";

export interface DefaultWindow {
  readonly text: string;
  readonly unit: string;
}

/** Default windows whose length is a small whole number of their own unit (for `every` without `over`). */
export const DEFAULT_WINDOWS: readonly DefaultWindow[] = [
  { text: "last 8 weeks", unit: "week" },
  { text: "last 3 months", unit: "month" },
  { text: "last 4 quarters", unit: "quarter" },
  { text: "last 7 days", unit: "day" },
  { text: "last 2 years", unit: "year" },
];

export interface RawCase {
  readonly now: string;
  readonly defaultWindow: DefaultWindow;
  readonly tier: { readonly a: string; readonly b: string; readonly c: string | null };
  readonly conds: readonly string[];
  readonly data: RawData;
}

export interface Decl {
  readonly name: string;
  readonly kind: "segment" | "segmentation";
  readonly text: string;
  /** Names of the declarations it references. */
  readonly refs: readonly string[];
}

export interface FuzzCase {
  readonly now: string;
  readonly prelude: string;
  readonly decls: readonly Decl[];
  readonly data: Rows;
  /** S<i>'s condition is `conds[i]`; N<i> is `not (conds[i])`, U<i> is `(conds[i]) is null`. */
  readonly conds: readonly string[];
}

export interface CaseOptions {
  /** Segments (conditions) per file: exactly this many, or from `minSegments` up to it. */
  readonly segments: number;
  readonly minSegments?: number;
  readonly depth: number;
  readonly limits?: DataLimits;
  readonly gen?: Omit<GenOptions, "depth">;
}

export function rawCaseArb(opts: CaseOptions): fc.Arbitrary<RawCase> {
  const gen = new Gen({ ...opts.gen, depth: opts.depth });
  const tierCond = new Gen({ ...opts.gen, depth: Math.max(0, opts.depth - 1) }).condition();
  return fc.record({
    now: fc.constantFrom(...NOWS),
    defaultWindow: fc.constantFrom(...DEFAULT_WINDOWS),
    tier: fc.record({ a: tierCond, b: tierCond, c: fc.option(tierCond, { nil: null, freq: 2 }) }),
    conds: fc.array(gen.condition(), { minLength: opts.minSegments ?? opts.segments, maxLength: opts.segments }),
    data: rawDataArb(opts.limits),
  });
}

export const PRELUDE_PARAMS = `param p_int: int = 18
param p_dec: decimal = 0.30
param p_str: string = "a"
param p_date: date = date "2024-02-29"
measure spend = sum(orders.amount where channel != "store")
measure aov = sum(orders.amount) / count(orders)`;

const BRANCH = /@TIER\.([ABC])@/g;

/** Resolves the placeholders of ./segments.ts for segment `index` (or for the segmentation: -1). */
function resolve(text: string, index: number, defaultWindow: DefaultWindow, refs: string[]): string {
  let out = text.replace(/@DEFRATE@/g, `every ${defaultWindow.unit}`);
  if (index < 0) {
    out = out
      .replace(/@REF\d+@/g, "vip")
      .replace(BRANCH, "vip")
      .replace(/@TIERLABEL@/g, '"A"');
  } else {
    out = out.replace(/@REF(\d+)@/g, (_m, k: string) => {
      if (index === 0) return "vip";
      const name = `S${Number(k) % index}`;
      refs.push(name);
      return name;
    });
    if (/@TIER\.[ABC]@|@TIERLABEL@/.test(out)) refs.push("Tier");
    out = out.replace(BRANCH, "Tier.$1").replace(/@TIERLABEL@/g, "Tier");
  }
  return out;
}

export function assemble(raw: RawCase): FuzzCase {
  const prelude = `default window ${raw.defaultWindow.text}\n${PRELUDE_PARAMS}\n`;
  const t = raw.tier;
  const branch = (name: string, cond: string) => `  ${name} where ${resolve(cond, -1, raw.defaultWindow, [])}`;
  const tierText = [
    "segmentation Tier {",
    branch("A", t.a),
    branch("B", t.b),
    t.c === null ? "  C otherwise" : branch("C", t.c),
    "}",
  ].join("\n");
  const decls: Decl[] = [{ name: "Tier", kind: "segmentation", text: tierText, refs: [] }];
  const conds: string[] = [];
  raw.conds.forEach((c, i) => {
    const refs: string[] = [];
    const cond = resolve(c, i, raw.defaultWindow, refs);
    conds.push(cond);
    decls.push({ name: `S${i}`, kind: "segment", text: `segment S${i} where ${cond}`, refs });
    decls.push({ name: `N${i}`, kind: "segment", text: `segment N${i} where not (${cond})`, refs });
    decls.push({ name: `U${i}`, kind: "segment", text: `segment U${i} where (${cond}) is null`, refs });
  });
  return { now: raw.now, prelude, decls, data: resolveData(raw.data, raw.now), conds };
}

/** The file's segment text (everything after the schema). */
export function segmentsText(c: Pick<FuzzCase, "prelude">, decls: readonly Decl[]): string {
  return `${c.prelude}\n${decls.map((d) => d.text).join("\n")}\n`;
}

export function fileText(c: Pick<FuzzCase, "prelude">, decls: readonly Decl[]): string {
  return `${SCHEMA}\n${segmentsText(c, decls)}`;
}

/** The case in the conformance corpus's shape (what corpus.ts needs to build tables and members). */
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
