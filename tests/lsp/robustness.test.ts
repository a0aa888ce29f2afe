// The server must never die (engines.md 4.3): every example typed in, with completion and hover
// after each step; random incremental edits that must leave the same view as a fresh open; and
// malformed or out-of-order requests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { DocumentSymbol, PublishDiagnosticsParams, SemanticTokens } from "vscode-languageserver-protocol";
import { Client, ROOT, workspace } from "./harness.js";
import { SCHEMA, SEGMENTS } from "./fixtures.js";

let client: Client;

beforeAll(async () => {
  client = await Client.start({ diagnosticsDelayMs: 30 });
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

const examples = readdirSync(join(ROOT, "examples"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(ROOT, "examples", e.name, "segments.seg"))
  .filter((p) => {
    try {
      return readFileSync(p, "utf8").length > 0;
    } catch {
      return false;
    }
  });

describe("typing every example", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  // Every character of every example is typed, one incremental change per character; completion
  // and hover are asked after every change. Requests are pipelined in batches: each must be answered.
  it.each(examples.map((p) => [p.split("/").slice(-2).join("/"), p]))(
    "types %s character by character",
    async (_name, path) => {
      const text = readFileSync(path, "utf8");
      // A buffer next to the example (never written to disk), so that its import resolves.
      const uri = `file://${path.replace(/segments\.seg$/, "__typed__.seg")}`;
      await client.open(uri, "", 0);
      const doc = { text: "", line: 0, character: 0 };
      let version = 0;
      let pending: Promise<unknown>[] = [];
      let answered = 0;
      for (const ch of text) {
        const position = { line: doc.line, character: doc.character };
        version++;
        pending.push(client.change(uri, version, [{ range: { start: position, end: position }, text: ch }]));
        doc.text += ch;
        if (ch === "\n") {
          doc.line++;
          doc.character = 0;
        } else doc.character += ch.length;
        const cursor = { line: doc.line, character: doc.character };
        pending.push(
          client.request("textDocument/completion", { textDocument: { uri }, position: cursor }).then(() => answered++),
        );
        pending.push(
          client
            .request("textDocument/hover", {
              textDocument: { uri },
              position: { line: doc.line, character: Math.max(0, doc.character - 2) },
            })
            .then(() => answered++),
        );
        if (pending.length >= 600) {
          await Promise.all(pending);
          pending = [];
        }
      }
      await Promise.all(pending);
      expect(answered).toBe(2 * [...text].length);
      // The typed buffer is the example: no errors beyond the example's own.
      const final = await client.waitForDiagnostics(uri, (p) => p.version === version, 20_000, true);
      expect(final.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
      await client.close(uri);
      expect(client.alive).toBe(true);
    },
  );
});

describe("memory", () => {
  it("stays bounded after all that typing", () => {
    // Linux only: the resident set of the server process.
    let status: string;
    try {
      status = readFileSync(`/proc/${client.child.pid}/status`, "utf8");
    } catch {
      return;
    }
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    expect(kb / 1024).toBeLessThan(400);
  });
});

// ------------------------------------------------------------------ random edits

const SNIPPETS = [
  "segment ",
  "where ",
  " and ",
  " or ",
  "not ",
  "(",
  ")",
  "{",
  "}",
  ",",
  ".",
  "=",
  ">=",
  '"',
  '"paid"',
  "'x",
  "30 days",
  " over last 3 months",
  " per month",
  "orders",
  "orders.amount",
  "sum(",
  "count(orders where ",
  "\n",
  "\r\n",
  "/*",
  "*/",
  "// c\n",
  "/// doc\n",
  "measure m = ",
  "segmentation S {\n  A where x\n  B otherwise\n}\n",
  "😀",
  "\u0000",
  "é",
  "10%",
  "1_000",
];

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.nat(12)),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 }), fc.constant("")),
});

async function settled(uri: string, version: number): Promise<PublishDiagnosticsParams> {
  return client.waitForDiagnostics(uri, (p) => p.version === version, 20_000, true);
}

