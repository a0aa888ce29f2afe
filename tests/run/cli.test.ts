// The `seg run` and `seg explain` commands: output formats, exit codes, and error messages
// without stack traces.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seg } from "../cli/helpers.js";
import { AS_OF, CUSTOMERS, files, project } from "./helpers.js";

const ECOMMERCE = new URL("../../examples/ecommerce/", import.meta.url).pathname;
const ecommerce = ["examples/ecommerce/segments.seg", "--data", "examples/ecommerce/data", "--as-of", "2025-07-01"];
const repo = new URL("../../", import.meta.url).pathname;

describe("seg run", () => {
  it("--format json prints { population, segments, segmentations, overlaps } in declaration order", () => {
    const r = seg(["run", ...ecommerce, "--format", "json"], { cwd: repo });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      population: number;
      segments: Record<string, { size: number; share: number }>;
      segmentations: Record<string, Record<string, number>>;
      overlaps: { a: string; b: string; size: number; jaccard: number | null }[];
    };
    expect(Object.keys(out)).toEqual(["population", "segments", "segmentations", "overlaps"]);
    expect(out.population).toBe(500);
    const names = [
      "LoyalHighValue",
      "RegularsToEnrol",
      "MarketplaceDrifters",
      "SeasonalHolidayBuyers",
      "EarlyGiftShoppers",
      "LastMinuteGiftShoppers",
      "WinterWearBuyers",
      "NewCustomers",
      "WinBack",
      "CartAbandoners",
      "DealSeekers",
    ];
    expect(Object.keys(out.segments)).toEqual(names);
    for (const s of Object.values(out.segments)) {
      expect(Object.keys(s)).toEqual(["size", "share"]);
      expect(s.share).toBe(s.size / out.population);
    }
    expect(out.segmentations).toEqual({
      PurchaseFrequency: {
        High: expect.any(Number),
        Medium: expect.any(Number),
        Low: expect.any(Number),
        Churned: expect.any(Number),
      },
    });
    expect(Object.keys(out.segmentations.PurchaseFrequency!)).toEqual(["High", "Medium", "Low", "Churned"]);
    expect(Object.values(out.segmentations.PurchaseFrequency!).reduce((a, b) => a + b, 0)).toBe(500);
    expect(out.overlaps).toHaveLength((names.length * (names.length - 1)) / 2);
    expect(out.overlaps[0]).toEqual({
      a: "LoyalHighValue",
      b: "RegularsToEnrol",
      size: expect.any(Number),
      jaccard: expect.any(Number),
    });
    expect(out.overlaps.map((o) => `${o.a}/${o.b}`)).toEqual(
      names.flatMap((a, i) => names.slice(i + 1).map((b) => `${a}/${b}`)),
    );
    // Deterministic: the same data gives byte-identical output.
    expect(seg(["run", ...ecommerce, "--format", "json"], { cwd: repo }).stdout).toBe(r.stdout);
  });

  it("prints a summary table, with tiers that have no `otherwise` counting members with no tier", () => {
    const r = seg(["run", ...ecommerce], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^examples\/ecommerce\/segments\.seg, as of 2025-07-01 00:00:00 UTC\n\ncustomer: 500 members\n/,
    );
    expect(r.stdout).toMatch(/\n {2}LoyalHighValue +\d+ +\d+\.\d%\n/);
    expect(r.stdout).toMatch(/\n {2}PurchaseFrequency +members +share\n {2}High /);
    expect(r.stdout).toMatch(
      /overlaps \(members in both, Jaccard index\)\n {2}LoyalHighValue & RegularsToEnrol +\d+ +0\.\d{3}\n/,
    );
    const p = project(
      files(),
      'import "./schema.seg"\nsegmentation Age {\n  Young where age < 30\n  Old where age >= 60\n}\n',
    );
    const t = seg(["run", p.file, "--data", p.data, "--as-of", AS_OF, "--format", "json"]);
    expect(t.stderr).toContain("SEG"); // the checker's warning about the missing `otherwise`
    expect(JSON.parse(t.stdout).segmentations).toEqual({ Age: { Young: 2, Old: 0, "(none)": 2 } });
  });

  it("honours --param", () => {
    const p = project(
      files(),
      'import "./schema.seg"\nparam bar: decimal(2) = 100\nsegment Big where sum(orders.amount) > bar\n',
    );
    const size = (args: string[]): number =>
      JSON.parse(seg(["run", p.file, "--data", p.data, "--as-of", AS_OF, "--format", "json", ...args]).stdout).segments
        .Big.size;
    expect(size([])).toBe(3);
    expect(size(["--param", "bar=260"])).toBe(1);
  });

  it.each([
    [
      "a missing table",
      { "shop.orders.csv": undefined },
      /seg: table "shop\.orders": no data file; looked for .*shop\.orders\.csv, .*orders\.parquet/,
    ],
    [
      "a missing column",
      { "shop.customers.csv": CUSTOMERS.replace("plan", "tier") },
      /seg: .*shop\.customers\.csv: missing column "plan" \(customer\.plan\)/,
    ],
    [
      "a bad value",
      { "shop.customers.csv": CUSTOMERS.replace("c2,41,", "c2,4l,") },
      /seg: .*shop\.customers\.csv:3: column "age": "4l" is not an integer/,
    ],
  ])("exits 1 with one clear line for %s, and writes no --out file", (_what, overrides, message) => {
    const p = project(files(overrides));
    const out = join(p.dir, "flags.parquet");
    const r = seg(["run", p.file, "--data", p.data, "--as-of", AS_OF, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("exits 1 on a file with errors, printing the diagnostics; 2 on a bad --out name", () => {
    const p = project(files(), 'import "./schema.seg"\nsegment Bad where nope > 1\n');
    const r = seg(["run", p.file, "--data", p.data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SEG2\d\d/);
    const q = project(files());
    const u = seg(["run", q.file, "--data", q.data, "--out", join(q.dir, "flags.xlsx")]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("must end in .csv or .parquet");
  });

  it("writes --out as CSV", () => {
    const p = project(files());
    const out = join(p.dir, "flags.csv");
    const r = seg(["run", p.file, "--data", p.data, "--as-of", AS_OF, "--out", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      [
        "id,Pro,Big,Young,Recent,Tier",
        "c1,true,true,true,true,Other",
        "c2,false,false,false,false,Other",
        "c3,true,true,false,false,Gold",
        "c4,false,false,true,false,Other",
        "",
      ].join("\n"),
    );
  });

  it("is quiet on stderr when it is not a terminal", () => {
    const r = seg(["run", ...ecommerce], { cwd: repo });
    expect(r.stderr).toBe("");
  });
});

describe("seg explain", () => {
  it("prints the tree for one member", () => {
    const r = seg([
      "explain",
      join(ECOMMERCE, "segments.seg"),
      "WinBack",
      "--member",
      "C10005",
      "--data",
      join(ECOMMERCE, "data"),
      "--as-of",
      "2025-07-01",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^WinBack for customer "C10005", as of 2025-07-01 00:00:00 UTC: (in|out)\n {2}and: (true|false)\n/,
    );
    expect(r.stdout).toContain("    none(orders) over last 90 days: ");
  });

  it("prints JSON with --format json", () => {
    const r = seg([
      "explain",
      join(ECOMMERCE, "segments.seg"),
      "PurchaseFrequency.High",
      "--member",
      "C10005",
      "--data",
      join(ECOMMERCE, "data"),
      "--as-of",
      "2025-07-01",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["target", "entity", "key", "asOf", "value", "sql", "tree"]);
    expect(out.value).toBe(out.sql);
    expect(out.tree[0].label).toBe("High where");
  });

  it("exits 1 naming an unknown member", () => {
    const r = seg([
      "explain",
      join(ECOMMERCE, "segments.seg"),
      "WinBack",
      "--member",
      "nobody",
      "--data",
      join(ECOMMERCE, "data"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^seg: no customer with customer_id = "nobody" in .*shop\.customers\.csv\n$/);
  });
});
