import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  checkSqlText,
  literalStyles,
  mysqlLiterals,
  postgresLiterals,
  sqlDialects,
  sqliteLiterals,
  duckdbLiterals,
  SqlLiteralError,
  unwrapSql,
  type Encoded,
  type LiteralStyle,
} from "../../../src/backend/sql/literals.js";
import { asBoolean, describeEngines, type Engine, type EngineSession, type TableData } from "../../support/engines.js";

const LONG = Array.from({ length: 20_000 }, (_, i) => ["ab", "'", "\\", "é", "😀", "\n", "%_", '"'][i % 8]).join("");

/** The adversarial corpus: every entry must come back byte-exact on every engine. */
const CORPUS: readonly string[] = [
  "",
  " ",
  "plain ascii",
  "'",
  "''",
  "'''",
  '"',
  '""',
  "it's",
  'say "hi"',
  "\\",
  "\\\\",
  "a\\",
  "trailing backslash \\",
  "\\'",
  "\\\\'",
  "'\\",
  "\\''",
  "\\0",
  "\\Z",
  "\\n",
  "\\x41",
  "\\u0041",
  "\\%",
  "\\_",
  "%",
  "_",
  "50%_off",
  "a%b_c",
  "\n",
  "\r\n",
  "\r",
  "\t",
  "line one\nline two\r\nline three",
  "\u0001\u0002\u001b\u007f",
  "\b\f\v",
  "\u0085",
  "\u009f",
  "\u00a0",
  "'; DROP TABLE sentinel; --",
  "'); DROP TABLE sentinel; --",
  "\\'; DROP TABLE sentinel; --",
  "\\''; DROP TABLE sentinel; --",
  "'; INSERT INTO log VALUES (999, 'injected'); --",
  "\\'); INSERT INTO log VALUES (998, 'injected'); -- ",
  "\\'); DROP TABLE sentinel; -- ",
  "/* */",
  "*/ DROP TABLE sentinel; /*",
  "--",
  "-- comment\n",
  "#",
  "`",
  "``",
  "$1",
  "?",
  ":name",
  "$$",
  "$tag$ x $tag$",
  "E'x'",
  "X'41'",
  "_utf8mb4'x'",
  "N'x'",
  "NULL",
  "é",
  "ß",
  "中文",
  "😀",
  "👩‍👩‍👧",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\uffff",
  "\u{10ffff}",
  "Ω≈ç√∫",
  "  leading and trailing  ",
  "trailing spaces   ",
  LONG,
];

