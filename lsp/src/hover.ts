// Hover: what a name is (its declaration as one line of Seg, its type, its doc comment) and, for
// segments, measures and aggregates, the definition and the window that applies to each aggregate.
import { MarkupKind, type Hover, type HoverParams } from "vscode-languageserver";
import type { Program } from "../../src/check/checker.js";
import type { Symbol } from "../../src/check/symbols.js";
import type { Declaration, Expr, SegFile } from "../../src/syntax/ast.js";
import { functionDoc, oneLine, signature, sourceOf, typeText } from "./describe.js";
import { indexOfDocument, safePosition } from "./positions.js";
import type { ServerState } from "./state.js";
import { exprPathAt, identifierAt, rootExprs, type IdSite } from "./syntax-walk.js";
import { describeRule, WindowExplainer, type AggregateSite } from "./windows.js";

const MAX_DEFINITION_LINES = 24;

export function hover(state: ServerState, params: HoverParams): Hover | null {
  const doc = state.document(params.textDocument.uri);
  if (!doc) return null;
  const index = indexOfDocument(doc);
  const offset = index.offset(safePosition(params.position));
  const path = state.pathOf(doc.uri);
  const program = state.program(path);
  const analysis = program.analyses.get(path);
  if (!analysis) return null;
  const file = analysis.module.parsed.file;
  const site = identifierAt(file, offset);
  if (!site) return importHover(program, file, path, offset, index);
  const value = describeSite(program, path, site);
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range: index.range(site.id.span) } : null;
}

function importHover(
  program: Program,
  file: SegFile,
  path: string,
  offset: number,
  index: ReturnType<typeof indexOfDocument>,
): Hover | null {
  for (const d of file.declarations) {
    if (d.kind !== "Import" || offset < d.path.span.start || offset > d.path.span.end) continue;
    const target = program.analyses.get(path)?.module.imports.find((i) => i.decl === d)?.target;
    const value = target ? `Imports \`${target}\`` : `\`${d.path.value}\` was not found`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: index.range(d.path.span) };
  }
  return null;
}

const code = (s: string): string => "```seg\n" + s + "\n```";

function describeSite(program: Program, path: string, site: IdSite): string | undefined {
  const expr = exprAt(site);
  if (site.role === "callee") return describeCall(program, path, site, expr);
  const sym = program.refs.get(site.id);
  if (!sym) return undefined;
  const parts = [code(signature(sym, program))];
  if (expr && (site.role === "name" || site.role === "property")) {
    const t = program.types.get(expr);
    // Fields, params and measures show their type in the signature already.
    const typed = sym.kind === "field" || sym.kind === "eventTime" || sym.kind === "param" || sym.kind === "measure";
    if (t && !typed) parts.push(`Type: \`${typeText(t)}\``);
  }
  if (sym.doc) parts.push(sym.doc);
  parts.push(...details(program, path, site, sym, expr));
  return parts.join("\n\n");
}

/** The Name, Member or Call expression an identifier belongs to. */
function exprAt(site: IdSite): Expr | undefined {
  if (site.role !== "name" && site.role !== "object" && site.role !== "property" && site.role !== "callee")
    return undefined;
  const path = exprPathAt(site.decl, site.id.span.start);
  return [...path].reverse().find((e) => e.kind === "Name" || e.kind === "Member" || e.kind === "Call");
}

