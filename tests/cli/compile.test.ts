import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA, seg, workspace } from "./helpers.js";

const SEGMENTS = `import "./schema.seg"
param min_spend: decimal = 100
measure spend = sum(orders.amount where status = "paid")
segment Big where spend > min_spend
segment Young where age < 30
segmentation Tier {
  Gold   where spend > 1000
  Silver where spend > 100
  Other  otherwise
}
`;

describe("seg compile", () => {
  const dir = workspace({ "schema.seg": SCHEMA, "segments.seg": SEGMENTS });

  it("is deterministic: the same input gives byte-identical SQL and JS", () => {
    for (const args of [
      ["--to", "sql", "--dialect", "postgres"],
      ["--to", "js"],
    ]) {
      const a = seg(["compile", "segments.seg", ...args], { cwd: dir });
      const b = seg(["compile", "segments.seg", ...args], { cwd: dir });
      expect(a.code).toBe(0);
      expect(a.stdout).toBe(b.stdout);
    }
  });

  it("writes -o atomically and honours --param, --as-of and --shape members", () => {
    const r = seg(
      [
        "compile",
        "segments.seg",
        "--dialect",
        "mysql",
        "--param",
        "min_spend=250.5",
        "--as-of",
        "2025-01-01",
        "--shape",
        "members",
        "--segment",
        "Big",
        "-o",
        "out.sql",
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const sql = readFileSync(join(dir, "out.sql"), "utf8");
    expect(sql).toContain("250.5");
    expect(sql).toContain("2025-01-01 00:00:00.000");
    expect(sql).toMatch(/^WITH /);
  });

  it("emits CREATE VIEW statements", () => {
    const r = seg(["compile", "segments.seg", "--shape", "views", "--dialect", "sqlite"], { cwd: dir });
    expect(r.stdout).toContain('CREATE VIEW "customer_segments" AS');
    expect(r.stdout).toContain('CREATE VIEW "customer_Big" AS SELECT "id" FROM "customer_segments" WHERE "Big";');
  });

  it("rejects a bad --param with a diagnostic, not a stack trace", () => {
    const r = seg(["compile", "segments.seg", "--param", "min_spend=abc"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SEG312");
    const unknown = seg(["compile", "segments.seg", "--param", "nope=1"], { cwd: dir });
    expect(unknown.stderr).toContain("SEG226");
  });

  it("refuses lower/upper for SQLite, which folds ASCII only", () => {
    const d = workspace({
      "schema.seg": SCHEMA,
      "s.seg": 'import "./schema.seg"\nsegment A where lower(plan) = "pro"\n',
    });
    const r = seg(["compile", "s.seg", "--dialect", "sqlite"], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("s.seg:2:17 error SEG315");
    expect(seg(["compile", "s.seg", "--dialect", "duckdb"], { cwd: d }).code).toBe(0);
  });

  it("exits 2 for conflicting flags", () => {
    expect(seg(["compile", "segments.seg", "--as-of", "2025-01-01", "--now-param"], { cwd: dir }).code).toBe(2);
  });
});
