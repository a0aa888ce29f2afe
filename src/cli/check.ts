import type { Command } from "commander";
import { Option } from "commander";
import { check, overlayHost } from "../api/check.js";
import { collectSegFiles } from "../api/files.js";
import { readStdin, useColor, UsageError } from "./io.js";
import { report, type ReportFormat } from "./report.js";

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("parse and typecheck .seg files; exit 0 without errors, 1 with errors, 2 on a usage error")
    .argument("[paths...]", "files or directories (searched recursively for *.seg); - for standard input", ["."])
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json", "sarif", "github"]).default("text"),
    )
    .option("--no-color", "never colour the output")
    .action((paths: string[], opts: { format: ReportFormat; color: boolean }) => {
      const texts = new Map<string, string>();
      let files: string[];
      let host;
      if (paths.includes("-")) {
        const file = `${process.cwd()}/<stdin>.seg`;
        texts.set(file, readStdin());
        host = overlayHost(Object.fromEntries(texts));
        files = [file];
      } else {
        const found = collectSegFiles(paths);
        if (found.missing.length) throw new UsageError(`no such file or directory: ${found.missing.join(", ")}`);
        files = found.files;
      }
      const result = check(files, { host });
      const out = report(result.diagnostics, opts.format, useColor(opts.color), texts);
      if (out) process.stdout.write(`${out}\n`);
      if (opts.format === "text") {
        const summary = `${files.length} file${files.length === 1 ? "" : "s"} checked: ${result.errors} error${result.errors === 1 ? "" : "s"}, ${result.warnings} warning${result.warnings === 1 ? "" : "s"}`;
        process.stderr.write(`${summary}\n`);
      }
      process.exitCode = result.errors > 0 ? 1 : 0;
    });
}
