// Diagnostics as you type. A change schedules a check after a short pause (debounce); the check
// covers the changed file's open dependents only (each with its imports), one file per tick so
// requests are answered in between. Each open file gets its own diagnostics with its version;
// imported files that are not open get theirs too, and are cleared when no open file reaches them.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type PublishDiagnosticsParams,
} from "vscode-languageserver";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { TextIndex } from "./positions.js";
import { CheckFailed, type ServerState } from "./state.js";

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;
/** Warnings about code that has no effect, which editors may fade. */
const UNNECESSARY = new Set(["unreachable-tier"]);

export function toLspDiagnostic(d: Diagnostic, index: TextIndex): LspDiagnostic {
  return {
    range: index.range(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "seg",
    message: d.message,
    ...(UNNECESSARY.has(d.name) && { tags: [DiagnosticTag.Unnecessary] }),
    data: { name: d.name },
  };
}

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<string>();
  /** What was last sent per URI, to skip repeats for files that are not open. */
  private readonly published = new Map<string, string>();
  private running = false;

  constructor(
    private readonly state: ServerState,
    private readonly send: (params: PublishDiagnosticsParams) => Promise<void>,
    public delayMs: number,
  ) {}

  /** A file changed (an edit, an open, a close, a change on disk): re-check what depends on it. */
  schedule(path: string): void {
    this.pending.add(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.delayMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private fire(): void {
    this.timer = undefined;
    // A timer callback that throws kills the process (engines.md 4.2): everything below is caught.
    try {
      if (this.running) {
        this.timer = setTimeout(() => this.fire(), this.delayMs);
        return;
      }
      const changed = [...this.pending];
      this.pending.clear();
      const docs = this.state.openDocuments().map((d) => this.state.pathOf(d.uri));
      // The changed files first, then the open files that depend on them.
      const affected = [
        ...new Set([
          ...docs.filter((p) => changed.includes(p)),
          ...docs.filter((p) => changed.some((c) => this.state.dependsOn(p, c))),
        ]),
      ];
      this.running = true;
      this.step(affected, 0);
    } catch (e) {
      this.running = false;
      this.state.log.error(`diagnostics: ${errorText(e)}`);
    }
  }

  private step(queue: readonly string[], i: number): void {
    try {
      if (i >= queue.length) {
        this.running = false;
        this.clearUnreached();
        return;
      }
      this.publishFor(queue[i]!);
    } catch (e) {
      this.state.log.error(`diagnostics: ${errorText(e)}`);
    }
    setImmediate(() => {
      try {
        this.step(queue, i + 1);
      } catch (e) {
        this.running = false;
        this.state.log.error(`diagnostics: ${errorText(e)}`);
      }
    });
  }

  /** Checks one open file (and its imports) and publishes the result for each file. */
  publishFor(path: string): void {
    const uri = this.state.uriOf(path);
    const doc = this.state.document(uri);
    if (!doc) return;
    let program;
    try {
      program = this.state.program(path);
    } catch (e) {
      if (!(e instanceof CheckFailed)) throw e;
      // Still show the syntax errors, and say that checking failed rather than stay silent.
      const index = this.state.index(path);
      const parsed = this.state.parsed(path);
      if (!index || !parsed) return;
      const start = { line: 0, character: 0 };
      const failure: LspDiagnostic = {
        range: { start, end: start },
        severity: DiagnosticSeverity.Error,
        source: "seg",
        message: `${e.message} (please report it)`,
      };
      this.publish(
        {
          uri,
          version: doc.version,
          diagnostics: [failure, ...parsed.result.diagnostics.map((d) => toLspDiagnostic(d, index))],
        },
        true,
      );
      return;
    }
    for (const [file, analysis] of program.analyses) {
      const open = this.state.document(this.state.uriOf(file));
      if (file !== path && open) continue; // an open import publishes its own, with its version
      const index = this.state.index(file);
      if (!index) continue;
      const diagnostics = analysis.diagnostics.filter((d) => d.file === file).map((d) => toLspDiagnostic(d, index));
      this.publish(
        { uri: this.state.uriOf(file), ...(file === path && { version: doc.version }), diagnostics },
        file === path,
      );
    }
  }

  private publish(params: PublishDiagnosticsParams, always: boolean): void {
    const key = JSON.stringify(params.diagnostics);
    if (!always && this.published.get(params.uri) === key) return;
    this.published.set(params.uri, key);
    this.send(params).catch((e: unknown) => this.state.log.error(`sending diagnostics: ${errorText(e)}`));
  }

  /** Clears files that no open document reaches any more (closed, or no longer imported). */
  clearUnreached(): void {
    const reached = new Set<string>();
    for (const d of this.state.openDocuments()) {
      const path = this.state.pathOf(d.uri);
      for (const f of this.state.closureOf(path)) reached.add(this.state.uriOf(f));
      reached.add(d.uri);
    }
    for (const uri of [...this.published.keys()]) {
      if (reached.has(uri)) continue;
      this.published.delete(uri);
      this.send({ uri, diagnostics: [] }).catch((e: unknown) =>
        this.state.log.error(`sending diagnostics: ${errorText(e)}`),
      );
    }
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
