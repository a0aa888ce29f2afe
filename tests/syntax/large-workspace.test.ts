// Parsing is fast enough for large workspaces: 10,000 segments over a 50-field schema (about
// 1.5 MB) in well under half a second. The parser is built once, when the module loads.
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";

function largeFile(): string {
  const types = ["int", "string", "float?", "decimal(2)", "bool?", "timestamp", 'enum("a", "b", "c")', "date?"];
  const fields = Array.from({ length: 50 }, (_, i) => `  f${i}: ${types[i % types.length]}`);
  const conditions = [
    (i: number) => `orders >= ${(i % 7) + 1} per month over last 90 days and f${i % 50} > ${i} and f1 != "x${i}"`,
    (i: number) =>
      `sum(orders.amount where status = "paid") > ${i * 3} over last ${(i % 12) + 1} months or f3 in ("x", "y", "z")`,
    (i: number) =>
      `f${i % 50} between 1 and ${i} and not (f7 is null) and latest(orders.at) < 30 days ago and f8 = true`,
    (i: number) =>
      `count(orders where channel starts with "web${i % 3}") >= 1 every week over last 8 weeks and f2 contains "a"`,
    (i: number) => `spend in top ${(i % 50) + 1}% and f9 within last 30 days and orders >= 1 in at least 6 of 8 weeks`,
  ];
  const parts = [
    `entity customer from "analytics.customers" key f0 {\n${fields.join("\n")}\n}\n`,
    'events orders of customer from "analytics.orders" by customer_id at ordered_at {',
    '  amount: decimal(2)\n  status: enum("paid", "refunded")\n  channel: string\n}\n',
    "default window last 90 days\nmeasure spend = sum(orders.amount)\n",
  ];
  for (let i = 0; i < 10_000; i++) {
    parts.push(`/// Segment number ${i}.\nsegment S${i} for customer where ${conditions[i % conditions.length]!(i)}\n`);
  }
  return parts.join("\n");
}

// Timing is reported by `npm run bench`, never asserted here.
describe("a large workspace", () => {
  it("parses 10,000 segments over a 50-field schema without diagnostics", () => {
    const text = largeFile();
    expect(text.length).toBeGreaterThan(1_400_000);
    const result = parse(text, "large.seg");
    expect(result.diagnostics).toEqual([]);
    expect(result.file.declarations).toHaveLength(10_004);
  });
});
