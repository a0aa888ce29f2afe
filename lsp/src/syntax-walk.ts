// Walks over the syntax tree for the editor: every identifier with the role it plays, every
// expression (window bounds included, unlike the checker's walkExpr), and what sits at an offset.
import type { Declaration, Expr, Identifier, SegFile, Span, Window } from "../../src/syntax/ast.js";

export type IdRole =
  /** The name a declaration introduces (entity, events, measure, param, segment, segmentation). */
  | "declaration"
  | "field"
  | "tier"
  /** An entity named after `of` or `for`. */
  | "entity"
  /** The key field after `key`. */
  | "key"
  | "name"
  | "object"
  | "property"
  | "callee";

export interface IdSite {
  readonly id: Identifier;
  readonly role: IdRole;
  readonly decl: Declaration;
}

/** The expressions a declaration holds, in source order. */
export function rootExprs(d: Declaration): Expr[] {
  switch (d.kind) {
    case "Measure":
      return [d.expr];
    case "Param":
      return [d.value];
    case "Segment":
      return [d.condition];
    case "Segmentation":
      return d.branches.flatMap((b) => (b.condition ? [b.condition] : []));
    case "DefaultWindow":
      return windowExprs(d.window);
    default:
      return [];
  }
}

function windowExprs(w: Window): Expr[] {
  return w.kind === "RangeWindow" ? [w.from, w.to] : [];
}

/** Direct sub-expressions, window bounds included. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "Logical":
    case "Arithmetic":
      return [e.left, e.right];
    case "Compare":
      return [
        e.left,
        e.right,
        ...(e.rate && e.rate.kind !== "AtLeastRate" && e.rate.window ? windowExprs(e.rate.window) : []),
      ];
    case "Not":
    case "Negate":
    case "IsNull":
    case "Rank":
    case "Within":
      return [e.operand];
    case "Between":
      return [e.operand, e.low, e.high];
    case "In":
      return [e.operand, ...e.values];
    case "StringMatch":
      return [e.operand, e.pattern];
    case "Windowed":
      return [e.operand, ...windowExprs(e.window)];
    case "Paren":
      return [e.expr];
    case "Call":
      return [...e.args, ...(e.filter ? [e.filter] : [])];
    default:
      return [];
  }
}

/** Pre-order, without recursion: a chain of thousands of `and`s is one level deeper per term. */
export function visitExpr(root: Expr, f: (e: Expr) => void): void {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    f(e);
    const cs = children(e);
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i]!);
  }
}

/** Every identifier of the file with its role; placeholders that recovery left empty are skipped. */
export function identifiers(file: SegFile): IdSite[] {
  return file.declarations.flatMap((d) => declarationIdentifiers(d));
}

export function declarationIdentifiers(decl: Declaration): IdSite[] {
  const out: IdSite[] = [];
  const add = (id: Identifier | undefined, role: IdRole): void => {
    if (id && id.name && id.span.end > id.span.start) out.push({ id, role, decl });
  };
  switch (decl.kind) {
    case "Entity":
      add(decl.name, "declaration");
      add(decl.key, "key");
      for (const f of decl.fields) add(f.name, "field");
      break;
    case "Events":
      add(decl.name, "declaration");
      add(decl.entity, "entity");
      for (const f of decl.fields) add(f.name, "field");
      break;
    case "Measure":
    case "Param":
      add(decl.name, "declaration");
      break;
    case "Segment":
      add(decl.name, "declaration");
      add(decl.entity, "entity");
      break;
    case "Segmentation":
      add(decl.name, "declaration");
      add(decl.entity, "entity");
      for (const b of decl.branches) add(b.name, "tier");
      break;
    case "Import":
    case "DefaultWindow":
      break;
  }
  for (const root of rootExprs(decl))
    visitExpr(root, (e) => {
      if (e.kind === "Name") add(e.name, "name");
      else if (e.kind === "Member") {
        add(e.object, "object");
        add(e.property, "property");
      } else if (e.kind === "Call") add(e.callee, "callee");
    });
  return out.sort((a, b) => a.id.span.start - b.id.span.start);
}

const contains = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;

/** The identifier under the cursor: one that contains it, preferring one that starts there. */
export function identifierAt(file: SegFile, offset: number): IdSite | undefined {
  let best: IdSite | undefined;
  for (const decl of declarationsNear(file, offset))
    for (const site of declarationIdentifiers(decl)) {
      if (!contains(site.id.span, offset)) continue;
      if (!best || site.id.span.start === offset) best = site;
    }
  return best;
}

/** The declarations that may hold `offset` (declarations are in source order): found by bisection. */
function declarationsNear(file: SegFile, offset: number): Declaration[] {
  const ds = file.declarations;
  let lo = 0;
  let hi = ds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ds[mid]!.span.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return ds.slice(Math.max(0, lo - 1), lo + 2).filter((d) => d.span.start <= offset && offset <= d.span.end);
}

/** The chain of expressions from the declaration's root down to the innermost one holding the offset. */
export function exprPathAt(decl: Declaration, offset: number): Expr[] {
  for (const root of rootExprs(decl)) {
    if (!contains(root.span, offset)) continue;
    const path: Expr[] = [root];
    for (;;) {
      const next = children(path.at(-1)!).find((c) => contains(c.span, offset));
      if (!next) break;
      path.push(next);
    }
    return path;
  }
  return [];
}
