// `seg.compileSql`: the SQL of a document for a dialect, compiled from the editor's buffers (an
// unsaved change is compiled as shown), with the compiler's errors as the error message.
import { ErrorCodes, ResponseError, type ExecuteCommandParams } from "vscode-languageserver";
import { compile } from "../../src/api/compile.js";
import { dialects } from "../../src/backend/sql/dialects/index.js";
import type { SqlDialect } from "../../src/backend/sql/literals.js";
import type { ServerState } from "./state.js";

export const COMPILE_SQL = "seg.compileSql";
export const COMMANDS = [COMPILE_SQL];

export function executeCommand(state: ServerState, params: ExecuteCommandParams): string | null {
  if (params.command !== COMPILE_SQL)
    throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${String(params.command)}`);
  const arg = (params.arguments?.[0] ?? {}) as { uri?: unknown; dialect?: unknown };
  if (typeof arg.uri !== "string")
    throw new ResponseError(ErrorCodes.InvalidParams, `${COMPILE_SQL} expects [{ uri, dialect }]`);
  const dialect = (arg.dialect ?? "duckdb") as SqlDialect;
  if (typeof dialect !== "string" || !Object.hasOwn(dialects, dialect))
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `unknown SQL dialect ${String(arg.dialect)}; expected one of ${Object.keys(dialects).join(", ")}`,
    );
  const path = state.pathOf(arg.uri);
  if (state.textOf(path) === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `cannot read ${arg.uri}`);
  let result: ReturnType<typeof compile>;
  try {
    result = compile(path, { to: "sql", dialect, host: state.host });
  } catch (e) {
    // The compiler turns user errors into diagnostics; anything thrown is a bug worth showing.
    throw new ResponseError(
      ErrorCodes.InternalError,
      `internal compiler error: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (result.ok) return result.output;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const lines = errors.slice(0, 5).map((d) => {
    const p = state.index(d.file)?.position(d.span.start);
    const where = p ? `${d.file.split(/[\\/]/).pop()}:${p.line + 1}:${p.character + 1}` : d.file;
    return `${where} ${d.code} ${d.message}`;
  });
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : "";
  throw new ResponseError(ErrorCodes.InvalidRequest, `the file has errors: ${lines.join("; ")}${more}`);
}
