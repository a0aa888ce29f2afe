// The Seg language server: the only file that opens a connection. It wires LSP messages to one
// provider per feature and keeps the process alive whatever happens: every handler is wrapped
// (an exception becomes a logged, empty answer), the debounce timer catches its own errors, and a
// last-resort handler logs what still escapes instead of letting Node exit.
//
// Run directly (`node server.js --stdio`, the VS Code extension's bundle) it starts by itself;
// `seg lsp --stdio` imports it and calls startServer().
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { codeActions } from "./code-actions.js";
import { COMMANDS, executeCommand } from "./commands.js";
import { completion } from "./completion.js";
import { definition } from "./definition.js";
import { DiagnosticsPublisher, errorText } from "./diagnostics.js";
import { foldingRanges } from "./folding.js";
import { formatting } from "./formatting.js";
import { hover } from "./hover.js";
import { references } from "./references.js";
import { prepareRename, rename } from "./rename.js";
import { semanticTokens, semanticTokensLegend } from "./semantic-tokens.js";
import { ServerState } from "./state.js";
import { documentSymbols } from "./symbols.js";

/** Pause after the last keystroke before re-checking; `initializationOptions.diagnosticsDelayMs` overrides it. */
const DEFAULT_DIAGNOSTICS_DELAY_MS = 50;

