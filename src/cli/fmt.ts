import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { collectSegFiles } from "../api/files.js";
import { format } from "../format/format.js";
import { readStdin, useColor, UsageError, writeAtomic } from "./io.js";
import { report } from "./report.js";

export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("rewrite .seg files in the one canonical layout (only files that change are written)")
    .argument("[paths...]", "files or directories; - reads standard input and writes standard output", ["."])
    .option("--check", "write nothing; exit 1 when a file would change")
    .option("--no-color", "never colour the output")
    .action((paths: string[], opts: { check?: boolean; color: boolean }) => {
      if (paths.includes("-")) {
        const text = readStdin();
        const r = format(text, "<stdin>");
        if (!r.ok) {
          process.stderr.write(
            `${report(r.diagnostics, "text", useColor(opts.color), new Map([["<stdin>", text]]))}\n`,
          );
          process.exitCode = 1;
          return;
        }
        if (opts.check) process.exitCode = r.changed ? 1 : 0;
        else process.stdout.write(r.text);
        return;
      }
      const found = collectSegFiles(paths);
      if (found.missing.length) throw new UsageError(`no such file or directory: ${found.missing.join(", ")}`);
      let failed = false;
      let changed = 0;
      for (const file of found.files) {
        const text = readFileSync(file, "utf8");
        const r = format(text, file);
        const name = relative(process.cwd(), file) || file;
        if (!r.ok) {
          process.stderr.write(
            `${report(r.diagnostics, "text", useColor(opts.color))}\n${name}: not formatted (fix the syntax errors first)\n`,
          );
          failed = true;
          continue;
        }
        if (!r.changed) continue;
        changed++;
        if (opts.check) process.stdout.write(`${name}\n`);
        else writeAtomic(file, r.text);
      }
      if (opts.check && changed)
        process.stderr.write(`${changed} file${changed === 1 ? "" : "s"} would be reformatted\n`);
      process.exitCode = failed || (opts.check && changed > 0) ? 1 : 0;
    });
}
