import { describe, expect, it } from "vitest";

import { literalStyles, unwrapSql } from "../../src/backend/sql/literals.js";
import {
  allEngines,
  asBoolean,
  canonicalDecimal,
  canonicalTimestamp,
  describeEngines,
  type ColumnType,
  type Engine,
  type Row,
  type TableData,
} from "./engines.js";
import { prepareTable, timestampMillis } from "./engines/values.js";

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

const TYPES: TableData = {
  name: "types",
  columns: [
    { name: "id", type: "int", nullable: false },
    { name: "big", type: "int", nullable: true },
    { name: "f", type: "float", nullable: true },
    { name: "d", type: { decimal: 2 }, nullable: true },
    { name: "d0", type: { decimal: 0 }, nullable: true },
    { name: "d10", type: { decimal: 10 }, nullable: true },
    { name: "s", type: "string", nullable: true },
    { name: "b", type: "bool", nullable: true },
    { name: "dt", type: "date", nullable: true },
    { name: "ts", type: "timestamp", nullable: true },
  ],
  rows: [
    {
      id: 1,
      big: 9007199254740993n,
      f: 0.1,
      d: "12.50",
      d0: "-7",
      d10: "0.0000000001",
      s: "héllo 'x' \\ 😀",
      b: true,
      dt: "2024-02-29",
      ts: "2024-03-10T02:30:00.123Z",
    },
    {
      id: 2,
      big: MIN_INT64,
      f: -1.5e300,
      d: "-0.05",
      d0: "123456789012345678901234567890",
      d10: "-1234567.8900000000",
      s: "",
      b: false,
      dt: "1970-01-01",
      ts: "2024-01-01T00:30:00+02:00", // 2023-12-31 22:30 UTC
    },
    { id: 3 }, // every nullable column NULL
    { id: 4, big: MAX_INT64, f: 3, d: 0, d0: 5n, d10: "1", s: "Z", b: true, dt: "9999-12-31", ts: "2000-01-01 00:00" },
  ],
};

const DECLARED: Record<string, ColumnType> = Object.fromEntries(TYPES.columns.map((c) => [c.name, c.type]));

/** What every engine returns once the columns' types are declared. */
const EXPECTED: Row[] = [
  {
    id: 1,
    big: "9007199254740993",
    f: 0.1,
    d: "12.5",
    d0: "-7",
    d10: "0.0000000001",
    s: "héllo 'x' \\ 😀",
    b: true,
    dt: "2024-02-29",
    ts: "2024-03-10T02:30:00.123Z",
  },
  {
    id: 2,
    big: "-9223372036854775808",
    f: -1.5e300,
    d: "-0.05",
    d0: "123456789012345678901234567890",
    d10: "-1234567.89",
    s: "",
    b: false,
    dt: "1970-01-01",
    ts: "2023-12-31T22:30:00.000Z",
  },
  { id: 3, big: null, f: null, d: null, d0: null, d10: null, s: null, b: null, dt: null, ts: null },
  {
    id: 4,
    big: "9223372036854775807",
    f: 3,
    d: "0",
    d0: "5",
    d10: "1",
    s: "Z",
    b: true,
    dt: "9999-12-31",
    ts: "2000-01-01T00:00:00.000Z",
  },
];

/** Per-dialect SQL for the few checks that need engine functions. */
function hourOf(engine: Engine, column: string): string {
  return engine.dialect === "sqlite" ? `CAST(strftime('%H', ${column}) AS INTEGER)` : `EXTRACT(HOUR FROM ${column})`;
}

const TIME_ZONE_SQL: Partial<Record<Engine["dialect"], string>> = {
  postgres: "SELECT current_setting('TimeZone') AS tz",
  duckdb: "SELECT current_setting('TimeZone') AS tz",
  mysql: "SELECT @@session.time_zone AS tz",
};