describe("random incremental edits", () => {
  let ws: ReturnType<typeof workspace>;
  beforeAll(() => {
    ws = workspace({ "schema.seg": SCHEMA });
  });
  afterAll(() => ws.cleanup());

  it("leave the server's view equal to a fresh open of the final text", async () => {
    let run = 0;
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 20, maxLength: 50 }), async (edits) => {
        run++;
        const uri = ws.uri(`edited-${run}.seg`);
        const freshUri = ws.uri(`fresh-${run}.seg`);
        let model = TextDocument.create(uri, "seg", 1, SEGMENTS);
        await client.open(uri, SEGMENTS, 1);
        for (const e of edits) {
          const len = model.getText().length;
          const start = e.at % (len + 1);
          const end = Math.min(len, start + e.remove);
          const range = { start: model.positionAt(start), end: model.positionAt(end) };
          model = TextDocument.update(model, [{ range, text: e.insert }], model.version + 1);
          await client.change(uri, model.version, [{ range, text: e.insert }]);
          steps++;
        }
        const final = model.getText();
        await client.open(freshUri, final, 1);
        const [a, b] = await Promise.all([settled(uri, model.version), settled(freshUri, 1)]);
        expect(a.diagnostics).toEqual(b.diagnostics);
        const symbols = (u: string) =>
          client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: u } });
        expect(await symbols(uri)).toEqual(await symbols(freshUri));
        const tokens = (u: string) =>
          client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: u } });
        expect(await tokens(uri)).toEqual(await tokens(freshUri));
        await client.close(uri);
        await client.close(freshUri);
        expect(client.alive).toBe(true);
      }),
      { numRuns: 12, seed: 20_251_122 },
    );
    expect(steps).toBeGreaterThan(200);
  });
});

// ------------------------------------------------------------------ malformed and out-of-order requests