describe("literal encoders (text)", () => {
  it("encodes each dialect as documented", () => {
    const s = (style: LiteralStyle, value: string): string => unwrapSql(style.string(value));
    expect(s(postgresLiterals, "it's")).toBe("'it''s'");
    expect(s(postgresLiterals, "a\\b'c")).toBe("E'a\\\\b''c'");
    expect(s(postgresLiterals, "x\ny\r\tz\u0001\u007f\u0085")).toBe("E'x\\ny\\r\\tz\\x01\\x7F\\u0085'");
    expect(s(postgresLiterals, "é😀\u2028")).toBe("'é😀\u2028'");
    expect(s(mysqlLiterals, 'plain "ascii" %_')).toBe("_utf8mb4'plain \"ascii\" %_'");
    expect(s(mysqlLiterals, "a\\b")).toBe("_utf8mb4 X'615C62'");
    expect(s(mysqlLiterals, "it's")).toBe("_utf8mb4 X'69742773'");
    expect(s(mysqlLiterals, "é")).toBe("_utf8mb4 X'C3A9'");
    expect(s(mysqlLiterals, "\n")).toBe("_utf8mb4 X'0A'");
    expect(s(mysqlLiterals, "")).toBe("_utf8mb4''");
    expect(s(sqliteLiterals, "a\\b'c\n")).toBe("'a\\b''c\n'");
    expect(s(duckdbLiterals, "a\\b'c\n")).toBe("'a\\b''c\n'");
  });

  it("quotes identifiers and splits table names on the dot", () => {
    expect(unwrapSql(postgresLiterals.identifier('a"b'))).toBe('"a""b"');
    expect(unwrapSql(mysqlLiterals.identifier("a`b"))).toBe("`a``b`");
    expect(unwrapSql(sqliteLiterals.identifier("a`b"))).toBe('"a`b"');
    expect(unwrapSql(duckdbLiterals.table("analytics.orders"))).toBe('"analytics"."orders"');
    expect(unwrapSql(mysqlLiterals.table("analytics.orders"))).toBe("`analytics`.`orders`");
    expect(unwrapSql(postgresLiterals.table("orders"))).toBe('"orders"');
    expect(unwrapSql(postgresLiterals.table(["my.schema", "or.ders"]))).toBe('"my.schema"."or.ders"');
    for (const bad of ["", ".orders", "analytics.", "a..b", "a.b.c"]) {
      expect(rejection(postgresLiterals.table(bad))).toBe(bad === "" ? "invalid-table-name" : "invalid-table-name");
    }
    expect(rejection(postgresLiterals.table([]))).toBe("invalid-table-name");
  });

  it("refuses NUL, lone surrogates and names an engine cannot keep", () => {
    for (const dialect of sqlDialects) {
      const style = literalStyles[dialect];
      expect(rejection(style.string("a\u0000b"))).toBe("nul-character");
      expect(rejection(style.string("\ud800"))).toBe("lone-surrogate");
      expect(rejection(style.string("x\udc00"))).toBe("lone-surrogate");
      expect(rejection(style.string("\udc00\ud800"))).toBe("lone-surrogate");
      expect(rejection(style.identifier(""))).toBe("empty-identifier");
      expect(rejection(style.identifier("a\u0000"))).toBe("nul-character");
      expect(rejection(style.table("ok.\ud800"))).toBe("lone-surrogate");
      expect(style.string("😀").ok).toBe(true);
    }
    expect(checkSqlText("a\u0000")).toMatchObject({ code: "nul-character", index: 1 });
    expect(checkSqlText("ok 😀")).toBeUndefined();
    expect(rejection(postgresLiterals.identifier("x".repeat(64)))).toBe("identifier-too-long");
    expect(postgresLiterals.identifier("x".repeat(63)).ok).toBe(true);
    expect(rejection(postgresLiterals.identifier("é".repeat(32)))).toBe("identifier-too-long");
    expect(rejection(mysqlLiterals.identifier("😀"))).toBe("unsupported-identifier-character");
    expect(duckdbLiterals.identifier("😀").ok).toBe(true);
  });

  it("encodes numbers, decimals and booleans, refusing non-finite numbers", () => {
    const n = (value: number | bigint): string => unwrapSql(postgresLiterals.number(value));
    expect(n(42)).toBe("42");
    expect(n(-5)).toBe("(-5)");
    expect(n(-0)).toBe("0");
    expect(n(0.1)).toBe("0.1");
    expect(n(1e21)).toBe("1e+21");
    expect(n(9007199254740993n)).toBe("9007199254740993");
    expect(n(-(2n ** 63n))).toBe("(-9223372036854775808)");
    expect(rejection(postgresLiterals.number(2n ** 63n))).toBe("integer-out-of-range");
    for (const bad of [NaN, Infinity, -Infinity])
      expect(rejection(mysqlLiterals.number(bad))).toBe("non-finite-number");
    const d = (text: string): string => unwrapSql(mysqlLiterals.decimal(text));
    expect(d("12.50")).toBe("12.50");
    expect(d("-0.5")).toBe("(-0.5)");
    expect(d("+.5")).toBe("0.5");
    expect(d("007.")).toBe("7");
    for (const bad of ["", "-", ".", "1e5", "1.2.3", "12,5", " 1"])
      expect(rejection(mysqlLiterals.decimal(bad))).toBe("invalid-decimal");
    expect(postgresLiterals.boolean(true)).toBe("TRUE");
    expect(sqliteLiterals.boolean(false)).toBe("0");
  });

  it("throws a SqlLiteralError only through unwrapSql", () => {
    expect(() => unwrapSql(postgresLiterals.string("\u0000"))).toThrow(SqlLiteralError);
    expect(() => postgresLiterals.string("\u0000")).not.toThrow();
  });
});

function rejection(encoded: Encoded): string | undefined {
  return encoded.ok ? undefined : encoded.reason.code;
}

// ---------------------------------------------------------------------------
// Round trips on every engine

/** `SELECT <literal> AS v, <literal> = <bound parameter> AS eq`, compared byte for byte. */
async function roundTrip(engine: Engine, session: EngineSession, value: string): Promise<void> {
  const literal = unwrapSql(literalStyles[engine.dialect].string(value));
  const param = engine.placeholder(1);
  // MariaDB's default collation is case- and accent-insensitive; compare the bytes.
  const equal =
    engine.dialect === "mysql" ? `CAST(${literal} AS BINARY) = CAST(${param} AS BINARY)` : `${literal} = ${param}`;
  const rows = await session.query(`SELECT ${literal} AS v, ${equal} AS eq`, [value]);
  expect(rows, JSON.stringify(value)).toHaveLength(1);
  expect(rows[0]!["v"], JSON.stringify(value)).toBe(value);
  expect(asBoolean(rows[0]!["eq"] ?? null), JSON.stringify(value)).toBe(true);
}

const TRICKY = ["'", '"', "\\", "`", "\n", "\r", "\t", "\u0001", "\u007f", "%", "_", "-", "/", "*", ";", "$", "?"];
const trickyUnits = fc.constantFrom(...TRICKY, "a", " ", "é", "ß", "中", "😀", "\u2028", "\u0085", "0", "x", "N", "E");
const anyText = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: trickyUnits, maxLength: 40 }),
    fc.string({ unit: "binary-ascii", maxLength: 40 }),
  )
  .filter((s) => checkSqlText(s) === undefined);