describeEngines("engine harness", ({ engine, session }) => {
  const lit = literalStyles[engine.dialect];
  const table = (name: string): string => unwrapSql(lit.table(name));

  it("loads every column type and reads it back exactly", async () => {
    await session().load([TYPES]);
    const rows = await session().query(`SELECT * FROM ${table("types")} ORDER BY id`, [], { types: DECLARED });
    if (engine.dialect === "sqlite") {
      // NUMERIC affinity keeps about 15 significant digits: the 30-digit decimal is a float.
      expect(rows[1]!["d0"]).not.toBe(EXPECTED[1]!["d0"]);
      expect(Number(rows[1]!["d0"])).toBeCloseTo(1.2345678901234568e29, -15);
      expect(rows.map((r) => ({ ...r, d0: null }))).toEqual(EXPECTED.map((r) => ({ ...r, d0: null })));
    } else {
      expect(rows).toEqual(EXPECTED);
    }
  });

  it("normalises generically when no types are declared", async () => {
    const rows = await session().query(`SELECT id, big, d, b, dt, ts FROM ${table("types")} WHERE id = 1`);
    const row = rows[0]!;
    expect(row["id"]).toBe(1);
    expect(row["big"]).toBe("9007199254740993");
    expect(asBoolean(row["b"]!)).toBe(true);
    if (engine.dialect === "sqlite") {
      // Stored forms: REAL for decimals, 0/1 for booleans, text for dates and timestamps.
      expect(row).toEqual({
        id: 1,
        big: "9007199254740993",
        d: 12.5,
        b: 1,
        dt: "2024-02-29",
        ts: "2024-03-10 02:30:00.123",
      });
    } else {
      expect(row["d"]).toBe("12.5");
      expect(row["dt"]).toBe("2024-02-29");
      expect(row["ts"]).toBe("2024-03-10T02:30:00.123Z");
      expect(row["b"]).toBe(engine.dialect === "mysql" ? 1 : true);
    }
    const small = await session().query(`SELECT COUNT(*) AS n, SUM(id) AS total FROM ${table("types")}`);
    // SUM of a BIGINT is an exact decimal on PostgreSQL and MariaDB, so it comes back as text.
    const exactSum = engine.dialect === "mysql" || engine.dialect === "postgres";
    expect(small).toEqual([{ n: 4, total: exactSum ? "10" : 10 }]);
  });

  it("stores timestamps as UTC wall-clock time and runs in UTC", async () => {
    const rows = await session().query(`SELECT ${hourOf(engine, "ts")} AS h FROM ${table("types")} WHERE id = 2`, [], {
      types: { h: "int" },
    });
    expect(rows).toEqual([{ h: 22 }]);
    const sql = TIME_ZONE_SQL[engine.dialect];
    if (sql) {
      const [row] = await session().query(sql);
      expect(["UTC", "+00:00", "Etc/UTC"]).toContain(row!["tz"]);
    }
  });

  it("filters on booleans and nulls", async () => {
    const t = table("types");
    expect(await session().query(`SELECT id FROM ${t} WHERE b ORDER BY id`)).toEqual([{ id: 1 }, { id: 4 }]);
    expect(await session().query(`SELECT id FROM ${t} WHERE s IS NULL`)).toEqual([{ id: 3 }]);
    expect(await session().query(`SELECT id FROM ${t} WHERE big > ${unwrapSql(lit.number(2n ** 62n))}`)).toEqual([
      { id: 4 },
    ]);
  });

  it("binds parameters of every kind", async () => {
    const p = (i: number): string => engine.placeholder(i);
    const [int, float] = engine.dialect === "mysql" ? ["SIGNED", "DOUBLE"] : ["BIGINT", "DOUBLE PRECISION"];
    const rows = await session().query(
      `SELECT ${p(1)} AS s, CAST(${p(2)} AS ${int}) AS big, CAST(${p(3)} AS ${float}) AS n, ${p(4)} AS nul`,
      ["x'\\", 9007199254740993n, 2.5, null],
    );
    expect(rows).toEqual([{ s: "x'\\", big: "9007199254740993", n: 2.5, nul: null }]);
  });

  it("creates schema-qualified tables beside unqualified ones", async () => {
    const orders = (name: string, amounts: string[]): TableData => ({
      name,
      columns: [
        { name: "customer_id", type: "string", nullable: false },
        { name: "amount", type: { decimal: 2 }, nullable: false },
      ],
      rows: amounts.map((amount, i) => ({ customer_id: `c${i}`, amount })),
    });
    await session().load([orders("analytics.orders", ["1.10", "2.20", "3.30"]), orders("orders", ["9.99"])]);
    const sum = (name: string): Promise<Row[]> =>
      session().query(`SELECT COUNT(*) AS n, SUM(amount) AS total FROM ${table(name)}`, [], {
        types: { n: "int", total: { decimal: 2 } },
      });
    expect(await sum("analytics.orders")).toEqual([{ n: 3, total: "6.6" }]);
    expect(await sum("orders")).toEqual([{ n: 1, total: "9.99" }]);
  });

  it("runs one statement in query and whole scripts in exec", async () => {
    await expect(session().query("SELECT 1 AS a; SELECT 2 AS b")).rejects.toThrow();
    const t = table("scripted");
    await session().exec(`CREATE TABLE ${t} (a INTEGER); INSERT INTO ${t} VALUES (1); INSERT INTO ${t} VALUES (2)`);
    expect(await session().query(`SELECT COUNT(*) AS n FROM ${t}`, [], { types: { n: "int" } })).toEqual([{ n: 2 }]);
  });

  it("loads 10,000 rows quickly", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: i,
      customer: `customer ${i % 997}`,
      amount: `${i % 500}.${String(i % 100).padStart(2, "0")}`,
      paid: i % 3 === 0,
      at: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
      score: i / 7,
    }));
    const started = performance.now();
    await session().load([
      {
        name: "bulk",
        columns: [
          { name: "id", type: "int", nullable: false },
          { name: "customer", type: "string", nullable: false },
          { name: "amount", type: { decimal: 2 }, nullable: false },
          { name: "paid", type: "bool", nullable: false },
          { name: "at", type: "timestamp", nullable: false },
          { name: "score", type: "float", nullable: false },
        ],
        rows,
      },
    ]);
    const elapsed = performance.now() - started;
    console.info(`[engines] ${engine.name}: loaded 10,000 rows in ${Math.round(elapsed)} ms`);
    // Quoted: a bare `at` is a syntax error on DuckDB 1.5.
    const at = unwrapSql(lit.identifier("at"));
    const [row] = await session().query(`SELECT COUNT(*) AS n, MAX(${at}) AS last FROM ${table("bulk")}`, [], {
      types: { n: "int", last: "timestamp" },
    });
    expect(row).toEqual({ n: 10_000, last: "2024-01-07T22:39:00.000Z" });
  });

  it("keeps sessions apart", async () => {
    const other = await engine.open();
    try {
      const data = (label: string): TableData => ({
        name: "private",
        columns: [{ name: "label", type: "string", nullable: false }],
        rows: [{ label }],
      });
      await session().load([data("mine")]);
      await other.load([data("theirs")]);
      expect(await session().query(`SELECT label FROM ${table("private")}`)).toEqual([{ label: "mine" }]);
      expect(await other.query(`SELECT label FROM ${table("private")}`)).toEqual([{ label: "theirs" }]);
    } finally {
      await other.close();
    }
  });

  if (engine.name === "postgres" || engine.name === "mariadb") {
    it("drops its server database on close", async () => {
      const other = await engine.open();
      const current = engine.dialect === "mysql" ? "SELECT DATABASE() AS db" : "SELECT current_database() AS db";
      const [row] = await other.query(current);
      const name = String(row!["db"]);
      expect(name).toMatch(/^seg_[0-9a-f]{12}$/);
      await other.close();
      const exists =
        engine.dialect === "mysql"
          ? `SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${engine.placeholder(1)}`
          : `SELECT COUNT(*) AS n FROM pg_database WHERE datname = ${engine.placeholder(1)}`;
      expect(await session().query(exists, [name])).toEqual([{ n: 0 }]);
    });
  }

  if (engine.name === "mariadb") {
    it("declares utf8mb4 with the server's default, non-binary collation", async () => {
      const rows = await session().query(
        "SELECT CHARACTER_SET_NAME AS cs, COLLATION_NAME AS coll FROM information_schema.COLUMNS " +
          "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'types' AND COLUMN_NAME = 's'",
      );
      const [defaults] = await session().query(
        "SELECT DEFAULT_COLLATE_NAME AS coll FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'",
      );
      console.info(`[engines] mariadb string column: ${JSON.stringify(rows[0])}`);
      expect(rows).toEqual([{ cs: "utf8mb4", coll: defaults!["coll"] }]);
      expect(String(defaults!["coll"])).not.toMatch(/_bin$/);
    });
  }
});

