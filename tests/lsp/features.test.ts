// Hover, navigation, rename, outline, formatting, semantic tokens, folding, quick fixes and the
// compile command, end to end over stdio. segments.seg is open; schema.seg stays on disk.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  CodeAction,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  SemanticTokens,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { format } from "../../src/format/format.js";
import { Client, markers, offsetAt, positionAt, workspace } from "./harness.js";
import { SCHEMA, SEGMENTS } from "./fixtures.js";

let client: Client;
let ws: ReturnType<typeof workspace>;
const OTHER = `import "./segments.seg"\n\nsegment Big where spend > 1000 and country = "FR"\n\nsegment Top where Frequency = "High" or Frequency.Low\n`;

beforeAll(async () => {
  ws = workspace({ "schema.seg": SCHEMA, "segments.seg": SEGMENTS, "other.seg": OTHER });
  client = await Client.start({ rootDir: ws.dir });
  await client.open(ws.uri("segments.seg"), SEGMENTS);
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  ws.cleanup();
});

/** The position of the n-th occurrence of `needle` in `text`, plus `delta` characters. */
function at(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not found`);
  return positionAt(text, i + delta);
}

async function hoverText(uri: string, text: string, needle: string, delta = 0, nth = 0): Promise<string> {
  const h = await client.request<Hover | null>("textDocument/hover", {
    textDocument: { uri },
    position: at(text, needle, delta, nth),
  });
  const c = h?.contents;
  return c && typeof c === "object" && "value" in c ? c.value : "";
}

/** Applies LSP edits (from the end backwards) to a text. */
function apply(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  return out;
}

describe("hover", () => {
  const uri = () => ws.uri("segments.seg");

  it("shows a field's type and declaration from the imported schema", async () => {
    const h = await hoverText(uri(), SEGMENTS, "orders.amount", 8);
    expect(h).toContain("orders.amount: decimal(2)");
  });

  it("shows a measure's type, doc comment and definition", async () => {
    const h = await hoverText(uri(), SEGMENTS, "spend > min_spend", 1);
    expect(h).toContain("measure spend: decimal(2)");
    expect(h).toContain("Total paid spend.");
    expect(h).toContain('sum(orders.amount where status = "paid")');
  });

  it("shows a segment's definition, doc and resolved windows", async () => {
    const h = await hoverText(uri(), SEGMENTS, "LoyalHighValue", 2);
    expect(h).toContain("segment LoyalHighValue for customer");
    expect(h).toContain("Buys about weekly and spends well.");
    expect(h).toContain("orders >= 4 per month and spend > min_spend");
    // The rate uses the file's default window; the measure has none.
    expect(h).toMatch(/`orders`: `last 90 days` \(the file's `default window`/);
    expect(h).toMatch(/`spend` → `sum\(orders\.amount where status = "paid"\)`: no window applies/);
  });

  it("shows which window applies to an aggregate", async () => {
    expect(await hoverText(uri(), SEGMENTS, "any(orders)", 1)).toMatch(/Window: `last 6 months` \(its own `over`\)/);
    expect(await hoverText(uri(), SEGMENTS, "orders >= 1 every week", 2)).toMatch(
      /`last 8 weeks` \(the rate's own `over`, checked in each week\)/,
    );
    // `spend over last 30 days`: the window reaches into the measure.
    expect(await hoverText(uri(), SEGMENTS, "spend over last 30", 2)).toMatch(
      /`sum\(orders\.amount where status = "paid"\)`: `last 30 days`/,
    );
    expect(await hoverText(uri(), SEGMENTS, "sum(", 1)).toContain("no window applies");
  });

  it("shows a param's type and value, and nothing on blank space", async () => {
    expect(await hoverText(uri(), SEGMENTS, "min_spend", 2, 1)).toContain("param min_spend: decimal(0) = 500");
    expect(await hoverText(uri(), SEGMENTS, "\n\ndefault", 1)).toBe("");
  });
});

describe("navigation", () => {
  it("goes to a definition in the same file and across an import", async () => {
    const uri = ws.uri("segments.seg");
    const local = await client.request<Location[]>("textDocument/definition", {
      textDocument: { uri },
      position: at(SEGMENTS, "spend > min_spend", 1),
    });
    expect(local).toEqual([{ uri, range: { start: at(SEGMENTS, "spend ="), end: at(SEGMENTS, "spend =", 5) } }]);
    const across = await client.request<Location[]>("textDocument/definition", {
      textDocument: { uri },
      position: at(SEGMENTS, "orders.amount", 9),
    });
    expect(across).toEqual([
      { uri: ws.uri("schema.seg"), range: { start: at(SCHEMA, "amount:"), end: at(SCHEMA, "amount:", 6) } },
    ]);
    const imported = await client.request<Location[]>("textDocument/definition", {
      textDocument: { uri },
      position: at(SEGMENTS, "schema.seg"),
    });
    expect(imported[0]?.uri).toBe(ws.uri("schema.seg"));
  });

  it("finds references across files, including unopened ones in the workspace", async () => {
    const uri = ws.uri("segments.seg");
    const refs = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: at(SEGMENTS, "spend =", 1),
      context: { includeDeclaration: true },
    });
    const where = refs.map((r) => `${r.uri.split("/").pop()}:${r.range.start.line}`);
    expect(where).toEqual(["other.seg:2", "segments.seg:5", "segments.seg:10", "segments.seg:12"]);
    const noDecl = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: at(SEGMENTS, "spend =", 1),
      context: { includeDeclaration: false },
    });
    expect(noDecl).toHaveLength(3);
    // A field of the schema, used in two files.
    const country = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri: ws.uri("segments.seg") },
      position: at(SEGMENTS, "status", 2),
      context: { includeDeclaration: true },
    });
    expect(country.map((r) => r.uri.split("/").pop())).toEqual(["schema.seg", "segments.seg"]);
  });

  it("renames across files and keeps a renamed field's column", async () => {
    const uri = ws.uri("segments.seg");
    const prep = await client.request<{ placeholder: string } | null>("textDocument/prepareRename", {
      textDocument: { uri },
      position: at(SEGMENTS, "spend =", 2),
    });
    expect(prep?.placeholder).toBe("spend");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: at(SEGMENTS, "spend =", 2),
      newName: "paid_spend",
    });
    const changes = edit.changes!;
    expect(Object.keys(changes).sort()).toEqual([ws.uri("other.seg"), ws.uri("segments.seg")].sort());
    expect(apply(OTHER, changes[ws.uri("other.seg")]!)).toContain("segment Big where paid_spend > 1000");
    const renamed = apply(SEGMENTS, changes[uri]!);
    expect(renamed).toContain("measure paid_spend = sum");
    expect(renamed).toContain("and paid_spend > min_spend");

    const field = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: at(SEGMENTS, "orders.amount", 8),
      newName: "total",
    });
    const schema = apply(SCHEMA, field.changes![ws.uri("schema.seg")]!);
    expect(schema).toContain('  total: decimal(2) from "amount"\n');
    expect(apply(SEGMENTS, field.changes![uri]!)).toContain("sum(orders.total where");
  });

  it("renames a tier where it is named and where its label is compared with a string", async () => {
    const uri = ws.uri("segments.seg");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      textDocument: { uri },
      position: at(SEGMENTS, "High    where"),
      newName: "Weekly",
    });
    expect(apply(SEGMENTS, edit.changes![uri]!)).toContain("  Weekly    where orders >= 1 every week");
    expect(apply(OTHER, edit.changes![ws.uri("other.seg")]!)).toContain(
      'segment Top where Frequency = "Weekly" or Frequency.Low',
    );
    const refs = await client.request<Location[]>("textDocument/references", {
      textDocument: { uri },
      position: at(SEGMENTS, "Low "),
      context: { includeDeclaration: true },
    });
    expect(refs.map((r) => r.uri.split("/").pop())).toEqual(["other.seg", "segments.seg"]);
  });

  it("refuses a rename that is not a name or that clashes", async () => {
    const uri = ws.uri("segments.seg");
    const pos = at(SEGMENTS, "spend =", 2);
    await expect(
      client.request("textDocument/rename", { textDocument: { uri }, position: pos, newName: "not a name" }),
    ).rejects.toThrow(/not a valid Seg name/);
    await expect(
      client.request("textDocument/rename", { textDocument: { uri }, position: pos, newName: "min_spend" }),
    ).rejects.toThrow(/already declared/);
    await expect(
      client.request("textDocument/rename", { textDocument: { uri }, position: pos, newName: "country" }),
    ).rejects.toThrow(/field/);
    expect(
      await client.request("textDocument/prepareRename", { textDocument: { uri }, position: at(SEGMENTS, "default") }),
    ).toBeNull();
  });
});

describe("document features", () => {
  it("outlines declarations with fields and tiers", async () => {
    const uri = ws.uri("schema.seg");
    await client.open(uri, SCHEMA);
    const schema = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(schema.map((s) => [s.name, s.children?.map((c) => c.name)])).toEqual([
      ["customer", ["id", "age", "country", "plan", "signup_at"]],
      ["orders", ["amount", "channel", "status"]],
    ]);
    const segs = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: ws.uri("segments.seg") },
    });
    expect(segs.map((s) => s.name)).toEqual(["spend", "min_spend", "LoyalHighValue", "Recent", "Frequency"]);
    expect(segs.at(-1)!.children!.map((c) => c.name)).toEqual(["High", "Low", "Churned"]);
    await client.close(uri);
  });

  it("formats like `seg fmt`, and not at all with syntax errors", async () => {
    const messy = 'import "./schema.seg"\nsegment   A   where age>1 and\n country="FR"\n';
    const uri = ws.uri("messy.seg");
    await client.open(uri, messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 8, insertSpaces: false },
    });
    const expected = format(messy, "messy.seg");
    expect(expected.ok).toBe(true);
    expect(apply(messy, edits)).toBe(expected.ok ? expected.text : "");
    const broken = "segment A where (age > 1\n";
    await client.change(uri, 2, [{ text: broken }]);
    expect(
      await client.request("textDocument/formatting", {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ).toEqual([]);
    await client.close(uri);
  });

  it("gives semantic tokens in a valid encoding that tell names apart", async () => {
    const uri = ws.uri("segments.seg");
    const legend = [
      "keyword",
      "number",
      "string",
      "comment",
      "operator",
      "class",
      "event",
      "property",
      "function",
      "parameter",
      "variable",
      "enum",
      "enumMember",
      "type",
    ];
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length).toBeGreaterThan(50);
    const lines = SEGMENTS.split("\n");
    let line = 0;
    let char = 0;
    const found = new Map<string, string>();
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type] = tokens.data.slice(i, i + 4) as [number, number, number, number];
      expect(dl).toBeGreaterThanOrEqual(0);
      char = dl === 0 ? char + dc : dc;
      line += dl;
      expect(len).toBeGreaterThan(0);
      expect(char + len).toBeLessThanOrEqual(lines[line]!.length);
      expect(type).toBeLessThan(legend.length);
      found.set(lines[line]!.slice(char, char + len), legend[type]!);
    }
    expect(found.get("segment")).toBe("keyword");
    expect(found.get("orders")).toBe("event");
    expect(found.get("amount")).toBe("property");
    expect(found.get("spend")).toBe("function");
    expect(found.get("min_spend")).toBe("parameter");
    expect(found.get("LoyalHighValue")).toBe("variable");
    expect(found.get("Frequency")).toBe("enum");
    expect(found.get("High")).toBe("enumMember");
    expect(found.get('"paid"')).toBe("string");
    expect(found.get("500")).toBe("number");
    expect(found.get("/// Total paid spend.")).toBe("comment");
    expect(found.get("sum")).toBe("function");
  });

  it("folds blocks, multi-line declarations and comment runs", async () => {
    const text = `// a\n// b\n${SCHEMA}`;
    const uri = ws.uri("fold.seg");
    await client.open(uri, text);
    const ranges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } });
    expect(ranges).toEqual(
      expect.arrayContaining([
        // `// a`, `// b` and the doc comment below them are one run of line comments.
        { startLine: 0, endLine: 2, kind: "comment" },
        { startLine: 3, endLine: 8 },
        { startLine: 12, endLine: 15 },
      ]),
    );
    await client.close(uri);
  });

  it("offers a did-you-mean quick fix and applies it", async () => {
    const text = 'import "./schema.seg"\n\nsegment A where contry = "FR"\n';
    const uri = ws.uri("typo.seg");
    await client.open(uri, text);
    const diags = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 10_000, true);
    const d = diags.diagnostics[0]!;
    expect(d.code).toBe("SEG201");
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.title.includes("country"))!;
    expect(fix.kind).toBe("quickfix");
    expect(apply(text, fix.edit!.changes![uri]!)).toBe('import "./schema.seg"\n\nsegment A where country = "FR"\n');
    await client.close(uri);
  });

  it("offers the add-a-window fix for a rate without one", async () => {
    const text = 'import "./schema.seg"\n\nsegment A where orders >= 2 per month\n';
    const uri = ws.uri("rate.seg");
    await client.open(uri, text);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: { start: at(text, "per"), end: at(text, "per") },
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual(
      expect.arrayContaining(["Add `over last 90 days`", "Add a default window to this file"]),
    );
    await client.close(uri);
  });
});

