import { resolve } from "node:path";
import { walkExpr, type Program } from "../check/checker.js";
import { parseTimestamp } from "../check/literals.js";
import { makeDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lowerFile } from "../plan/lower.js";
import type { Plan } from "../plan/plan.js";
import { emitSql, type Shape } from "../backend/sql/emit.js";
import { dialects } from "../backend/sql/dialects/index.js";
import type { Capabilities } from "../backend/sql/dialect.js";
import { SqlLiteralError, type SqlDialect } from "../backend/sql/literals.js";
import { emitJs } from "../backend/js/emit.js";
import { check, type CheckOptions } from "./check.js";

export interface CompileOptions extends CheckOptions {
  readonly to: "sql" | "js";
  readonly dialect?: SqlDialect;
  readonly shape?: Shape;
  /** For shape `members`: a segment name or `Segmentation.Tier`. */
  readonly segment?: string;
  /** Fix `now` to this instant (ISO timestamp or date). */
  readonly asOf?: string;
  /** Leave `now` a named parameter (SQL only). */
  readonly nowParam?: boolean;
}

export type CompileResult =
  | {
      readonly ok: true;
      readonly output: string;
      readonly plans: readonly Plan[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const at0 = { start: 0, end: 0 };

/** Checks `file` and compiles its segments. Errors come back as diagnostics, never as exceptions. */
export function compile(file: string, options: CompileOptions): CompileResult {
  const path = resolve(file);
  const result = check([path], options);
  const diagnostics = [...result.diagnostics];
  const fail = (name: Parameters<typeof makeDiagnostic>[0], params: never, span = at0): CompileResult => ({
    ok: false,
    diagnostics: [...diagnostics, makeDiagnostic(name, params, path, span)],
  });
  if (!result.program.analyses.has(path)) return fail("import-not-found", { path: file } as never);
  if (result.errors > 0) return { ok: false, diagnostics };
  const program = result.program;
  const declared = new Set([...program.declSymbols.values()].filter((s) => s.kind === "param").map((s) => s.name));
  for (const name of Object.keys(options.params ?? {}))
    if (!declared.has(name)) return fail("unknown-param", { name, candidates: [] } as never);
  let asOf: string | undefined;
  if (options.asOf !== undefined) {
    const t = parseTimestamp(options.asOf);
    if (!t.ok) return fail("invalid-literal", { type: "timestamp", text: options.asOf, reason: t.reason } as never);
    asOf = t.value;
  }
  const only = options.segment ? [options.segment.split(".")[0]!] : undefined;
  if (options.shape === "members") {
    if (!options.segment)
      return fail("unknown-segment", { name: "(none): --shape members needs --segment", candidates: [] } as never);
    const own = program.analyses.get(path)!.own;
    const [name, tier] = options.segment.split(".");
    const target = own.find(
      (s) => s.name === name && (tier === undefined ? s.kind === "segment" : s.kind === "segmentation"),
    );
    if (!target || (target.kind === "segmentation" && !target.branches.has(tier!)))
      return fail("unknown-segment", {
        name: options.segment,
        candidates: own.filter((s) => s.kind === "segment").map((s) => s.name),
      } as never);
  }
  const plans = lowerFile(program, path, { only });
  try {
    if (options.to === "js") return { ok: true, output: emitJs(plans, { asOf }), plans, diagnostics };
    const dialect = dialects[options.dialect ?? "duckdb"];
    const missing = capabilityErrors(program, path, dialect.name, dialect.capabilities);
    if (missing.length) return { ok: false, diagnostics: [...diagnostics, ...missing] };
    const now = options.nowParam
      ? { kind: "param" as const }
      : asOf
        ? { kind: "literal" as const, iso: asOf }
        : { kind: "clock" as const };
    return {
      ok: true,
      output: emitSql(plans, dialect, { now, shape: options.shape ?? "flags", segment: options.segment }),
      plans,
      diagnostics,
    };
  } catch (e) {
    if (e instanceof SqlLiteralError) return fail("invalid-string", { reason: e.message } as never);
    throw e;
  }
}

/** Functions a dialect cannot do as the language defines them. */
function capabilityErrors(program: Program, path: string, dialect: string, can: Capabilities): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of program.workspace.closure(path))
    for (const d of m.parsed.file.declarations) {
      const exprs =
        d.kind === "Segment"
          ? [d.condition]
          : d.kind === "Measure"
            ? [d.expr]
            : d.kind === "Segmentation"
              ? d.branches.flatMap((b) => (b.condition ? [b.condition] : []))
              : [];
      for (const e of exprs)
        walkExpr(e, (x) => {
          if (x.kind !== "Call") return;
          const name = x.callee.name;
          if (!can.lowerUnicode && (name === "lower" || name === "upper"))
            out.push(
              makeDiagnostic(
                "unsupported-capability",
                { dialect, capability: `\`${name}\` non-ASCII text (it folds ASCII only)` },
                m.path,
                x.span,
              ),
            );
          if (!can.roundFloat && name === "round" && x.args[0] && program.types.get(x.args[0])?.kind === "float")
            out.push(
              makeDiagnostic(
                "unsupported-capability",
                { dialect, capability: "`round` a float from its shortest decimal form" },
                m.path,
                x.span,
              ),
            );
        });
    }
  return out;
}
