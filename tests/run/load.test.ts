// Loading data for `seg run`: where files are found, how CSV and Parquet values become Seg types,
// and the errors bad data gets (each names the file, and the line or row and the column).
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Engine, str } from "../../src/run/engine.js";
import { DataError } from "../../src/run/errors.js";
import { runSegments } from "../../src/run/run.js";
import { openSession } from "../../src/run/session.js";
import { AS_OF, CUSTOMERS, ORDERS, files, project, writeParquet } from "./helpers.js";

async function summary(file: string, data: string): Promise<Record<string, unknown>> {
  const r = await runSegments(file, { dataDir: data, asOf: AS_OF });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  const e = r.entities[0]!;
  return {
    population: e.population,
    ...Object.fromEntries(e.segments.map((s) => [s.name, s.size])),
    Tier: Object.fromEntries(e.segmentations[0]!.tiers.map((t) => [t.name, t.size])),
  };
}

const EXPECTED = { population: 4, Pro: 2, Big: 2, Young: 2, Recent: 1, Tier: { Gold: 1, Other: 3 } };

async function failure(p: { file: string; data: string }): Promise<string> {
  try {
    await runSegments(p.file, { dataDir: p.data, asOf: AS_OF });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error("expected the run to fail");
}

describe("finding the files", () => {
  it("reads <schema>.<table>.csv", async () => {
    const p = project(files());
    expect(await summary(p.file, p.data)).toEqual(EXPECTED);
  });

  it("falls back to <table>.csv for a schema-qualified table, and prefers the qualified name", async () => {
    const p = project({ "customers.csv": CUSTOMERS, "orders.csv": ORDERS });
    expect(await summary(p.file, p.data)).toEqual(EXPECTED);
    // A qualified file wins over the bare one (here the bare one is empty of orders).
    const q = project({
      "shop.customers.csv": CUSTOMERS,
      "shop.orders.csv": ORDERS,
      "orders.csv": "customer_id,ordered_at,amount,status\n",
    });
    expect(await summary(q.file, q.data)).toEqual(EXPECTED);
  });

  it("names every path it looked for when a table has no file", async () => {
    const p = project(files({ "shop.orders.csv": undefined }));
    const m = await failure(p);
    for (const name of ["shop.orders.csv", "shop.orders.parquet", "orders.csv", "orders.parquet"])
      expect(m).toContain(join(p.data, name));
    expect(m).toContain('table "shop.orders"');
  });

  it("refuses a table with both a CSV and a Parquet file", async () => {
    const p = project(files());
    await writeParquet(join(p.data, "shop.orders.parquet"), "SELECT 1 AS x");
    expect(await failure(p)).toMatch(/shop\.orders\.csv and .*shop\.orders\.parquet exist/);
  });

  it("says when the data folder does not exist", async () => {
    const p = project(files());
    await expect(runSegments(p.file, { dataDir: join(p.dir, "nope"), asOf: AS_OF })).rejects.toThrow(
      /data directory .*nope does not exist/,
    );
  });
});

describe("CSV", () => {
  it('reads RFC 4180: quotes, commas and line breaks in fields, CRLF, a BOM; empty is null and "" is empty text', async () => {
    const p = project(
      files({
        "shop.customers.csv": `\uFEFF${CUSTOMERS.replaceAll("\n", "\r\n").replace('"two\r\nlines"', '"two\nlines"')}`,
      }),
    );
    expect(await summary(p.file, p.data)).toEqual(EXPECTED);
    const opened = await openSession(p.file, { dataDir: p.data, asOf: AS_OF });
    if (!opened.ok) throw new Error("check failed");
    try {
      const rows = await opened.session.engine.rows(
        `SELECT id, note, ltv FROM (SELECT id, note, "LTV (USD)" AS ltv FROM shop.customers) ORDER BY id`,
      );
      expect(rows.map((r) => r.note)).toEqual([null, "likes, commas", "two\nlines", ""]);
      const ts = await opened.session.engine.rows(
        `SELECT CAST(ordered_at AS VARCHAR) AS t FROM shop.orders WHERE customer_id = 'c3'`,
      );
      // "+02:00" is honoured: two hours earlier in UTC (DuckDB's plain TIMESTAMP cast would drop it).
      expect(ts[0]!.t).toBe("2025-04-30 22:00:00");
    } finally {
      opened.session.close();
    }
  });

  it("ignores columns the schema does not declare, in any order", async () => {
    const shuffled = [
      "status,extra,amount,ordered_at,customer_id",
      ...ORDERS.split("\n")
        .slice(1)
        .map((l) => {
          const [c, t, a, s] = l.split(",");
          return `${s},x,${a},${t},${c}`;
        }),
    ].join("\n");
    const p = project(files({ "shop.orders.csv": shuffled }));
    expect(await summary(p.file, p.data)).toEqual(EXPECTED);
  });

  it("names the file and every missing column", async () => {
    const p = project(files({ "shop.orders.csv": ORDERS.replace("amount,status", "total,state") }));
    const m = await failure(p);
    expect(m).toContain(join(p.data, "shop.orders.csv"));
    expect(m).toContain('missing columns "amount" (orders.amount), "status" (orders.status)');
    expect(m).toContain('the file has "customer_id", "ordered_at", "total", "state"');
  });

  it.each([
    ["an int with a fraction", "age", "c2,41,", "c2,1.5,", 3, '"1.5" is not an integer'],
    ["an int that is text", "age", "c2,41,", "c2,forty,", 3, '"forty" is not an integer'],
    ["a value outside the enum", "plan", "c4,19,free", "c4,19,FREE", 6, '"FREE" is not one of "free", "pro"'],
    [
      "an empty non-nullable field",
      "plan",
      "c4,19,free",
      "c4,19,",
      6,
      "empty, but it holds customer.plan, which is not nullable",
    ],
    ["a date with a time", "joined", "2023-06-30", "2023-06-30 10:00:00", 3, '"2023-06-30 10:00:00" is not a date'],
    ["an impossible date", "joined", "2025-01-01", "2025-02-30", 6, '"2025-02-30" is not a date'],
    ["a float that is text", "score", "0.5", "half", 2, '"half" is not a number'],
    ["a boolean that is text", "vip", "true", "maybe", 2, '"maybe" is not a boolean'],
    ["a decimal that is text", "LTV (USD)", "120.50", "12O.50", 2, '"12O.50" is not a decimal number'],
  ])("names the file, line and column of %s", async (_what, column, from, to, line, reason) => {
    const p = project(files({ "shop.customers.csv": CUSTOMERS.replace(from, to) }));
    const m = await failure(p);
    expect(m).toContain(`${join(p.data, "shop.customers.csv")}:${line}: column "${column}": `);
    expect(m).toContain(reason);
  });

  it("counts physical lines: a quoted line break before the bad row moves it down", async () => {
    // c3's note spans two lines, so c4 (record 4) is on line 6.
    const p = project(files({ "shop.customers.csv": CUSTOMERS.replace("c4,19,free", "c4,nineteen,free") }));
    expect(await failure(p)).toContain('shop.customers.csv:6: column "age"');
  });

  it("reports the first bad row of a long file", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `x${i},${i % 90},free,2024-01-01,,,,`);
    rows[12_345] = "x12345,oops,free,2024-01-01,,,,";
    rows[17_000] = "x17000,bad,free,2024-01-01,,,,";
    const p = project(files({ "shop.customers.csv": [CUSTOMERS, ...rows].join("\n") }));
    expect(await failure(p)).toContain(`shop.customers.csv:${12_345 + 7}: column "age": "oops" is not an integer`);
  });

  it("names a bad event time", async () => {
    const p = project(files({ "shop.orders.csv": ORDERS.replace("2025-06-25T12:30:00Z", "yesterday") }));
    expect(await failure(p)).toMatch(
      /shop\.orders\.csv:3: column "ordered_at": "yesterday" is not a timestamp \(orders\.at: timestamp; YYYY-MM-DD/,
    );
  });

  it("names the line of a row with too many fields", async () => {
    const p = project(files({ "shop.orders.csv": `${ORDERS}\nc1,2025-06-01 00:00:00,1.00,paid,extra` }));
    expect(await failure(p)).toMatch(/shop\.orders\.csv:7: more fields than the 4 columns of the header/);
  });

  it("refuses duplicate keys in the entity table, naming both lines", async () => {
    const p = project(files({ "shop.customers.csv": `${CUSTOMERS}\nc2,50,free,2020-01-01,,,,` }));
    expect(await failure(p)).toMatch(/shop\.customers\.csv: key "c2" \(column "id"\) appears on lines 3 and 7/);
  });

  it("refuses an empty file", async () => {
    const p = project(files({ "shop.orders.csv": "" }));
    expect(await failure(p)).toMatch(/shop\.orders\.csv: the file is empty/);
  });
});

