// Drives the real language server over stdio, as an editor does: `node dist/src/cli/main.js lsp
// --stdio`, spoken to with vscode-languageserver-protocol (engines.md 4.4). The server runs from the
// compiled package, so the first test rebuilds dist when a source is newer than it (one build at a
// time across test workers, under a lock directory).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";

export const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "dist/src/cli/main.js");
const SERVER = join(ROOT, "dist/lsp/src/server.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const mtime = (p: string): number => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
};

let checked = false;

/**
 * Compiles the package (tsconfig.build.json) when dist is missing or older than a source file.
 * Checked once per test process, so that edits made while the tests run do not rebuild midway.
 */
export function ensureBuilt(): void {
  if (checked) return;
  checked = true;
  const stale = () =>
    Math.min(mtime(MAIN), mtime(SERVER)) <
    Math.max(newestSource(join(ROOT, "src")), newestSource(join(ROOT, "lsp/src")));
  if (!stale()) return;
  const lock = join(tmpdir(), "seg-lsp-test-build.lock");
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      if (Date.now() - mtime(lock) > 180_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!stale()) return;
    try {
      execFileSync(
        process.execPath,
        [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")],
        { cwd: ROOT, stdio: "pipe" },
      );
    } catch (e) {
      // Type errors elsewhere still emit JavaScript; only a missing output is fatal.
      if (!mtime(MAIN) || !mtime(SERVER)) throw e;
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `<|>` marks cursor positions in test sources. */
export function markers(source: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = "";
  const parts = source.split("<|>");
  parts.forEach((p, i) => {
    text += p;
    if (i < parts.length - 1) offsets.push(text.length);
  });
  return { text, offsets };
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

export function offsetAt(text: string, p: Position): number {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < p.line && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + p.character;
}

/** A temporary folder with files; returns its path and a file URI maker. */
export function workspace(files: Record<string, string>): {
  dir: string;
  uri: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "seg-lsp-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    dir,
    uri: (name) => pathToFileURL(join(dir, name)).href,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface StartOptions {
  readonly rootDir?: string;
  readonly diagnosticsDelayMs?: number;
  /** Run dist/lsp/src/server.js directly (as the extension's bundle does) instead of `seg lsp`. */
  readonly direct?: boolean;
}

export class Client {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private waiters: {
    test: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  exitCode: number | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly conn: ProtocolConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<Client> {
    ensureBuilt();
    const args = options.direct ? [SERVER, "--stdio"] : [MAIN, "lsp", "--stdio"];
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], cwd: ROOT });
    const conn = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new Client(child, conn);
    child.stderr!.on("data", (d: Buffer) => client.logs.push(d.toString()));
    child.on("exit", (code) => (client.exitCode = code ?? -1));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.diagnostics.push(p);
      client.waiters = client.waiters.filter((w) => {
        if (!w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    conn.onNotification("window/logMessage", (p: { message: string }) => {
      client.logs.push(p.message);
    });
    conn.onRequest("client/registerCapability", () => null);
    conn.listen();
    const rootUri = options.rootDir ? pathToFileURL(options.rootDir).href : null;
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      capabilities: {},
      workspaceFolders: rootUri ? [{ uri: rootUri, name: "test" }] : null,
      initializationOptions: { diagnosticsDelayMs: options.diagnosticsDelayMs ?? 20 },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get alive(): boolean {
    return this.exitCode === null && this.child.exitCode === null;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "seg", version, text },
    });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /** The next diagnostics for `uri` that satisfy `test` (including ones already received when `past`). */
  waitForDiagnostics(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
    past = false,
  ): Promise<PublishDiagnosticsParams> {
    if (past) {
      const seen = [...this.diagnostics].reverse().find((p) => p.uri === uri && test(p));
      if (seen) return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test: (p) => p.uri === uri && test(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  async stop(): Promise<number | null> {
    if (!this.alive) return this.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once("exit", (code) => resolve(code)));
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      this.child.kill();
    }
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    this.conn.dispose();
    if (this.child.exitCode === null) this.child.kill();
    return code;
  }
}
