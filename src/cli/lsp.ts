import type { Command } from "commander";

export function registerLsp(program: Command): void {
  program
    .command("lsp")
    .description("start the Seg language server (LSP over standard input and output)")
    .option("--stdio", "talk LSP over standard input and output (the only transport)")
    // Editors add their own flags (e.g. --clientProcessId=123); the server reads what it knows.
    .allowUnknownOption()
    .action(async () => {
      // Imported only here, so that the other commands never load the language server.
      const { startServer } = await import("../../lsp/src/server.js");
      startServer();
    });
}