export interface ServerOptions {
  /** Streams to talk over; standard input and output by default. */
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

const TRANSPORT_FLAGS = /^--(stdio|node-ipc|socket|pipe)(=|$)/;

export function startServer(options: ServerOptions = {}): Connection {
  // With `--stdio` the library routes console output to the client; otherwise keep it off stdout,
  // which carries the protocol.
  const fromArgs = !options.input && process.argv.slice(2).some((a) => TRANSPORT_FLAGS.test(a));
  if (!fromArgs)
    for (const k of ["log", "info", "debug"] as const) console[k] = (...args: unknown[]) => console.error(...args);
  const connection = fromArgs
    ? createConnection(ProposedFeatures.all)
    : createConnection(ProposedFeatures.all, options.input ?? process.stdin, options.output ?? process.stdout);

  const log = {
    error: (m: string) => safely(() => connection.console.error(m)),
    info: (m: string) => safely(() => connection.console.info(m)),
  };
  // Last resort: log anything that escaped every handler rather than let it end the process.
  process.on("uncaughtException", (e) => log.error(`uncaught: ${errorText(e)}`));
  process.on("unhandledRejection", (e) => log.error(`unhandled rejection: ${errorText(e)}`));

  const state = new ServerState(log);
  const publisher = new DiagnosticsPublisher(state, (p) => connection.sendDiagnostics(p), DEFAULT_DIAGNOSTICS_DELAY_MS);
  let watchFiles = false;
  let workspaceFolderEvents = false;

  /** A request handler that answers `fallback` instead of failing; deliberate ResponseErrors pass. */
  function request<P, R>(name: string, fallback: R, handler: (params: P) => R): (params: P) => R {
    return (params: P) => {
      try {
        return handler(params);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log.error(`${name} failed: ${errorText(e)}`);
        return fallback;
      }
    };
  }

  function notification<P>(name: string, handler: (params: P) => void): (params: P) => void {
    return (params: P) => {
      try {
        handler(params);
      } catch (e) {
        log.error(`${name} failed: ${errorText(e)}`);
      }
    };
  }

  connection.onInitialize(
    request("initialize", { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
      const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
      if (!folders.length && params.rootUri) folders.push(params.rootUri);
      state.setFolders(folders.filter((u) => u.startsWith("file:")).map((u) => state.pathOf(u)));
      const delay = (params.initializationOptions as { diagnosticsDelayMs?: unknown } | undefined)?.diagnosticsDelayMs;
      if (typeof delay === "number" && delay >= 0 && delay <= 10_000) publisher.delayMs = delay;
      watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      workspaceFolderEvents = params.capabilities?.workspace?.workspaceFolders === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          completionProvider: { triggerCharacters: [".", '"', "'", "/"] },
          hoverProvider: true,
          definitionProvider: true,
          referencesProvider: true,
          renameProvider: { prepareProvider: true },
          documentSymbolProvider: true,
          documentFormattingProvider: true,
          semanticTokensProvider: { legend: semanticTokensLegend, full: true },
          foldingRangeProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          executeCommandProvider: { commands: COMMANDS },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: "seg-language-server" },
      };
    }),
  );

  connection.onInitialized(
    notification("initialized", () => {
      if (watchFiles)
        connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.seg" }] })
          .catch((e: unknown) => log.error(`registering file watching: ${errorText(e)}`));
      if (workspaceFolderEvents)
        connection.workspace.onDidChangeWorkspaceFolders(
          notification("workspace folders", (e) => {
            const removed = new Set(e.removed.map((f) => state.pathOf(f.uri)));
            const current = [...state.workspaceFolders()].filter((f) => !removed.has(f));
            state.setFolders([...current, ...e.added.map((f) => state.pathOf(f.uri))]);
          }),
        );
    }),
  );

  connection.onDidOpenTextDocument(
    notification("didOpen", (p) => {
      const { uri, text, version } = p.textDocument;
      if (typeof uri !== "string") return;
      state.open(uri, typeof text === "string" ? text : "", typeof version === "number" ? version : 0);
      publisher.schedule(state.pathOf(uri));
    }),
  );
  connection.onDidChangeTextDocument(
    notification("didChange", (p) => {
      const uri = p.textDocument?.uri;
      if (typeof uri !== "string" || !Array.isArray(p.contentChanges)) return;
      if (state.change(uri, p.contentChanges, p.textDocument.version)) publisher.schedule(state.pathOf(uri));
    }),
  );
  connection.onDidCloseTextDocument(
    notification("didClose", (p) => {
      const uri = p.textDocument?.uri;
      if (typeof uri !== "string") return;
      const path = state.pathOf(uri);
      state.close(uri);
      state.dropProgram(path);
      publisher.schedule(path);
    }),
  );
  connection.onDidChangeWatchedFiles(
    notification("didChangeWatchedFiles", (p) => {
      const paths = (p.changes ?? []).map((c) => state.pathOf(c.uri));
      state.invalidateDisk(paths);
      if ((p.changes ?? []).some((c) => c.type !== FileChangeType.Changed)) state.forgetFolderFiles();
      for (const path of paths) publisher.schedule(path);
    }),
  );

  connection.onCompletion(request("completion", [], (p) => completion(state, p)));
  connection.onHover(request("hover", null, (p) => hover(state, p)));
  connection.onDefinition(request("definition", [], (p) => definition(state, p)));
  connection.onReferences(request("references", [], (p) => references(state, p)));
  connection.onPrepareRename(request("prepareRename", null, (p) => prepareRename(state, p)));
  connection.onRenameRequest(request("rename", null, (p) => rename(state, p)));
  connection.onDocumentSymbol(request("documentSymbol", [], (p) => documentSymbols(state, p)));
  connection.onDocumentFormatting(request("formatting", [], (p) => formatting(state, p)));
  connection.onFoldingRanges(request("foldingRange", [], (p) => foldingRanges(state, p)));
  connection.onCodeAction(request("codeAction", [], (p) => codeActions(state, p)));
  connection.onExecuteCommand(request("executeCommand", null, (p) => executeCommand(state, p)));
  connection.languages.semanticTokens.on(request("semanticTokens", { data: [] }, (p) => semanticTokens(state, p)));
  connection.onShutdown(request("shutdown", undefined, () => publisher.dispose()));

  connection.listen();
  return connection;
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // the connection is gone; nothing left to tell
  }
}

/** Whether this module is the program Node started (and not imported by `seg lsp`). */
function isEntryPoint(): boolean {
  try {
    const entry = process.argv[1];
    return !!entry && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) startServer();