describe("seg.compileSql", () => {
  it("compiles the buffer as shown, unsaved changes included", async () => {
    const uri = ws.uri("segments.seg");
    const { text, offsets } = markers(SEGMENTS.replace("segment Recent", "segment <|>Recent"));
    await client.change(uri, 2, [
      { range: { start: positionAt(text, offsets[0]!), end: positionAt(text, offsets[0]! + 6) }, text: "Fresh" },
    ]);
    const sql = await client.request<string>("workspace/executeCommand", {
      command: "seg.compileSql",
      arguments: [{ uri, dialect: "postgres" }],
    });
    expect(typeof sql).toBe("string");
    expect(sql).toMatch(/SELECT/);
    expect(sql).toContain('"Fresh"');
    expect(sql).not.toContain('"Recent"');
  });

  it("answers errors with a message, not a crash", async () => {
    const uri = ws.uri("segments.seg");
    await expect(
      client.request("workspace/executeCommand", {
        command: "seg.compileSql",
        arguments: [{ uri, dialect: "oracle" }],
      }),
    ).rejects.toThrow(/dialect/);
    const bad = ws.uri("bad.seg");
    await client.open(bad, "segment A where nope > 1\n");
    await expect(
      client.request("workspace/executeCommand", {
        command: "seg.compileSql",
        arguments: [{ uri: bad, dialect: "duckdb" }],
      }),
    ).rejects.toThrow(/SEG2/);
    await expect(
      client.request("workspace/executeCommand", { command: "seg.compileSql", arguments: [] }),
    ).rejects.toThrow();
    expect(client.alive).toBe(true);
  });
});