describe("malformed and out-of-order requests", () => {
  const uri = "file:///nowhere/unknown.seg";

  it("answers requests for unknown documents with empty results", async () => {
    const td = { textDocument: { uri } };
    const p = { ...td, position: { line: 3, character: 4 } };
    expect(await client.request("textDocument/completion", p)).toEqual([]);
    expect(await client.request("textDocument/hover", p)).toBeNull();
    expect(await client.request("textDocument/definition", p)).toEqual([]);
    expect(await client.request("textDocument/references", { ...p, context: { includeDeclaration: true } })).toEqual(
      [],
    );
    expect(await client.request("textDocument/prepareRename", p)).toBeNull();
    expect(await client.request("textDocument/rename", { ...p, newName: "x" })).toBeNull();
    expect(await client.request("textDocument/documentSymbol", td)).toEqual([]);
    expect(
      await client.request("textDocument/formatting", { ...td, options: { tabSize: 2, insertSpaces: true } }),
    ).toEqual([]);
    expect(await client.request("textDocument/foldingRange", td)).toEqual([]);
    expect(await client.request("textDocument/semanticTokens/full", td)).toEqual({ data: [] });
    expect(
      await client.request("textDocument/codeAction", {
        ...td,
        range: { start: p.position, end: p.position },
        context: { diagnostics: [] },
      }),
    ).toEqual([]);
    expect(client.alive).toBe(true);
  });

  it("survives a request whose handler throws, and says so in the log", async () => {
    const before = client.logs.length;
    // `textDocument: null` makes the handlers dereference null: each must answer, not die.
    for (const method of [
      "textDocument/hover",
      "textDocument/completion",
      "textDocument/definition",
      "textDocument/documentSymbol",
      "textDocument/semanticTokens/full",
    ]) {
      const result = await client.request(method, { textDocument: null, position: "here" }).catch((e: Error) => e);
      expect(result === null || Array.isArray(result) || result instanceof Error || typeof result === "object").toBe(
        true,
      );
    }
    expect(client.logs.slice(before).join("\n")).toMatch(/hover failed/);
    expect(client.alive).toBe(true);
  });

  it("survives positions past the end, negative and fractional positions, and garbage changes", async () => {
    const u = "file:///nowhere/odd.seg";
    await client.open(u, "segment A where x > 1\n", 1);
    for (const position of [
      { line: 999, character: 999 },
      { line: -1, character: -5 },
      { line: 0.5, character: 1e12 },
      { line: 0 },
      null,
    ]) {
      await client.request("textDocument/completion", { textDocument: { uri: u }, position });
      await client.request("textDocument/hover", { textDocument: { uri: u }, position });
      await client.request("textDocument/definition", { textDocument: { uri: u }, position });
    }
    await client.change(u, 2, [
      { range: { start: { line: 50, character: 0 }, end: { line: -3, character: 2 } }, text: "zz" },
    ]);
    await client.conn.sendNotification("textDocument/didChange", {
      textDocument: { uri: u, version: 3 },
      contentChanges: null,
    });
    await client.conn.sendNotification("textDocument/didChange", { textDocument: null, contentChanges: [] });
    await client.conn.sendNotification("textDocument/didOpen", { textDocument: { uri: 42 } });
    await client.conn.sendNotification("textDocument/didClose", {});
    await client.change("file:///never/opened.seg", 1, [{ text: "x" }]);
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: "not a uri", type: 1 }] });
    expect(await client.request("textDocument/documentSymbol", { textDocument: { uri: u } })).toEqual(
      expect.any(Array),
    );
    // Requests after close answer empty.
    await client.close(u);
    expect(
      await client.request("textDocument/completion", {
        textDocument: { uri: u },
        position: { line: 0, character: 0 },
      }),
    ).toEqual([]);
    await expect(client.request("no/such/method", {})).rejects.toThrow();
    expect(client.alive).toBe(true);
  });

  it("handles untitled buffers and files that import themselves", async () => {
    const untitled = "untitled:Untitled-1";
    await client.open(untitled, 'import "./schema.seg"\nsegment A where age > 1\n', 1);
    const d = await client.waitForDiagnostics(untitled, (p) => p.version === 1, 10_000, true);
    expect(d.diagnostics.map((x) => x.code)).toContain("SEG220");
    const ws = workspace({ "self.seg": 'import "./self.seg"\n' });
    const self = ws.uri("self.seg");
    await client.open(self, 'import "./self.seg"\nsegment A where x\n', 1);
    const cyc = await client.waitForDiagnostics(self, (p) => p.version === 1, 10_000, true);
    expect(cyc.diagnostics.length).toBeGreaterThan(0);
    await client.request("textDocument/references", {
      textDocument: { uri: self },
      position: { line: 1, character: 9 },
      context: { includeDeclaration: true },
    });
    await client.close(self);
    await client.close(untitled);
    ws.cleanup();
    expect(client.alive).toBe(true);
  });
});

describe("huge inputs", () => {
  it("stays up on a condition of thousands of terms and on a very long line", async () => {
    const uri = "file:///nowhere/huge.seg";
    const terms = Array.from({ length: 5000 }, (_, i) => `x > ${i}`).join(" and ");
    const text = `entity c from "t" key id {\n  id: string\n  x: int\n}\nsegment A where ${terms}\nsegment B where x > 1\n`;
    await client.open(uri, text, 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000, true);
    const last = { line: 5, character: 17 };
    await client.request("textDocument/hover", { textDocument: { uri }, position: last });
    await client.request("textDocument/completion", { textDocument: { uri }, position: { line: 4, character: 40 } });
    expect(await client.request("textDocument/documentSymbol", { textDocument: { uri } })).toHaveLength(3);
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    expect(tokens.data.length).toBeGreaterThan(5000);
    const items = await client.request<unknown[]>("textDocument/completion", {
      textDocument: { uri },
      position: { line: 6, character: 0 },
    });
    expect(items.length).toBeGreaterThan(0);
    await client.close(uri);
    expect(client.alive).toBe(true);
  });
});

describe("entry points", () => {
  it("starts as `node server.js --stdio` too, as the extension's bundle does", async () => {
    const direct = await Client.start({ direct: true });
    await direct.open("file:///x/a.seg", "segment A where x > 1\n", 1);
    expect(
      await direct.request("textDocument/hover", {
        textDocument: { uri: "file:///x/a.seg" },
        position: { line: 0, character: 9 },
      }),
    ).toBeDefined();
    expect(await direct.stop()).toBe(0);
  });
});
