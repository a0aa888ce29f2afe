// Loads files and their imports, relative to the importing file.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse, type ParseResult } from "../syntax/parse.js";
import type { ImportDecl } from "../syntax/ast.js";

export interface Host {
  /** Text of the file, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
}

export const nodeHost: Host = {
  readFile(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

export interface Module {
  readonly path: string;
  readonly text: string;
  readonly parsed: ParseResult;
  /** Each import with its resolved absolute path (undefined when the file is missing). */
  readonly imports: readonly { readonly decl: ImportDecl; readonly target: string | undefined }[];
}

export function resolveImport(from: string, spec: string): string {
  return resolve(dirname(from), spec);
}

export class Workspace {
  readonly modules = new Map<string, Module>();
  constructor(
    private readonly host: Host = nodeHost,
    /** How a file's text becomes a syntax tree; the language server passes its parse cache. */
    private readonly parseFile: (text: string, path: string) => ParseResult = parse,
  ) {}

  /** Loads `path` and everything it imports; returns undefined when the file itself is missing. */
  load(path: string): Module | undefined {
    const pending = [resolve(path)];
    while (pending.length) {
      const p = pending.pop()!;
      if (this.modules.has(p)) continue;
      const text = this.host.readFile(p);
      if (text === undefined) continue;
      const parsed = this.parseFile(text, p);
      const imports = parsed.file.declarations
        .filter((d): d is ImportDecl => d.kind === "Import")
        .map((decl) => {
          const target = resolveImport(p, decl.path.value);
          return { decl, target: this.host.readFile(target) === undefined ? undefined : target };
        });
      this.modules.set(p, { path: p, text, parsed, imports });
      for (const i of imports) if (i.target) pending.push(i.target);
    }
    return this.modules.get(resolve(path));
  }

  /** Files reachable from `path` through imports, dependencies first, each once. */
  closure(path: string): Module[] {
    const out: Module[] = [];
    const seen = new Set<string>();
    const visit = (p: string): void => {
      if (seen.has(p)) return;
      seen.add(p);
      const m = this.modules.get(p);
      if (!m) return;
      for (const i of m.imports) if (i.target) visit(i.target);
      out.push(m);
    };
    visit(resolve(path));
    return out;
  }
}
