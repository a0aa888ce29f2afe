// What the server knows: open documents (kept in sync incrementally), files read from disk, parse
// results cached per text, and checked programs cached per entry file until one of the files they
// read changes. Features ask this module; none of them reads the disk or opens a connection.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { Checker, type ModuleAnalysis, type Program } from "../../src/check/checker.js";
import { Workspace, type Host } from "../../src/check/workspace.js";
import { parse, type ParseResult } from "../../src/syntax/parse.js";
import { indexOfDocument, indexOfText, type TextIndex } from "./positions.js";

export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

/** A checked program (or the checker's failure) and the content key of every file it read or looked for. */
type CachedProgram = { readonly deps: ReadonlyMap<string, string> } & (
  | { readonly program: Program; readonly error?: undefined }
  | { readonly program?: undefined; readonly error: CheckFailed }
);

/** The core checker threw (a bug, e.g. a stack overflow on a huge expression); kept until the files change. */
export class CheckFailed extends Error {}

interface DiskEntry {
  readonly key: string;
  readonly text: string | undefined;
}

/** A workspace scan stops after this many files or folders (a home folder opened by mistake). */
const MAX_WORKSPACE_FILES = 5000;
const MAX_WORKSPACE_FOLDERS = 20_000;

/** Non-file URIs (untitled buffers) get a path under this root so imports resolve to nothing. */
const VIRTUAL_ROOT = resolve("/", "__seg_virtual__");

export class ServerState {
  private readonly docs = new Map<string, TextDocument>();
  /** Open documents by path, and the URI the client used for them. */
  private readonly openPaths = new Map<string, string>();
  private readonly disk = new Map<string, DiskEntry>();
  private readonly parses = new Map<string, { readonly text: string; readonly result: ParseResult }>();
  private readonly programs = new Map<string, CachedProgram>();
  private workspaceCache: (CachedProgram & { readonly files: string }) | undefined;
  private folders: string[] = [];
  private folderFiles: string[] | undefined;

  readonly host: Host = { readFile: (p) => this.textOf(p) };

  constructor(readonly log: Logger) {}

  // ------------------------------------------------------------ documents

  open(uri: string, text: string, version: number): void {
    const doc = TextDocument.create(uri, "seg", version, text);
    this.docs.set(uri, doc);
    this.openPaths.set(this.pathOf(uri), uri);
  }

