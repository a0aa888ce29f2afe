// The Seg extension for VS Code: starts the Seg language server bundled in dist/server.js and
// adds the "Seg: Show compiled SQL" command. Syntax highlighting and the language configuration
// are declared in package.json and need no code.
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

/** The workspace command the server executes: `{ uri, dialect }` in, the SQL text out. */
const COMPILE_SQL_COMMAND = "seg.compileSql";
const SQL_DIALECTS = ["postgres", "mysql", "sqlite", "duckdb"] as const;
type SqlDialect = (typeof SQL_DIALECTS)[number];
const DEFAULT_DIALECT: SqlDialect = "duckdb";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("seg.showSql", (resource?: unknown) => showCompiledSql(resource)),
  );

  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  if (!existsSync(serverModule)) {
    // A client-only build (`node build.mjs --client-only`): highlighting works, language features do not.
    void vscode.window.showWarningMessage(
      "Seg: this build of the extension has no language server (dist/server.js is missing); only syntax highlighting is available.",
    );
    return;
  }

  // The server speaks LSP over stdio; the client forks it with Node and passes `--stdio`.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: {
      module: serverModule,
      transport: TransportKind.stdio,
      options: { execArgv: ["--nolazy", "--inspect=6009"] },
    },
  };

  const segFiles = vscode.workspace.createFileSystemWatcher("**/*.seg");
  context.subscriptions.push(segFiles);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "seg" }],
    // Imported files change on disk too: the server re-checks the files that import them.
    synchronize: { fileEvents: segFiles },
    outputChannelName: "Seg Language Server",
  };

  client = new LanguageClient("seg", "Seg Language Server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`Seg: the language server did not start: ${messageOf(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

/** Compiles a .seg document through the server and shows the SQL in a new untitled `sql` document. */
async function showCompiledSql(resource: unknown): Promise<void> {
  // From the editor's context menu VS Code passes the document's URI; from the palette nothing.
  const document =
    resource instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(resource)
      : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== "seg") {
    void vscode.window.showWarningMessage("Seg: open a .seg file to see its compiled SQL.");
    return;
  }
  const running = client;
  if (!running || !running.isRunning()) {
    void vscode.window.showErrorMessage("Seg: the language server is not running, so no SQL can be compiled.");
    return;
  }

  const dialect = configuredDialect(document.uri);
  let result: unknown;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Seg: compiling SQL (${dialect})` },
      () =>
        running.sendRequest(ExecuteCommandRequest.type, {
          command: COMPILE_SQL_COMMAND,
          arguments: [{ uri: running.code2ProtocolConverter.asUri(document.uri), dialect }],
        }),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Seg: could not compile ${path.basename(document.fileName)}: ${messageOf(error)}`,
    );
    return;
  }

  const sql = sqlTextOf(result);
  if (sql === undefined) {
    void vscode.window.showErrorMessage(
      `Seg: the language server returned no SQL for ${path.basename(document.fileName)}.`,
    );
    return;
  }
  const sqlDocument = await vscode.workspace.openTextDocument({ language: "sql", content: sql });
  await vscode.window.showTextDocument(sqlDocument, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

function configuredDialect(scope: vscode.Uri): SqlDialect {
  const value = vscode.workspace.getConfiguration("seg", scope).get<string>("sqlDialect", DEFAULT_DIALECT);
  return (SQL_DIALECTS as readonly string[]).includes(value) ? (value as SqlDialect) : DEFAULT_DIALECT;
}

/** The server answers with the SQL text; an object with a `sql` string is accepted as well. */
function sqlTextOf(result: unknown): string | undefined {
  if (typeof result === "string") return result;
  if (typeof result === "object" && result !== null && "sql" in result) {
    const sql = (result as { sql: unknown }).sql;
    if (typeof sql === "string") return sql;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