describe("engine harness (without an engine)", () => {
  it("lists every engine, servers only with their variable", () => {
    expect(allEngines().map((e) => [e.name, e.dialect])).toEqual([
      ["duckdb", "duckdb"],
      ["sqlite", "sqlite"],
      ["pglite", "postgres"],
      ["postgres", "postgres"],
      ["mariadb", "mysql"],
    ]);
    for (const engine of allEngines()) {
      const availability = engine.available();
      if (!availability.ok) expect(availability.reason).toMatch(/SEG_TEST_(POSTGRES|MYSQL)_URL is not set/);
      else if (engine.name === "postgres") expect(process.env["SEG_TEST_POSTGRES_URL"]).toBeTruthy();
    }
  });

  it("canonicalises decimals and timestamps", () => {
    expect(["12.50", "3.000", "-0.0", "007.10", ".5", "-12", "NaN"].map(canonicalDecimal)).toEqual([
      "12.5",
      "3",
      "0",
      "7.1",
      "0.5",
      "-12",
      "NaN",
    ]);
    expect(canonicalTimestamp("2024-01-02 03:04:05")).toBe("2024-01-02T03:04:05.000Z");
    expect(canonicalTimestamp("2024-01-02 03:04:05.6")).toBe("2024-01-02T03:04:05.600Z");
    expect(canonicalTimestamp("2024-01-02 03:04:05.123400")).toBe("2024-01-02T03:04:05.1234Z");
    expect(canonicalTimestamp("2024-01-02 03:04:05+00")).toBe("2024-01-02T03:04:05.000Z");
    expect(canonicalTimestamp("2024-01-02 03:04:05.5+05:30")).toBe("2024-01-01T21:34:05.500Z");
    expect(canonicalTimestamp("infinity")).toBe("infinity");
  });

  it("validates input rows before any engine sees them", () => {
    const one = (type: ColumnType, value: unknown, nullable = false): TableData => ({
      name: "t",
      columns: [{ name: "c", type, nullable }],
      rows: [{ c: value }],
    });
    expect(() => prepareTable(one({ decimal: 2 }, "1.234"))).toThrow(/more than 2 fraction digits/);
    expect(() => prepareTable(one({ decimal: 2 }, "1.230"))).not.toThrow();
    expect(() => prepareTable(one("int", null))).toThrow(/NOT NULL/);
    expect(() => prepareTable(one("int", 1.5))).toThrow(/safe integer/);
    expect(() => prepareTable(one("int", 2n ** 63n))).toThrow(/64-bit/);
    expect(() => prepareTable(one("float", NaN))).toThrow(/finite/);
    expect(() => prepareTable(one("string", "a\u0000"))).toThrow(/NUL/);
    expect(() => prepareTable(one("date", "2023-02-29"))).toThrow(/calendar date/);
    expect(() => prepareTable(one("timestamp", "2024-01-01T00:00:00.0001Z"))).toThrow(/milliseconds/);
    expect(() => prepareTable({ ...one("int", 1), rows: [{ other: 1 }] })).toThrow(/unknown column/);
    expect(timestampMillis("2024-01-01")).toBe(Date.UTC(2024, 0, 1));
    expect(timestampMillis("2024-01-01T01:00:00-01:30")).toBe(Date.UTC(2024, 0, 1, 2, 30));
    expect(timestampMillis("0099-06-01T00:00:00Z")).toBe(new Date("0099-06-01T00:00:00Z").getTime());
  });
});
