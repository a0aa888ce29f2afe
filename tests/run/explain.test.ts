// `seg explain`: the tree for one member agrees with `seg run`, is labelled with the source text
// of the definition, shows windows as dates and null as `unknown`.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/run/errors.js";
import { explain, formatExplain, type ExplainNode } from "../../src/run/explain.js";
import { ident } from "../../src/run/engine.js";
import { materializeFlags } from "../../src/run/run.js";
import { openSession } from "../../src/run/session.js";
import { AS_OF, files, project } from "./helpers.js";

const example = (dir: string): { file: string; data: string } => {
  const root = new URL(`../../examples/${dir}/`, import.meta.url).pathname;
  return { file: join(root, "segments.seg"), data: join(root, "data") };
};

async function ok(file: string, target: string, data: string, member: string, asOf = "2025-07-01T00:00:00Z") {
  const r = await explain(file, target, { dataDir: data, asOf, member });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r;
}

const labels = (n: ExplainNode): string[] => [n.label, ...n.children.flatMap(labels)];

describe("seg explain on the ecommerce example", () => {
  const { file, data } = example("ecommerce");
  const MEMBERS = ["C10001", "C10005", "C10042", "C10117", "C10250", "C10333", "C10499"];

  it("agrees with seg run for several members, every segment and every tier", async () => {
    const opened = await openSession(file, { dataDir: data, asOf: "2025-07-01T00:00:00Z" });
    if (!opened.ok) throw new Error("check failed");
    const s = opened.session;
    const flags = await materializeFlags(s, 0);
    const rows = await s.engine.rows(
      `SELECT * FROM ${flags} WHERE ${ident("customer_id")} IN (${MEMBERS.map((m) => `'${m}'`).join(", ")})`,
    );
    s.close();
    expect(rows).toHaveLength(MEMBERS.length);
    const targets = [
      "WinBack",
      "LoyalHighValue",
      "CartAbandoners",
      "DealSeekers",
      "NewCustomers",
      "PurchaseFrequency",
      "PurchaseFrequency.Low",
    ];
    for (const row of rows.slice(0, 4))
      for (const target of targets) {
        const r = await ok(file, target, data, String(row.customer_id));
        const [name, tier] = target.split(".");
        const expected = tier ? row[name!] === tier : row[name!];
        expect(r.value, `${target} ${row.customer_id}`).toBe(expected);
        expect(r.sql, `${target} ${row.customer_id}`).toBe(expected);
      }
  });

  it("shows the definition's own shape, labelled with its source text", async () => {
    const r = await ok(file, "WinBack", data, "C10005");
    const text = formatExplain(r);
    expect(text.split("\n")[0]).toBe(
      'WinBack for customer "C10005", as of 2025-07-01 00:00:00 UTC: ' + (r.value ? "in" : "out"),
    );
    const all = labels(r.tree);
    expect(all).toContain('any(orders where status = "paid") over from 180 days ago to 90 days ago');
    expect(all).toContain("none(orders) over last 90 days");
    expect(all).toContain("spend in top 25%");
    expect(all).toContain('spend = sum(orders.amount where status = "paid")');
    expect(all).toContain("lifetime_value >= 2_500");
    // Windows resolved to dates, with the events they hold.
    expect(text).toMatch(
      /over from 180 days ago to 90 days ago: (true|false) {2}\(2025-01-02 00:00:00 ≤ at < 2025-04-02 00:00:00: \d+ events?, \d+ match the filter\)/,
    );
    expect(text).toMatch(
      /spend in top 25%: (true|false) {2}\([\d.]+: \d+ of 500 members with a value are higher; the top 25% needs fewer than 125\)/,
    );
  });

  it("shows null as unknown", async () => {
    // Customers without a lifetime value: `lifetime_value >= 2_500` is unknown.
    const opened = await openSession(file, { dataDir: data, asOf: AS_OF });
    if (!opened.ok) throw new Error("check failed");
    const [row] = await opened.session.engine.rows(
      `SELECT customer_id FROM shop.customers WHERE "LTV (USD)" IS NULL ORDER BY customer_id LIMIT 1`,
    );
    opened.session.close();
    const r = await ok(file, "WinBack", data, String(row!.customer_id));
    expect(formatExplain(r)).toMatch(/\n {8}lifetime_value: unknown\n/);
    expect(formatExplain(r)).toMatch(/lifetime_value >= 2_500: unknown/);
  });

  it("walks a segmentation's tiers in order up to the member's tier", async () => {
    const r = await ok(file, "PurchaseFrequency", data, "C10005");
    expect(typeof r.value === "string" || r.value === null).toBe(true);
    const tiers = r.tree.children.map((c) => c.label);
    expect(tiers[0]).toBe("High where");
    const text = formatExplain(r);
    expect(text).toMatch(
      /count\(orders where status = "paid"\) >= 1 every week over last 8 weeks: (true|false) {2}\(\d of 8 weeks hold; needs all\)/,
    );
    expect(text).toMatch(/2025-06-24 00:00:00 ≤ at < 2025-07-01 00:00:00: (true|false) {2}\(\d+ >= 1\)/);
    const tier = await ok(file, "PurchaseFrequency.High", data, "C10005");
    expect(tier.value).toBe(r.value === "High");
  });

  it("names what it cannot find", async () => {
    await expect(explain(file, "Nope", { dataDir: data, asOf: AS_OF, member: "C10001" })).rejects.toThrow(
      /has no segment, segmentation or tier "Nope"; it has LoyalHighValue, /,
    );
    await expect(
      explain(file, "PurchaseFrequency.Nope", { dataDir: data, asOf: AS_OF, member: "C10001" }),
    ).rejects.toThrow(DataError);
    await expect(explain(file, "WinBack", { dataDir: data, asOf: AS_OF, member: "X1" })).rejects.toThrow(
      /no customer with customer_id = "X1" in .*shop\.customers\.csv/,
    );
  });
});

