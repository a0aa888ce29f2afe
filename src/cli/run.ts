import type { Command } from "commander";
import { Option } from "commander";
import { DataError } from "../run/errors.js";
import type { ExplainNode } from "../run/explain.js";
import { outFormat } from "../run/out-format.js";
import { progressFor } from "../run/progress.js";
import { formatRunJson, formatRunText } from "../run/report.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { parseParams, useColor, UsageError } from "./io.js";
import { report } from "./report.js";

interface DataFlags {
  data: string;
  asOf?: string;
  param: string[];
  format: "text" | "json";
  color: boolean;
}

const collect = (v: string, acc: string[]): string[] => [...acc, v];

function dataOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--data <dir>", "folder with one <table>.csv or <table>.parquet per declared table")
    .option("--as-of <timestamp>", "evaluate as of this instant (UTC); default: now")
    .option("--param <name=value>", "override a param (repeatable)", collect, [] as string[])
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--no-color", "never colour the output");
}

/** Diagnostics to stderr; true when they stop the command. */
function reportProblems(diagnostics: readonly Diagnostic[], ok: boolean, color: boolean): boolean {
  const problems = diagnostics.filter((d) => d.severity !== "info");
  if (problems.length) process.stderr.write(`${report(problems, "text", useColor(color) && !!process.stderr.isTTY)}\n`);
  if (!ok) process.exitCode = 1;
  return !ok;
}

/** Bad data is the user's to fix: its message alone, exit 1. Anything else is a bug and propagates. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    process.stderr.write(`seg: ${e.message}\n`);
    process.exitCode = 1;
  }
}

function explainJson(
  n: ExplainNode,
  formatValue: (typeof import("../run/explain.js"))["formatValue"],
): Record<string, unknown> {
  return {
    label: n.label,
    ...(n.value === undefined
      ? {}
      : { value: typeof n.value === "boolean" || n.value === null ? n.value : formatValue(n.value, n.type) }),
    ...(n.note ? { note: n.note } : {}),
    children: n.children.map((c) => explainJson(c, formatValue)),
  };
}

export function registerRun(program: Command): void {
  dataOptions(
    program
      .command("run")
      .description("evaluate a .seg file's segments on local CSV or Parquet data (embedded DuckDB) and summarise them")
      .argument("<file>", "the .seg file"),
  )
    .option(
      "-o, --out <file>",
      "write one row per member (key, a column per segment and segmentation) to a .csv or .parquet file",
    )
    .action(async (file: string, opts: DataFlags & { out?: string }) => {
      if (opts.out !== undefined && !outFormat(opts.out))
        throw new UsageError(`--out ${opts.out}: the file name must end in .csv or .parquet`);
      await guarded(async () => {
        // Loaded on use: DuckDB's native module takes half a second, which other commands need not pay.
        const { runSegments } = await import("../run/run.js");
        const r = await runSegments(file, {
          dataDir: opts.data,
          asOf: opts.asOf,
          params: parseParams(opts.param),
          out: opts.out,
          progress: progressFor(process.stderr),
        });
        if (reportProblems(r.diagnostics, r.ok, opts.color) || !r.ok) return;
        process.stdout.write(opts.format === "json" ? formatRunJson(r) : formatRunText(r, file));
      });
    });

  dataOptions(
    program
      .command("explain")
      .description("show why one member is in or out of a segment (or has its tier): every condition with its value")
      .argument("<file>", "the .seg file")
      .argument("<segment>", "a segment, a segmentation, or Segmentation.Tier")
      .requiredOption("--member <key>", "the member's key"),
  ).action(async (file: string, segment: string, opts: DataFlags & { member: string }) => {
    await guarded(async () => {
      const { explain, formatExplain, formatValue } = await import("../run/explain.js");
      const r = await explain(file, segment, {
        dataDir: opts.data,
        asOf: opts.asOf,
        params: parseParams(opts.param),
        member: opts.member,
        progress: progressFor(process.stderr),
      });
      if (reportProblems(r.diagnostics, r.ok, opts.color) || !r.ok) return;
      if (opts.format === "json") {
        const { tree, diagnostics: _d, ok: _o, ...rest } = r;
        process.stdout.write(
          `${JSON.stringify({ ...rest, tree: tree.children.map((c) => explainJson(c, formatValue)) }, null, 2)}\n`,
        );
      } else process.stdout.write(formatExplain(r, useColor(opts.color)));
    });
  });
}
