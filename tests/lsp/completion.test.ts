// Completion end to end: sources with a `<|>` cursor are opened in the real server, next to a
// schema.seg on disk that they import.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, CompletionList } from "vscode-languageserver-protocol";
import { Client, markers, positionAt, workspace } from "./harness.js";
import { SCHEMA } from "./fixtures.js";

let client: Client;
let ws: ReturnType<typeof workspace>;
let n = 0;

beforeAll(async () => {
  ws = workspace({ "schema.seg": SCHEMA });
  client = await Client.start({ rootDir: ws.dir });
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  ws.cleanup();
});

/** Completion labels at the `<|>` of a new document in the workspace. */
async function complete(source: string): Promise<CompletionItem[]> {
  const { text, offsets } = markers(source);
  const uri = ws.uri(`doc${n++}.seg`);
  await client.open(uri, text);
  const result = await client.request<CompletionItem[] | CompletionList | null>("textDocument/completion", {
    textDocument: { uri },
    position: positionAt(text, offsets[0]!),
  });
  await client.close(uri);
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const head = 'import "./schema.seg"\n\n';

describe("completion", () => {
  it("offers entity fields, event sets, measures, segments and aggregates in a condition", async () => {
    const items = await complete(
      `${head}measure spend = sum(orders.amount)\nsegment A where age > 1\nsegment B where <|>`,
    );
    const l = labels(items);
    expect(l).toEqual(
      expect.arrayContaining([
        "age",
        "country",
        "plan",
        "orders",
        "spend",
        "A",
        "count",
        "sum",
        "latest",
        "lower",
        "not",
      ]),
    );
    expect(l).not.toContain("B");
    const sum = items.find((i) => i.label === "sum")!;
    expect(sum.detail).toContain("sum(EVENTS.FIELD");
    expect(sum.insertText).toMatch(/^sum\(/);
  });

  it("offers an event's fields and `at` after `orders.`", async () => {
    const l = labels(await complete(`${head}segment B where sum(orders.<|>) > 10`));
    expect(l).toEqual(expect.arrayContaining(["amount", "channel", "status", "at"]));
    expect(l).not.toContain("country");
  });

  it("offers an entity's fields after `customer.` and tiers after `Segmentation.`", async () => {
    expect(labels(await complete(`${head}segment B where count(orders where customer.<|>) > 1`))).toEqual(
      expect.arrayContaining(["age", "country", "plan"]),
    );
    const tiers = labels(
      await complete(`${head}segmentation F {\n  High where age > 50\n  Low otherwise\n}\nsegment B where F.<|>`),
    );
    expect(tiers).toEqual(["High", "Low"]);
  });

  it("offers the event's fields inside an aggregate's filter", async () => {
    const l = labels(await complete(`${head}segment B where count(orders where <|>) > 1`));
    expect(l).toEqual(expect.arrayContaining(["amount", "status", "at", "customer"]));
    expect(l).not.toContain("age");
  });

  it("offers event sets as an aggregate's first argument", async () => {
    expect(labels(await complete(`${head}segment B where count(<|>) > 1`))).toEqual(["orders"]);
  });

  it("offers enum values inside a string compared with an enum field", async () => {
    expect(labels(await complete(`${head}segment B where count(orders where status = "<|>") > 1`))).toEqual([
      "paid",
      "refunded",
      "cancelled",
    ]);
    expect(labels(await complete(`${head}segment B where plan = "p<|>"`))).toEqual(["free", "pro", "enterprise"]);
    expect(labels(await complete(`${head}segment B where plan in ("free", "<|>")`))).toEqual([
      "free",
      "pro",
      "enterprise",
    ]);
    expect(labels(await complete(`${head}segment B where most_frequent(orders.channel) != '<|>'`))).toEqual([
      "web",
      "app",
      "store",
    ]);
    const item = (await complete(`${head}segment B where plan = "<|>`)).find((i) => i.label === "pro")!;
    expect(item.textEdit && "newText" in item.textEdit ? item.textEdit.newText : undefined).toBe('pro"');
  });

  it("offers tier names in a string compared with a segmentation", async () => {
    const l = labels(
      await complete(`${head}segmentation F {\n  High where age > 50\n  Low otherwise\n}\nsegment B where F = "<|>"`),
    );
    expect(l).toEqual(["High", "Low"]);
  });

  it("offers units after a number", async () => {
    const l = labels(await complete(`${head}segment B where latest(orders.at) > 30 <|>`));
    expect(l).toEqual(expect.arrayContaining(["days", "weeks", "months", "and", "or"]));
    expect(labels(await complete(`${head}segment B where any(orders) over last 6 <|>`))).toEqual(
      expect.arrayContaining(["minutes", "hours", "days", "weeks", "months", "quarters", "years"]),
    );
    expect(labels(await complete(`${head}segment B where orders >= 4 per <|>`))).toContain("month");
    expect(labels(await complete(`${head}segment B where signup_at < 30 days <|>`))).toEqual(["ago"]);
  });

  it("offers declaration keywords at the top level", async () => {
    const l = labels(await complete(`${head}<|>`));
    expect(l).toEqual(
      expect.arrayContaining([
        "segment",
        "segmentation",
        "measure",
        "param",
        "entity",
        "events",
        "import",
        "default window",
      ]),
    );
    expect(labels(await complete(`${head}segment A where age > 1\n<|>`))).toEqual(
      expect.arrayContaining(["segment", "and", "or"]),
    );
  });

  it("offers `where` and `for` after a segment name, entities after `for`", async () => {
    expect(labels(await complete(`${head}segment A <|>`))).toEqual(["where", "for"]);
    expect(labels(await complete(`${head}segment A for <|>`))).toEqual(["customer"]);
    expect(labels(await complete(`${head}segment A for customer <|>`))).toEqual(["where"]);
  });

  it("offers operators after an expression and rates after a comparison", async () => {
    const l = labels(await complete(`${head}segment A where country <|>`));
    expect(l).toEqual(expect.arrayContaining(["and", "or", "in", "is null", "between", "contains", "starts with"]));
    const r = labels(await complete(`${head}segment A where orders >= 4 <|>`));
    expect(r).toEqual(expect.arrayContaining(["per", "every", "and", "or"]));
    expect(labels(await complete(`${head}segment A where count(orders <|>) > 1`))).toEqual(["where"]);
  });

  it("offers types after a field's colon", async () => {
    expect(labels(await complete(`entity e from "t" key id {\n  id: <|>\n}`))).toEqual(
      expect.arrayContaining(["int", "string", "decimal", "enum", "timestamp"]),
    );
  });

  it("works in a file with syntax errors, and offers nothing in comments", async () => {
    const l = labels(await complete(`${head}segment Broken where (age > \nsegment B where cou<|>`));
    expect(l).toEqual(expect.arrayContaining(["country"]));
    expect(await complete(`${head}// orders.<|>`)).toEqual([]);
    expect(await complete(`${head}/* segment A where <|> */`)).toEqual([]);
  });

  it("completes import paths", async () => {
    expect(labels(await complete(`import "./<|>"`))).toContain("./schema.seg");
  });

  it("sends only matching names, marked incomplete, when a file declares thousands", async () => {
    const many = Array.from({ length: 400 }, (_, i) => `segment Seg_${i} where age > ${i}\n`).join("");
    const { text, offsets } = markers(`${head}${many}segment Last where Seg_12<|>`);
    const uri = ws.uri("many.seg");
    await client.open(uri, text);
    const result = await client.request<CompletionList>("textDocument/completion", {
      textDocument: { uri },
      position: positionAt(text, offsets[0]!),
    });
    expect(result.isIncomplete).toBe(true);
    expect(result.items.map((i) => i.label)).toEqual(expect.arrayContaining(["Seg_12", "Seg_120", "Seg_123"]));
    expect(result.items.map((i) => i.label)).not.toContain("Seg_7");
    await client.close(uri);
  });
});
