import { resolve } from "node:path";
import { Checker, type Program } from "../check/checker.js";
import { nodeHost, Workspace, type Host } from "../check/workspace.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export interface CheckOptions {
  /** Where files are read from; defaults to the file system. */
  readonly host?: Host;
  /** `--param NAME=VALUE` overrides, checked against each param's type. */
  readonly params?: Readonly<Record<string, string>>;
}

export interface CheckResult {
  readonly program: Program;
  /** Every diagnostic of every file reached (the given files and what they import). */
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: number;
  readonly warnings: number;
}

/** Parses and checks files (and everything they import). Never throws on bad input. */
export function check(files: readonly string[], options: CheckOptions = {}): CheckResult {
  const workspace = new Workspace(options.host ?? nodeHost);
  const entries = files.map((f) => resolve(f));
  for (const f of entries) workspace.load(f);
  const program = new Checker(workspace, options.params).run(entries.filter((f) => workspace.modules.has(f)));
  const diagnostics = program.diagnostics;
  return {
    program,
    diagnostics,
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
  };
}

/** A host that serves some files from memory and the rest from `fallback`. */
export function overlayHost(files: Readonly<Record<string, string>>, fallback: Host = nodeHost): Host {
  const map = new Map(Object.entries(files).map(([k, v]) => [resolve(k), v]));
  return { readFile: (p) => map.get(resolve(p)) ?? fallback.readFile(p) };
}