  /** Applies incremental (or full) changes; returns false for a document that is not open. */
  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number | undefined): boolean {
    const doc = this.docs.get(uri);
    if (!doc) return false;
    const next = typeof version === "number" ? version : doc.version + 1;
    this.docs.set(uri, TextDocument.update(doc, [...changes], next));
    return true;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    const path = this.pathOf(uri);
    if (this.openPaths.get(path) === uri) this.openPaths.delete(path);
  }

  document(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  openDocuments(): TextDocument[] {
    return [...this.docs.values()];
  }

  isOpen(path: string): boolean {
    return this.openPaths.has(path);
  }

  // ------------------------------------------------------------ paths and URIs

  pathOf(uri: string): string {
    if (uri.startsWith("file:")) {
      try {
        return resolve(fileURLToPath(uri));
      } catch {
        // a malformed file URI falls through to a virtual path
      }
    }
    return resolve(VIRTUAL_ROOT, encodeURIComponent(uri));
  }

  /** The URI the client knows a path by: the one it opened it with, else a file URI. */
  uriOf(path: string): string {
    const open = this.openPaths.get(path);
    if (open) return open;
    if (path.startsWith(VIRTUAL_ROOT)) {
      try {
        return decodeURIComponent(path.slice(VIRTUAL_ROOT.length + 1));
      } catch {
        return pathToFileURL(path).href;
      }
    }
    return pathToFileURL(path).href;
  }

  /** Line arithmetic for a file's current text (an open buffer's or the disk's). */
  index(path: string): TextIndex | undefined {
    const uri = this.openPaths.get(path);
    const doc = uri === undefined ? undefined : this.docs.get(uri);
    if (doc) return indexOfDocument(doc);
    const text = this.textOf(path);
    return text === undefined ? undefined : indexOfText(text);
  }

  // ------------------------------------------------------------ file contents

  /** An open buffer's text, else the file on disk (re-read when its size or time changes). */
  textOf(path: string): string | undefined {
    const uri = this.openPaths.get(path);
    const doc = uri === undefined ? undefined : this.docs.get(uri);
    if (doc) return doc.getText();
    return this.readDisk(path).text;
  }

  /** Identifies a file's current content without reading it: a buffer version or a disk stamp. */
  private contentKey(path: string): string {
    const uri = this.openPaths.get(path);
    const doc = uri === undefined ? undefined : this.docs.get(uri);
    if (doc) return `open:${uri}:${doc.version}`;
    return this.readDisk(path).key;
  }

  private readDisk(path: string): DiskEntry {
    if (path.startsWith(VIRTUAL_ROOT)) return { key: "missing", text: undefined };
    let key = "missing";
    try {
      const st = statSync(path);
      if (st.isFile()) key = `disk:${st.mtimeMs}:${st.size}`;
    } catch {
      // missing or unreadable: no text
    }
    const cached = this.disk.get(path);
    if (cached && cached.key === key) return cached;
    let text: string | undefined;
    if (key !== "missing") {
      try {
        text = readFileSync(path, "utf8");
      } catch {
        key = "missing";
      }
    }
    const entry = { key, text };
    this.disk.set(path, entry);
    return entry;
  }

  /** Forgets what was read from disk for these paths (a watched-file event). */
  invalidateDisk(paths: readonly string[]): void {
    for (const p of paths) this.disk.delete(p);
  }

  // ------------------------------------------------------------ parsing

  /** The parse of a file's current text, cached until the text changes. */
  parsed(path: string): { readonly text: string; readonly result: ParseResult } | undefined {
    const text = this.textOf(path);
    if (text === undefined) return undefined;
    return { text, result: this.parseText(path, text) };
  }

  private parseText(path: string, text: string): ParseResult {
    const cached = this.parses.get(path);
    if (cached && cached.text === text) return cached.result;
    const result = parse(text, path);
    this.parses.set(path, { text, result });
    return result;
  }

  // ------------------------------------------------------------ checking

  /** Loads files and their imports through the parse cache, noting every file the load read or looked for. */
  private load(entries: readonly string[]): { workspace: Workspace; deps: Map<string, string> } {
    const deps = new Map<string, string>();
    const host: Host = {
      readFile: (p) => {
        if (!deps.has(p)) deps.set(p, this.contentKey(p));
        return this.textOf(p);
      },
    };
    const workspace = new Workspace(host, (text, path) => this.parseText(path, text));
    for (const e of entries) workspace.load(e);
    return { workspace, deps };
  }

  private run(entries: readonly string[]): CachedProgram {
    const { workspace, deps } = this.load(entries);
    try {
      const program = new Checker(workspace).run(entries.filter((e) => workspace.modules.has(e)));
      return { program, deps };
    } catch (e) {
      // Cached like a result, so that every request does not run into the same failure again.
      const error = new CheckFailed(`the checker failed: ${e instanceof Error ? e.message : String(e)}`);
      this.log.error(`${error.message}\n${e instanceof Error ? e.stack : ""}`);
      return { error, deps };
    }
  }

  private unwrap(c: CachedProgram): Program {
    if (c.error) throw c.error;
    return c.program;
  }

  private fresh(c: CachedProgram): boolean {
    for (const [p, key] of c.deps) if (this.contentKey(p) !== key) return false;
    return true;
  }

  /**
   * The checked program of `path` and its imports. `latest` accepts a program one edit old when
   * there is one (completion: the schema rarely changes between keystrokes, and the debounced
   * re-check follows); every other feature needs positions that match the current text.
   */
  program(path: string, mode: "fresh" | "latest" = "fresh"): Program {
    const cached = this.programs.get(path);
    if (cached && (mode === "latest" || this.fresh(cached))) return this.unwrap(cached);
    const next = this.run([path]);
    this.programs.set(path, next);
    return this.unwrap(next);
  }

  analysis(path: string, mode: "fresh" | "latest" = "fresh"): ModuleAnalysis | undefined {
    return this.program(path, mode).analyses.get(path);
  }

  /** Whether the last program of `path` read `dep` (it imports it, or looked for it). */
  dependsOn(path: string, dep: string): boolean {
    const cached = this.programs.get(path);
    return !cached || cached.deps.has(dep);
  }

  /** Files the cached program of `path` checked (itself and its imports). */
  closureOf(path: string): string[] {
    const cached = this.programs.get(path);
    return cached?.program ? [...cached.program.analyses.keys()] : [path];
  }

  dropProgram(path: string): void {
    this.programs.delete(path);
  }

  // ------------------------------------------------------------ the workspace

  setFolders(paths: readonly string[]): void {
    this.folders = [...new Set(paths.map((p) => resolve(p)))];
    this.folderFiles = undefined;
  }

  workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** A `.seg` file was created or deleted: scan the folders again when next needed. */
  forgetFolderFiles(): void {
    this.folderFiles = undefined;
  }

  /** Open documents, `.seg` files in the workspace folders, and (when checked) what they import. */
  workspaceFiles(): string[] {
    if (!this.folderFiles) {
      try {
        this.folderFiles = scanFolders(this.folders);
      } catch (e) {
        this.log.error(`scanning the workspace folders failed: ${String(e)}`);
        this.folderFiles = [];
      }
    }
    return [...new Set([...this.openPaths.keys(), ...this.folderFiles])].sort();
  }

  /** One program over the whole workspace, so that every file sees the same symbols (references, rename). */
  workspaceProgram(): Program {
    const files = this.workspaceFiles();
    const key = files.join("\n");
    const cached = this.workspaceCache;
    if (cached && cached.files === key && this.fresh(cached)) return this.unwrap(cached);
    const next = { ...this.run(files), files: key };
    this.workspaceCache = next;
    return this.unwrap(next);
  }
}

/**
 * `*.seg` files under the folders, skipping dot-folders and node_modules like `seg check` does,
 * but bounded: a scan must not block the server for long.
 */
function scanFolders(folders: readonly string[]): string[] {
  const files: string[] = [];
  const pending = [...folders];
  let visited = 0;
  while (pending.length && files.length < MAX_WORKSPACE_FILES && visited++ < MAX_WORKSPACE_FOLDERS) {
    const dir = pending.shift()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      if (e.isDirectory()) pending.push(join(dir, e.name));
      else if (e.isFile() && e.name.endsWith(".seg")) files.push(join(dir, e.name));
    }
  }
  return files.slice(0, MAX_WORKSPACE_FILES).sort();
}
