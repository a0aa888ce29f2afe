// `seg fmt` as a library function: parse, refuse files with syntax errors, print the
// canonical layout, and check that the result parses back to the same tree.
import { codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comment, SegFile } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import { printFile } from "./print.js";
import { sameTree } from "./same-tree.js";

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Formats one file. A file with syntax errors is returned untouched as its diagnostics:
 * guessing a layout around broken code could lose what the user typed. Never throws.
 */
export function format(text: string, file = "<input>"): FormatResult {
  try {
    const parsed = parse(text, file);
    if (parsed.diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics: parsed.diagnostics };
    const out = printFile(parsed.file, parsed.comments, text);
    // The printer only moves whitespace and comments; check it, so a printer bug can
    // never silently change what a file means.
    const again = parse(out, file);
    if (again.diagnostics.some((d) => d.severity === "error") || !sameTree(parsed, again)) {
      return internalError(file, "the formatted text would not mean the same as the original");
    }
    return { ok: true, text: out, changed: out !== text };
  } catch (e) {
    return internalError(file, e instanceof Error ? e.message : String(e));
  }
}

/** The canonical text of an already parsed, error-free file (for the language server). */
export function formatAst(file: SegFile, comments: readonly Comment[], source: string): string {
  return printFile(file, comments, source);
}

function internalError(file: string, detail: string): FormatResult {
  // The code is the contract (SEG109, an internal error); the message says which stage failed.
  return {
    ok: false,
    diagnostics: [
      {
        code: codes["internal-error"].code,
        name: "internal-error",
        severity: "error",
        message: `internal error in the formatter, please report it: ${detail}; the file was left unchanged`,
        file,
        span: { start: 0, end: 0 },
        fixes: [],
      },
    ],
  };
}
