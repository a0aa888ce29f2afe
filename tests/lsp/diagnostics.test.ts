// Diagnostics as you type: published for an error, re-published when fixed, and re-published for
// the files that import a schema when the schema changes (open or on disk).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { Client, positionAt, workspace } from "./harness.js";
import { SCHEMA, SEGMENTS } from "./fixtures.js";

let client: Client;
let ws: ReturnType<typeof workspace>;

beforeAll(async () => {
  ws = workspace({ "schema.seg": SCHEMA, "segments.seg": SEGMENTS });
  client = await Client.start({ rootDir: ws.dir });
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  ws.cleanup();
});

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

describe("diagnostics", () => {
  it("publishes an error with its range and clears it once fixed", async () => {
    const uri = ws.uri("typing.seg");
    const text = 'import "./schema.seg"\n\nsegment A where age > "x"\n';
    await client.open(uri, text, 1);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1, 10_000, true);
    expect(codes(first)).toEqual(["SEG302"]);
    expect(first.diagnostics[0]!.range.start).toEqual(positionAt(text, text.indexOf("age")));
    expect(first.diagnostics[0]!.severity).toBe(1);
    const quote = text.indexOf('"x"');
    await client.change(uri, 2, [
      { range: { start: positionAt(text, quote), end: positionAt(text, quote + 3) }, text: "30" },
    ]);
    const fixed = await client.waitForDiagnostics(uri, (p) => p.version === 2, 10_000, true);
    expect(fixed.diagnostics).toEqual([]);
    await client.close(uri);
  });

  it("reports syntax errors and keeps checking the rest of the file", async () => {
    const uri = ws.uri("broken.seg");
    await client.open(uri, 'import "./schema.seg"\n\nsegment A where (age >\n\nsegment B where contry = "FR"\n', 1);
    const d = await client.waitForDiagnostics(uri, (p) => p.version === 1, 10_000, true);
    expect(codes(d).some((c) => c.startsWith("SEG1"))).toBe(true);
    expect(codes(d)).toContain("SEG201");
    await client.close(uri);
  });

  it("re-checks an open file when an open schema it imports changes", async () => {
    const schema = ws.uri("schema.seg");
    const segments = ws.uri("segments.seg");
    await client.open(schema, SCHEMA, 1);
    await client.open(segments, SEGMENTS, 1);
    expect((await client.waitForDiagnostics(segments, (p) => p.version === 1, 10_000, true)).diagnostics).toEqual([]);
    // Rename `amount` in the schema: segments.seg now names a field that does not exist.
    const at = SCHEMA.indexOf("amount:");
    await client.change(schema, 2, [
      { range: { start: positionAt(SCHEMA, at), end: positionAt(SCHEMA, at + 6) }, text: "total" },
    ]);
    const broken = await client.waitForDiagnostics(segments, (p) => codes(p).includes("SEG202"));
    expect(broken.diagnostics[0]!.message).toContain("amount");
    expect(broken.diagnostics[0]!.range.start).toEqual(positionAt(SEGMENTS, SEGMENTS.indexOf("amount")));
    // And back.
    await client.change(schema, 3, [
      { range: { start: positionAt(SCHEMA, at), end: positionAt(SCHEMA, at + 5) }, text: "amount" },
    ]);
    await client.waitForDiagnostics(segments, (p) => p.diagnostics.length === 0);
    await client.close(schema);
    await client.close(segments);
  });

  it("reads unopened imports from disk, publishes their diagnostics and clears them on close", async () => {
    const dir = ws.dir;
    writeFileSync(join(dir, "disk-schema.seg"), SCHEMA.replace("age: int?", "age: integer?"));
    const uri = ws.uri("uses-disk.seg");
    const schemaUri = ws.uri("disk-schema.seg");
    await client.open(uri, 'import "./disk-schema.seg"\n\nsegment Old where age > 60\n', 1);
    const schemaDiags = await client.waitForDiagnostics(schemaUri, (p) => p.diagnostics.length > 0, 10_000, true);
    expect(codes(schemaDiags)).toEqual(["SEG301"]);
    // The schema is fixed on disk; the watcher tells the server.
    writeFileSync(join(dir, "disk-schema.seg"), SCHEMA);
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: schemaUri, type: 2 }] });
    await client.waitForDiagnostics(schemaUri, (p) => p.diagnostics.length === 0);
    // An error only the importer has; closing it clears its diagnostics.
    writeFileSync(join(dir, "disk-schema.seg"), SCHEMA.replace("age: int?", "years: int?"));
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: schemaUri, type: 2 }] });
    expect(codes(await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0))).toEqual(["SEG201"]);
    await client.close(uri);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
  });

  it("reports a missing import at the import", async () => {
    const uri = ws.uri("missing.seg");
    const text = 'import "./nope.seg"\n';
    await client.open(uri, text, 1);
    const d = await client.waitForDiagnostics(uri, (p) => p.version === 1, 10_000, true);
    expect(codes(d)).toContain("SEG220");
    expect(d.diagnostics[0]!.range.start).toEqual(positionAt(text, text.indexOf('"')));
    await client.close(uri);
  });
});
