// A small schema with every column type, and helpers to lay out data folders for it.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, str } from "../../src/run/engine.js";

export const SCHEMA = `entity customer from "shop.customers" key id {
  id: string
  age: int?
  plan: enum("free", "pro")
  joined: date
  score: float?
  vip: bool?
  note: string?
  ltv: decimal(2)? from "LTV (USD)"
}

events orders of customer from "shop.orders" by customer_id at ordered_at {
  amount: decimal(2)
  status: enum("paid", "refunded")
}
`;

export const SEGMENTS = `import "./schema.seg"
measure spend = sum(orders.amount where status = "paid")
segment Pro where plan = "pro"
segment Big where spend > 100
segment Young where age < 30
segment Recent where any(orders) over last 30 days
segmentation Tier {
  Gold  where spend > 200
  Other otherwise
}
`;

export const CUSTOMERS = [
  "id,age,plan,joined,score,vip,note,LTV (USD)",
  "c1,25,pro,2024-01-05,0.5,true,,120.50",
  'c2,41,free,2023-06-30,,false,"likes, commas",',
  'c3,,pro,2022-02-01,1.25,,"two\nlines",2500',
  'c4,19,free,2025-01-01,0,,"",0',
].join("\n");

export const ORDERS = [
  "customer_id,ordered_at,amount,status",
  "c1,2025-06-20 10:00:00.000,80.00,paid",
  "c1,2025-06-25T12:30:00Z,45.5,paid",
  "c2,2025-01-10 09:00:00,300,refunded",
  "c3,2025-05-01 00:00:00+02:00,250.00,paid",
  "c9,2025-06-01 00:00:00,10.00,paid",
].join("\n");

export const AS_OF = "2025-07-01";

/** A folder with schema.seg, segments.seg and data/ holding `files` (name → text). */
export function project(
  files: Record<string, string>,
  segments = SEGMENTS,
): { dir: string; file: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), "seg-run-"));
  writeFileSync(join(dir, "schema.seg"), SCHEMA);
  writeFileSync(join(dir, "segments.seg"), segments);
  const data = join(dir, "data");
  mkdirSync(data);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(data, name), text);
  return { dir, file: join(dir, "segments.seg"), data };
}

/** The standard files with one of them replaced or removed (undefined). */
export function files(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    "shop.customers.csv": CUSTOMERS,
    "shop.orders.csv": ORDERS,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Writes `select` (a DuckDB query) to a Parquet file. */
export async function writeParquet(path: string, select: string): Promise<void> {
  const engine = await Engine.open();
  try {
    await engine.run(`COPY (${select}) TO ${str(path)} (FORMAT parquet)`);
  } finally {
    engine.close();
  }
}