describe("Parquet", () => {
  const customers = `SELECT * FROM (VALUES
    ('c1', 25::INTEGER, 'pro', DATE '2024-01-05', 0.5::FLOAT, true, NULL, 120.50::DECIMAL(10,2)),
    ('c2', 41, 'free', DATE '2023-06-30', NULL, false, 'likes, commas', NULL),
    ('c3', NULL, 'pro', DATE '2022-02-01', 1.25, NULL, 'two', 2500),
    ('c4', 19, 'free', DATE '2025-01-01', 0, NULL, '', 0)
  ) t(id, age, plan, joined, score, vip, note, "LTV (USD)")`;
  const orders = `SELECT * FROM (VALUES
    ('c1', TIMESTAMP '2025-06-20 10:00:00', 80.00::DECIMAL(18,2), 'paid'),
    ('c1', TIMESTAMP '2025-06-25 12:30:00', 45.5, 'paid'),
    ('c2', TIMESTAMP '2025-01-10 09:00:00', 300, 'refunded'),
    ('c3', TIMESTAMP '2025-04-30 22:00:00', 250, 'paid'),
    ('c9', TIMESTAMP '2025-06-01 00:00:00', 10, 'paid')
  ) t(customer_id, ordered_at, amount, status)`;

  it("reads its own types (narrower ints, floats, other decimal widths) and agrees with the CSV", async () => {
    const p = project({});
    await writeParquet(join(p.data, "shop.customers.parquet"), customers);
    await writeParquet(join(p.data, "shop.orders.parquet"), orders);
    expect(await summary(p.file, p.data)).toEqual(EXPECTED);
  });

  it("parses text columns as strictly as CSV", async () => {
    const p = project({});
    await writeParquet(join(p.data, "shop.customers.parquet"), customers);
    await writeParquet(
      join(p.data, "shop.orders.parquet"),
      `SELECT customer_id, CAST(ordered_at AS VARCHAR) AS ordered_at, CAST(amount AS VARCHAR) AS amount, status FROM (${orders})`,
    );
    expect(await summary(p.file, p.data)).toEqual(EXPECTED);
    await writeParquet(
      join(p.data, "shop.orders.parquet"),
      `SELECT customer_id, CASE WHEN customer_id = 'c2' THEN 'soon' ELSE CAST(ordered_at AS VARCHAR) END AS ordered_at, amount, status FROM (${orders})`,
    );
    expect(await failure(p)).toMatch(/shop\.orders\.parquet row 3: column "ordered_at": "soon" is not a timestamp/);
  });

  it("names the row and column of a value outside the enum, and of an int with a fraction", async () => {
    const p = project({});
    await writeParquet(
      join(p.data, "shop.customers.parquet"),
      customers.replace("('c4', 19, 'free'", "('c4', 19, 'gold'"),
    );
    await writeParquet(join(p.data, "shop.orders.parquet"), orders);
    expect(await failure(p)).toMatch(
      /shop\.customers\.parquet row 4: column "plan": "gold" is not one of "free", "pro"/,
    );
    await writeParquet(join(p.data, "shop.customers.parquet"), customers.replace("25::INTEGER", "25.5::DOUBLE"));
    expect(await failure(p)).toMatch(/shop\.customers\.parquet row 1: column "age": "25.5" is not an integer/);
  });

  it("names a missing column and a column of the wrong kind", async () => {
    const p = project({});
    await writeParquet(join(p.data, "shop.customers.parquet"), customers);
    await writeParquet(join(p.data, "shop.orders.parquet"), `SELECT customer_id, ordered_at, amount FROM (${orders})`);
    expect(await failure(p)).toMatch(/shop\.orders\.parquet: missing column "status" \(orders\.status\)/);
    await writeParquet(
      join(p.data, "shop.orders.parquet"),
      `SELECT customer_id, 42 AS ordered_at, amount, status FROM (${orders})`,
    );
    expect(await failure(p)).toMatch(
      /shop\.orders\.parquet: column "ordered_at" holds INTEGER values, which cannot be timestamp/,
    );
  });

  it("refuses a file that is not Parquet", async () => {
    const p = project({ "shop.customers.csv": CUSTOMERS, "shop.orders.parquet": "not parquet" });
    expect(await failure(p)).toMatch(/shop\.orders\.parquet: not a readable Parquet file/);
  });
});

