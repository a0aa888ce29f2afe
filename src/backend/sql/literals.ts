/**
 * SQL literal and identifier encoders, one per dialect.
 *
 * The compiler emits standalone SQL text (no bind parameters), so every value and
 * name it writes goes through one of these encoders. We own them instead of using
 * kysely's `sql.lit`, whose base compiler only doubles `'` (unsafe wherever a
 * backslash escapes) and which emits NaN/Infinity raw.
 *
 * Error contract: no encoder ever throws. Each returns an {@link Encoded} result,
 * `{ ok: true, sql }` or `{ ok: false, reason }` with a typed {@link LiteralRejection},
 * so the compiler can turn a refusal into a diagnostic. {@link checkSqlText} lets the
 * checker reject a bad string before emission; {@link unwrapSql} is for callers that
 * already validated and treat a refusal as a bug (it throws {@link SqlLiteralError}).
 *
 * Rules per dialect (tested by round trip on every engine in
 * tests/backend/sql/literals.test.ts):
 * - postgres: `'…'` with `''` doubling; a value holding a backslash or a control
 *   character (Unicode Cc: U+0001–U+001F, U+007F–U+009F) becomes `E'…'` with `\\`, `''`
 *   and escaped control characters, which reads the same whatever
 *   `standard_conforming_strings` is. Quotes stay doubled inside `E'…'` because `\'`
 *   is refused when `backslash_quote = off`.
 * - mysql (MySQL 8 and MariaDB): plain printable ASCII without `\` or `'` is
 *   `_utf8mb4'…'`; anything else is a hex literal with an introducer,
 *   `_utf8mb4 X'…'`, which means the same in every `sql_mode` (NO_BACKSLASH_ESCAPES,
 *   ANSI_QUOTES) and every connection character set. The introducer also makes a
 *   following `COLLATE utf8mb4_…` valid whatever the connection charset is.
 * - sqlite, duckdb: `'…'` with `''` doubling; a backslash is an ordinary character.
 * - Identifiers: `"…"` with `""` doubling (postgres, sqlite, duckdb), backticks with
 *   doubled backticks (mysql).
 * - Everywhere: NUL (U+0000) and lone UTF-16 surrogates are refused; no engine can
 *   store the first and the second is not text.
 * - Identifier limits that would otherwise change meaning silently or fail late:
 *   PostgreSQL truncates names over 63 bytes (refused here); MySQL/MariaDB identifiers
 *   cannot hold characters outside the BMP (refused here).
 * - Numbers: a negative value is parenthesised, `(-5)`, so `a -` followed by it can
 *   never read as a `--` comment. Literals carry no type: `1.5` is numeric on
 *   PostgreSQL, DECIMAL on MySQL and DuckDB and REAL on SQLite; a dialect that needs a
 *   type wraps the literal in its own CAST.
 */

export type SqlDialect = "postgres" | "mysql" | "sqlite" | "duckdb";

export const sqlDialects: readonly SqlDialect[] = ["postgres", "mysql", "sqlite", "duckdb"];

export type LiteralRejection =
  | { readonly code: "nul-character"; readonly index: number; readonly message: string }
  | { readonly code: "lone-surrogate"; readonly index: number; readonly message: string }
  | { readonly code: "non-finite-number"; readonly message: string }
  | { readonly code: "integer-out-of-range"; readonly message: string }
  | { readonly code: "invalid-decimal"; readonly message: string }
  | { readonly code: "empty-identifier"; readonly message: string }
  | { readonly code: "identifier-too-long"; readonly message: string }
  | { readonly code: "unsupported-identifier-character"; readonly index: number; readonly message: string }
  | { readonly code: "invalid-table-name"; readonly message: string };

export type Encoded =
  { readonly ok: true; readonly sql: string } | { readonly ok: false; readonly reason: LiteralRejection };