describe("seg explain on other examples", () => {
  it.each([
    ["travel", "TravellerType", "T-00001"],
    ["d2c", "EcoNewsletter", "D00003"],
    ["edtech", "SkillLevel.Intermediate", "L00010"],
    ["media", "BingeWatchers", "S000007"],
    ["banking-insurance", "FirstHomeBuyers", "CL-000004"],
  ])("%s: %s for %s agrees with the SQL", async (dir, target, member) => {
    const { file, data } = example(dir);
    const r = await ok(file, target, data, member);
    expect(r.value).toBe(r.sql);
    expect(formatExplain(r)).not.toContain("warning");
  });
});

describe("seg explain on a small project", () => {
  it("explains rates, windows after a comparison and references", async () => {
    const p = project(
      files(),
      `import "./schema.seg"
measure spend = sum(orders.amount where status = "paid")
segment Pro where plan = "pro"
segment Busy where orders >= 1 per month over last 2 months and spend > 100
segment ProOrBusy where Pro or (Busy and not Pro)
segment Windowed where sum(orders.amount) > 50 over last 30 days
`,
    );
    const busy = await ok(p.file, "Busy", p.data, "c1", AS_OF);
    expect(busy.value).toBe(true);
    expect(formatExplain(busy)).toMatch(/orders >= 1 per month over last 2 months: true {2}\(compares 2 >= 2\)/);
    const either = await ok(p.file, "ProOrBusy", p.data, "c2", AS_OF);
    expect(either.value).toBe(false);
    expect(labels(either.tree)).toEqual(expect.arrayContaining(["Pro", "Busy", "not Pro"]));
    const w = await ok(p.file, "Windowed", p.data, "c1", AS_OF);
    expect(formatExplain(w)).toMatch(
      /sum\(orders\.amount\): 125\.50 {2}\(2025-06-01 00:00:00 ≤ at < 2025-07-01 00:00:00: 2 events\)/,
    );
  });
});