describe("--out", () => {
  async function readBack(path: string, format: "csv" | "parquet"): Promise<Record<string, unknown>[]> {
    const engine = await Engine.open();
    try {
      const src = format === "csv" ? `read_csv(${str(path)}, header = true)` : `read_parquet(${str(path)})`;
      return await engine.rows(`SELECT * FROM ${src}`);
    } finally {
      engine.close();
    }
  }

  const FLAGS = [
    { id: "c1", Pro: true, Big: true, Young: true, Recent: true, Tier: "Other" },
    { id: "c2", Pro: false, Big: false, Young: false, Recent: false, Tier: "Other" },
    { id: "c3", Pro: true, Big: true, Young: false, Recent: false, Tier: "Gold" },
    { id: "c4", Pro: false, Big: false, Young: true, Recent: false, Tier: "Other" },
  ];

  it.each(["csv", "parquet"] as const)(
    "writes the flags table as %s: key, one column per segment, one per segmentation",
    async (format) => {
      const p = project(files());
      const out = join(p.dir, `flags.${format}`);
      const r = await runSegments(p.file, { dataDir: p.data, asOf: AS_OF, out });
      expect(r.ok).toBe(true);
      expect(await readBack(out, format)).toEqual(FLAGS);
      expect(readdirSync(p.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    },
  );

  it("leaves no file behind when the data is bad, and keeps an existing file intact", async () => {
    const p = project(files({ "shop.orders.csv": ORDERS.replace("45.5", "lots") }));
    const out = join(p.dir, "flags.csv");
    await expect(runSegments(p.file, { dataDir: p.data, asOf: AS_OF, out })).rejects.toThrow(DataError);
    expect(existsSync(out)).toBe(false);
    writeFileSync(out, "previous");
    await expect(runSegments(p.file, { dataDir: p.data, asOf: AS_OF, out })).rejects.toThrow(DataError);
    expect(readdirSync(p.dir).sort()).toEqual(["data", "flags.csv", "schema.seg", "segments.seg"]);
  });

  it("says when the target folder does not exist, leaving nothing behind", async () => {
    const p = project(files());
    const out = join(p.dir, "missing", "flags.parquet");
    await expect(runSegments(p.file, { dataDir: p.data, asOf: AS_OF, out })).rejects.toThrow(
      /cannot write .*missing\/flags\.parquet/,
    );
    expect(existsSync(join(p.dir, "missing"))).toBe(false);
  });

  it("wants a .csv or .parquet name", async () => {
    const p = project(files());
    await expect(runSegments(p.file, { dataDir: p.data, asOf: AS_OF, out: join(p.dir, "flags.json") })).rejects.toThrow(
      /must end in \.csv or \.parquet/,
    );
  });
});

describe("segments that use no data of a table", () => {
  it("still needs every declared table of the entity, and still validates it", async () => {
    const p = project(
      files({ "shop.orders.csv": ORDERS.replace("refunded", "lost") }),
      'import "./schema.seg"\nsegment Pro where plan = "pro"\n',
    );
    expect(await failure(p)).toContain('"lost" is not one of "paid", "refunded"');
    rmSync(join(p.data, "shop.orders.csv"));
    renameSync(join(p.data, "shop.customers.csv"), join(p.data, "customers.csv"));
    expect(await failure(p)).toContain('table "shop.orders": no data file');
  });
});

describe("several entities", () => {
  it("summarises each entity's segments, and --out refuses to mix them", async () => {
    const p = project(
      { ...files(), "stores.csv": "store_id,region\ns1,north\ns2,south\ns3,north\n" },
      `import "./schema.seg"
entity store from "stores" key store_id {
  store_id: string
  region: string
}
segment Pro for customer where plan = "pro"
segment North for store where region = "north"
`,
    );
    const r = await runSegments(p.file, { dataDir: p.data, asOf: AS_OF });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    expect(r.entities.map((e) => [e.entity, e.population, e.segments.map((s) => [s.name, s.size])])).toEqual([
      ["customer", 4, [["Pro", 2]]],
      ["store", 3, [["North", 2]]],
    ]);
    await expect(runSegments(p.file, { dataDir: p.data, asOf: AS_OF, out: join(p.dir, "f.csv") })).rejects.toThrow(
      /--out writes one table, but .* has segments for several entities \(customer, store\)/,
    );
  });
});
