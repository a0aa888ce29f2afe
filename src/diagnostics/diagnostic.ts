import type { Span } from "../syntax/ast.js";

export type Severity = "error" | "warning" | "info";

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A machine-applicable fix; every edit is in the diagnostic's own file. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absolute path or URI of the file the span is in. */
  readonly file: string;
  readonly span: Span;
  readonly fixes: readonly Fix[];
}
