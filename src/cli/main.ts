#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { registerCheck } from "./check.js";
import { registerCompile } from "./compile.js";
import { registerFmt } from "./fmt.js";
import { registerRun } from "./run.js";
import { registerLsp } from "./lsp.js";
import { UsageError } from "./io.js";
import { VERSION } from "./version.js";

const program = new Command()
  .name("seg")
  .description("Seg: typed, testable customer segments compiled to SQL and JavaScript")
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerCheck(program);
registerFmt(program);
registerCompile(program);
registerRun(program);
registerLsp(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; every other commander error is a usage error.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof UsageError) {
    process.stderr.write(`seg: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`seg: ${err.code ? `${err.code}: ` : ""}${err.message}\n`);
    process.exitCode = 2;
  }
}