export interface LiteralStyle {
  readonly dialect: SqlDialect;
  /** A string literal that evaluates to exactly `value`. */
  string(value: string): Encoded;
  /** A quoted identifier (column, alias, schema or table name part). */
  identifier(name: string): Encoded;
  /**
   * A table reference. A string is split on every `.`: `"orders"` is a table and
   * `"analytics.orders"` is schema `analytics`, table `orders` (on MySQL the schema is a
   * database; on SQLite an attached database). A name whose parts themselves contain a
   * dot is passed as an array of parts: `["my.schema", "orders"]`. One or two parts.
   */
  table(qualifiedName: string | readonly string[]): Encoded;
  /** A number: integers as digits, others in JS's shortest round-trip form; NaN/±Infinity refused. */
  number(value: number | bigint): Encoded;
  /** An exact decimal written as text (`"12.50"`, `"-0.5"`), emitted digit for digit. */
  decimal(text: string): Encoded;
  boolean(value: boolean): string;
}

export class SqlLiteralError extends Error {
  constructor(readonly reason: LiteralRejection) {
    super(reason.message);
    this.name = "SqlLiteralError";
  }
}

/** The SQL of an encoding known to succeed; a refusal here is a bug, so it throws. */
export function unwrapSql(encoded: Encoded): string {
  if (!encoded.ok) throw new SqlLiteralError(encoded.reason);
  return encoded.sql;
}

const ok = (sql: string): Encoded => ({ ok: true, sql });
const refuse = (reason: LiteralRejection): Encoded => ({ ok: false, reason });

/** Finds the first NUL or lone surrogate; `undefined` when every engine can hold `text`. */
export function checkSqlText(text: string): LiteralRejection | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) {
      return {
        code: "nul-character",
        index: i,
        message: `NUL character (U+0000) at index ${i} cannot be stored in SQL`,
      };
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return loneSurrogate(i, unit);
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return loneSurrogate(i, unit);
  }
  return undefined;
}

function loneSurrogate(index: number, unit: number): LiteralRejection {
  const hex = unit.toString(16).toUpperCase();
  return { code: "lone-surrogate", index, message: `lone UTF-16 surrogate U+${hex} at index ${index} is not text` };
}

// Unicode Cc: C0 controls, DEL and C1 controls.
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isControl(value.charCodeAt(i))) return true;
  return false;
}

function hex2(code: number): string {
  return code.toString(16).toUpperCase().padStart(2, "0");
}

function postgresString(value: string): string {
  if (!value.includes("\\") && !hasControl(value)) return `'${value.replaceAll("'", "''")}'`;
  let body = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") body += "\\\\";
    else if (ch === "'") body += "''";
    else if (ch === "\n") body += "\\n";
    else if (ch === "\r") body += "\\r";
    else if (ch === "\t") body += "\\t";
    else if (ch === "\b") body += "\\b";
    else if (ch === "\f") body += "\\f";
    // Two hex digits always, so a following hex-looking character is not absorbed.
    else if (code < 0x20 || code === 0x7f) body += `\\x${hex2(code)}`;
    // C1 controls are not single bytes in UTF-8, so they need the code point escape.
    else if (code >= 0x80 && code <= 0x9f) body += `\\u00${hex2(code)}`;
    else body += ch;
  }
  return `E'${body}'`;
}

const utf8 = new TextEncoder();

const MYSQL_PLAIN = /^[\u0020-\u007e]*$/;

function mysqlString(value: string): string {
  if (MYSQL_PLAIN.test(value) && !value.includes("\\") && !value.includes("'")) return `_utf8mb4'${value}'`;
  // The space before X is required: `_utf8mb4X'..'` would lex as an identifier.
  let hex = "";
  for (const byte of utf8.encode(value)) hex += hex2(byte);
  return `_utf8mb4 X'${hex}'`;
}

function doubledString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

// PostgreSQL silently truncates longer names (NAMEDATALEN - 1), which would merge distinct names.
const POSTGRES_MAX_IDENTIFIER_BYTES = 63;

