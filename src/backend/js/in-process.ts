// Callable predicates without writing a file: the module text emitJs produces is imported as is
// (a data: URL), so the in-process API and the emitted file cannot disagree.
import type { Plan } from "../../plan/plan.js";
import { emitJs, type EmitJsOptions } from "./emit.js";

/** A member: its entity row's fields by name plus one array of events per event set (each with `at`). */
export type Member = Readonly<Record<string, unknown>>;

export interface EvaluateOptions {
  /** The evaluation instant: Date, ISO text or epoch ms (default: the compile-time as-of, else the clock). */
  readonly now?: Date | string | number;
}

export interface PredicateContext extends EvaluateOptions {
  /** Every member, for segments that use `in top/bottom P%` (ranks are population-level). */
  readonly population?: readonly Member[];
}

export interface EvaluateResult {
  /** Output segment → keys of its members, in input order. */
  readonly segments: Record<string, unknown[]>;
  /** Output segmentation → String(key) → tier name or null. */
  readonly tiers: Record<string, Record<string, string | null>>;
}

export type Predicate = (member: Member, context?: PredicateContext) => boolean;
export type Labeller = (member: Member, context?: PredicateContext) => string | null;

export interface CompiledFunctions {
  readonly segments: Readonly<Record<string, Predicate>>;
  readonly segmentations: Readonly<Record<string, Labeller>>;
  /** Members as an array; with plans for several entities, `{ entityName: members }`. */
  readonly evaluate: (
    members: readonly Member[] | Readonly<Record<string, readonly Member[]>>,
    options?: EvaluateOptions,
  ) => EvaluateResult;
  /** The module text that was loaded (what `seg compile --to js` writes). */
  readonly source: string;
}

/** Emits the plans' module and loads it in this process. */
export async function compileToFunctions(
  plans: readonly Plan[],
  options: EmitJsOptions = {},
): Promise<CompiledFunctions> {
  const source = emitJs(plans, options);
  const mod = (await import(
    /* @vite-ignore */ `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`
  )) as Record<string, unknown>;
  const segments: Record<string, Predicate> = {};
  const segmentations: Record<string, Labeller> = {};
  const take = <T>(name: string): T => {
    const f = mod[name];
    if (typeof f !== "function") throw new Error(`internal: the emitted module does not export ${name}`);
    return f as T;
  };
  for (const plan of plans) {
    for (const s of plan.segments) if (s.output) define(segments, s.name, take<Predicate>(s.name));
    for (const s of plan.segmentations) if (s.output) define(segmentations, s.name, take<Labeller>(s.name));
  }
  return { segments, segmentations, evaluate: take<CompiledFunctions["evaluate"]>("evaluate"), source };
}

// A segment may be called `__proto__`: define it as an own property instead of assigning.
function define<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: false, configurable: false });
}