const SENTINEL: TableData = {
  name: "sentinel",
  columns: [
    { name: "id", type: "int", nullable: false },
    { name: "label", type: "string", nullable: false },
  ],
  rows: [
    { id: 1, label: "one" },
    { id: 2, label: "two" },
    { id: 3, label: "three" },
  ],
};

const LOG: TableData = {
  name: "log",
  columns: [
    { name: "i", type: "int", nullable: false },
    { name: "v", type: "string", nullable: true },
  ],
  rows: [],
};

/** Session settings under which literals must still mean the same thing. */
const MODES: Record<string, readonly { name: string; set: string; reset: string }[]> = {
  postgres: [
    {
      name: "standard_conforming_strings = off, backslash_quote = off",
      set: "SET standard_conforming_strings = off; SET escape_string_warning = off; SET backslash_quote = off",
      reset: "RESET standard_conforming_strings; RESET escape_string_warning; RESET backslash_quote",
    },
  ],
  mysql: [
    {
      name: "sql_mode = NO_BACKSLASH_ESCAPES",
      set: "SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'",
      reset: "SET SESSION sql_mode = DEFAULT",
    },
    {
      name: "sql_mode = ANSI,NO_BACKSLASH_ESCAPES",
      set: "SET SESSION sql_mode = 'ANSI,NO_BACKSLASH_ESCAPES'",
      reset: "SET SESSION sql_mode = DEFAULT",
    },
  ],
};

describeEngines("literal round trip", ({ engine, session }) => {
  const style = literalStyles[engine.dialect];
  const modes = [{ name: "default settings", set: "", reset: "" }, ...(MODES[engine.dialect] ?? [])];

  for (const mode of modes) {
    describe(mode.name, () => {
      it("returns every corpus string byte-exact and equal to the bound parameter", async () => {
        if (mode.set) await session().exec(mode.set);
        try {
          for (const value of CORPUS) await roundTrip(engine, session(), value);
        } finally {
          if (mode.reset) await session().exec(mode.reset);
        }
      });

      it("round-trips arbitrary strings (property)", async () => {
        if (mode.set) await session().exec(mode.set);
        try {
          await fc.assert(
            fc.asyncProperty(anyText, (value) => roundTrip(engine, session(), value)),
            { numRuns: mode.set ? 60 : 150 },
          );
        } finally {
          if (mode.reset) await session().exec(mode.reset);
        }
      });

      it("runs nothing but the literal when a script embeds it (injection)", async () => {
        const s = session();
        const sentinel = unwrapSql(style.table(SENTINEL.name));
        const log = unwrapSql(style.table(LOG.name));
        await s.load([SENTINEL, LOG]);
        try {
          const failures: string[] = [];
          if (mode.set) await s.exec(mode.set);
          try {
            // exec() runs whole scripts, so a literal that ended early would run the rest.
            // Errors are collected so that every attempt runs before the checks below.
            for (const [i, value] of CORPUS.entries()) {
              try {
                await s.exec(`INSERT INTO ${log} VALUES (${i}, ${unwrapSql(style.string(value))})`);
              } catch (error) {
                failures.push(`${JSON.stringify(value)}: ${(error as Error).message}`);
              }
            }
          } finally {
            if (mode.reset) await s.exec(mode.reset);
          }
          expect(await s.query(`SELECT id, label FROM ${sentinel} ORDER BY id`)).toEqual(SENTINEL.rows);
          const logged = await s.query(`SELECT i, v FROM ${log} ORDER BY i`);
          expect(logged.map((row) => row["v"])).toEqual([...CORPUS]);
          expect(failures).toEqual([]);
        } finally {
          await s.exec(`DROP TABLE IF EXISTS ${log}; DROP TABLE IF EXISTS ${sentinel}`);
        }
      });
    });
  }

  it("round-trips identifiers with quotes, backticks and spaces", async () => {
    const names = ['a"b', "a`b", "a'b", "with space", "é中", "--x", "a.b", "1st", "select", "Mixed Case", "a\\b"];
    for (const name of names) {
      const rows = await session().query(`SELECT 1 AS ${unwrapSql(style.identifier(name))}`);
      expect(Object.keys(rows[0]!), name).toEqual([name]);
    }
    const table: TableData = {
      name: 'odd "table`name',
      columns: names.map((name) => ({ name, type: "string" as const, nullable: false })),
      rows: [Object.fromEntries(names.map((name) => [name, `value of ${name}`]))],
    };
    await session().load([table]);
    const rows = await session().query(`SELECT * FROM ${unwrapSql(style.table(table.name))}`);
    expect(rows).toEqual(table.rows);
    const column = unwrapSql(style.identifier('a"b'));
    const picked = await session().query(`SELECT ${column} FROM ${unwrapSql(style.table(table.name))}`);
    expect(picked).toEqual([{ 'a"b': 'value of a"b' }]);
  });
});