function details(program: Program, path: string, site: IdSite, sym: Symbol, expr: Expr | undefined): string[] {
  const out: string[] = [];
  switch (sym.kind) {
    case "segment":
      out.push(definition(program, sym.file, sym.decl.condition));
      out.push(...windowLines(program, sym.file, [sym.decl.condition]));
      break;
    case "measure": {
      out.push(definition(program, sym.file, sym.decl.expr));
      const use = expr && site.role === "name" ? useSite(program, path, site.decl, expr) : undefined;
      if (use) {
        const inner = new WindowExplainer(program, sym.file).sites(sym.decl.expr, use.rule);
        if (inner.length) out.push(listSites(program, inner, "Windows here"));
      } else
        out.push(
          ...windowLines(
            program,
            sym.file,
            [sym.decl.expr],
            "Where the measure is used, a window around it applies to the aggregates that have none of their own.",
          ),
        );
      break;
    }
    case "segmentation":
      out.push(
        sym.decl.branches
          .map(
            (b) =>
              `- \`${b.name.name}\`${b.condition ? `: \`${oneLine(sourceOf(program, sym.file, b.condition.span), 100)}\`` : " (otherwise)"}`,
          )
          .join("\n"),
      );
      break;
    case "branch":
      if (sym.decl.condition) {
        out.push(definition(program, sym.file, sym.decl.condition));
        out.push(...windowLines(program, sym.file, [sym.decl.condition]));
      } else out.push("Members that no earlier tier catches.");
      break;
    case "events": {
      // A bare event set counts its events; as an aggregate's argument it is just the set.
      const use = expr?.kind === "Name" && site.role === "name" ? useSite(program, path, site.decl, expr) : undefined;
      if (use) out.push(`Here: the number of \`${sym.name}\` events, window ${describeRule(use.rule)}.`);
      else out.push(`Fields: ${[...sym.fields.keys(), "at"].map((f) => `\`${f}\``).join(", ")}`);
      break;
    }
    case "entity":
      out.push(`Fields: ${[...sym.fields.keys()].map((f) => `\`${f}\``).join(", ")}`);
      break;
    case "eventTime":
      out.push(`The time of each \`${sym.events.name}\` event.`);
      break;
    default:
      break;
  }
  return out.filter((s) => s !== "");
}

function describeCall(program: Program, path: string, site: IdSite, expr: Expr | undefined): string | undefined {
  const d = functionDoc(site.id.name);
  if (!d) return undefined;
  const parts = [code(`${d.signature} → ${d.returns}`), d.summary];
  if (expr) {
    const t = program.types.get(expr);
    if (t) parts.push(`Type here: \`${typeText(t)}\``);
    if (d.aggregate) {
      const use = useSite(program, path, site.decl, expr);
      parts.push(
        `Window: ${use ? describeRule(use.rule) : "no window applies: the member's whole history up to `now`"}`,
      );
    }
  }
  return parts.join("\n\n");
}

/** The aggregate site of `expr` in its declaration (a call, a bare event set, a measure use). */
function useSite(program: Program, path: string, decl: Declaration, expr: Expr): AggregateSite | undefined {
  const explainer = new WindowExplainer(program, path);
  for (const root of rootExprs(decl)) {
    if (expr.span.start < root.span.start || expr.span.end > root.span.end) continue;
    const found = explainer.sites(root).find((s) => s.node === expr);
    if (found) return found;
  }
  return undefined;
}

function definition(program: Program, file: string, e: Expr): string {
  const text = sourceOf(program, file, e.span);
  if (!text.trim()) return "";
  const lines = text.split(/\r?\n/);
  // Re-indent continuation lines by the least indentation among them.
  const rest = lines.slice(1).filter((l) => l.trim());
  const cut = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
  const shown = [lines[0]!, ...lines.slice(1).map((l) => "  " + l.slice(cut))];
  const clipped = shown.length > MAX_DEFINITION_LINES ? [...shown.slice(0, MAX_DEFINITION_LINES), "  …"] : shown;
  return code(clipped.join("\n"));
}

function windowLines(program: Program, file: string, roots: readonly Expr[], note?: string): string[] {
  const explainer = new WindowExplainer(program, file);
  const sites = roots.flatMap((r) => explainer.sites(r));
  if (!sites.length) return [];
  return [listSites(program, sites, "Windows"), ...(note ? [note] : [])];
}

/** One line per aggregate; a measure used in the definition is opened up into its own aggregates. */
function listSites(program: Program, sites: readonly AggregateSite[], title: string): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  const add = (site: AggregateSite, via: string, depth: number): void => {
    const sym = site.node.kind === "Name" ? program.refs.get(site.node.name) : undefined;
    if (sym?.kind === "measure" && depth < 4) {
      for (const inner of new WindowExplainer(program, sym.file).sites(sym.decl.expr, site.rule))
        add(inner, `${via}${sym.name} → `, depth + 1);
      return;
    }
    const line = `- ${via ? `\`${via.slice(0, -3)}\` → ` : ""}\`${oneLine(sourceOf(program, site.file, site.node.span), 80)}\`: ${describeRule(site.rule)}`;
    if (seen.has(line)) return;
    seen.add(line);
    lines.push(line);
  };
  for (const s of sites) add(s, "", 0);
  return `${title}:\n${lines.join("\n")}`;
}
