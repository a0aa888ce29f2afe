// The library: everything the CLI and the language server do is a typed function here first.
export { check, overlayHost, type CheckOptions, type CheckResult } from "./api/check.js";
export { compile, type CompileOptions, type CompileResult } from "./api/compile.js";
export { collectSegFiles } from "./api/files.js";
export { format, type FormatResult } from "./format/format.js";
export { parse, type ParseResult } from "./syntax/parse.js";
export type { Diagnostic, Fix, Severity, TextEdit } from "./diagnostics/diagnostic.js";
export type { Plan } from "./plan/plan.js";
export { nodeHost, type Host } from "./check/workspace.js";
export { dialectNames } from "./backend/sql/dialects/index.js";
