import type { Command } from "commander";
import { Option } from "commander";
import { compile } from "../api/compile.js";
import { dialectNames } from "../backend/sql/dialects/index.js";
import type { SqlDialect } from "../backend/sql/literals.js";
import type { Shape } from "../backend/sql/emit.js";
import { parseParams, useColor, UsageError, writeAtomic } from "./io.js";
import { report } from "./report.js";

interface CompileFlags {
  to: "sql" | "js";
  dialect: SqlDialect;
  shape: Shape;
  segment?: string;
  asOf?: string;
  nowParam?: boolean;
  param: string[];
  out?: string;
  color: boolean;
}

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile a .seg file's segments to SQL or to a JavaScript module")
    .argument("<file>", "the .seg file")
    .addOption(new Option("--to <target>", "output language").choices(["sql", "js"]).default("sql"))
    .addOption(new Option("--dialect <dialect>", "SQL dialect").choices(dialectNames).default("duckdb"))
    .addOption(
      new Option("--shape <shape>", "flags: a row per member; members: keys of --segment; views: CREATE VIEW")
        .choices(["flags", "members", "views"])
        .default("flags"),
    )
    .option("--segment <name>", "segment (or Segmentation.Tier) for --shape members")
    .option("--as-of <timestamp>", "fix `now` to this instant (UTC)")
    .option("--now-param", "leave `now` a named parameter")
    .option(
      "--param <name=value>",
      "override a param (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("-o, --out <path>", "write to this file instead of standard output")
    .option("--no-color", "never colour the output")
    .action((file: string, opts: CompileFlags) => {
      if (opts.asOf && opts.nowParam) throw new UsageError("--as-of and --now-param cannot be used together");
      if (opts.to === "js" && opts.nowParam)
        throw new UsageError("--now-param applies to SQL; the JS module takes `now` at call time");
      if (opts.shape === "members" && !opts.segment) throw new UsageError("--shape members needs --segment NAME");
      const r = compile(file, {
        to: opts.to,
        dialect: opts.dialect,
        shape: opts.shape,
        segment: opts.segment,
        asOf: opts.asOf,
        nowParam: opts.nowParam,
        params: parseParams(opts.param),
      });
      const problems = r.diagnostics.filter((d) => d.severity !== "info");
      if (problems.length) process.stderr.write(`${report(problems, "text", useColor(opts.color))}\n`);
      if (!r.ok) {
        process.exitCode = 1;
        return;
      }
      if (opts.out) writeAtomic(opts.out, r.output);
      else process.stdout.write(r.output);
    });
}