function checkIdentifier(dialect: SqlDialect, name: string): LiteralRejection | undefined {
  if (name.length === 0) return { code: "empty-identifier", message: "an identifier cannot be empty" };
  const text = checkSqlText(name);
  if (text) return text;
  if (dialect === "postgres" && utf8.encode(name).length > POSTGRES_MAX_IDENTIFIER_BYTES) {
    return {
      code: "identifier-too-long",
      message: `PostgreSQL truncates identifiers longer than ${POSTGRES_MAX_IDENTIFIER_BYTES} bytes: "${name}"`,
    };
  }
  if (dialect === "mysql") {
    // MySQL/MariaDB identifiers are limited to the Basic Multilingual Plane (measured: an emoji is refused).
    for (let i = 0; i < name.length; i++) {
      const unit = name.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdfff) {
        return {
          code: "unsupported-identifier-character",
          index: i,
          message: `MySQL identifiers cannot hold characters outside the Basic Multilingual Plane (index ${i})`,
        };
      }
    }
  }
  return undefined;
}

function quoteWith(quote: string, name: string): string {
  return `${quote}${name.replaceAll(quote, quote + quote)}${quote}`;
}

function formatNumber(value: number | bigint): Encoded {
  if (typeof value === "bigint") {
    // Int64 is the language's integer; a wider literal would silently become REAL on SQLite.
    if (value < -(2n ** 63n) || value >= 2n ** 63n) {
      return refuse({ code: "integer-out-of-range", message: `${value} does not fit in a 64-bit integer` });
    }
    return ok(value < 0n ? `(${value})` : `${value}`);
  }
  if (!Number.isFinite(value)) {
    return refuse({ code: "non-finite-number", message: `${value} has no SQL literal` });
  }
  const text = String(value === 0 ? 0 : value); // drops the sign of -0
  // Parenthesised so that `a -` followed by a negative literal can never read as a `--` comment.
  return ok(value < 0 ? `(${text})` : text);
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function formatDecimal(text: string): Encoded {
  const match = DECIMAL.exec(text);
  const whole = match?.[2] ?? "";
  const fraction = match?.[3] ?? "";
  if (!match || (whole === "" && fraction === "")) {
    return refuse({ code: "invalid-decimal", message: `"${text}" is not a decimal number` });
  }
  const digits = `${whole === "" ? "0" : whole.replace(/^0+(?=\d)/, "")}${fraction === "" ? "" : `.${fraction}`}`;
  return ok(match[1] === "-" ? `(-${digits})` : digits);
}

function makeStyle(
  dialect: SqlDialect,
  encodeString: (value: string) => string,
  quote: string,
  booleans: readonly [string, string],
): LiteralStyle {
  const identifier = (name: string): Encoded => {
    const bad = checkIdentifier(dialect, name);
    return bad ? refuse(bad) : ok(quoteWith(quote, name));
  };
  return {
    dialect,
    string(value) {
      const bad = checkSqlText(value);
      return bad ? refuse(bad) : ok(encodeString(value));
    },
    identifier,
    table(qualifiedName) {
      const parts = typeof qualifiedName === "string" ? qualifiedName.split(".") : [...qualifiedName];
      if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === "")) {
        const shown = typeof qualifiedName === "string" ? qualifiedName : qualifiedName.join(" . ");
        return refuse({
          code: "invalid-table-name",
          message: `"${shown}" is not a table name: expected "table" or "schema.table"`,
        });
      }
      const quoted: string[] = [];
      for (const part of parts) {
        const encoded = identifier(part);
        if (!encoded.ok) return encoded;
        quoted.push(encoded.sql);
      }
      return ok(quoted.join("."));
    },
    number: formatNumber,
    decimal: formatDecimal,
    boolean: (value) => (value ? booleans[0] : booleans[1]),
  };
}

export const postgresLiterals: LiteralStyle = makeStyle("postgres", postgresString, '"', ["TRUE", "FALSE"]);
export const mysqlLiterals: LiteralStyle = makeStyle("mysql", mysqlString, "`", ["TRUE", "FALSE"]);
// SQLite stores booleans as 0/1; TRUE/FALSE keywords only exist since 3.23.
export const sqliteLiterals: LiteralStyle = makeStyle("sqlite", doubledString, '"', ["1", "0"]);
export const duckdbLiterals: LiteralStyle = makeStyle("duckdb", doubledString, '"', ["TRUE", "FALSE"]);

export const literalStyles: Readonly<Record<SqlDialect, LiteralStyle>> = {
  postgres: postgresLiterals,
  mysql: mysqlLiterals,
  sqlite: sqliteLiterals,
  duckdb: duckdbLiterals,
};
