// The VS Code extension (lsp/vscode) declares the language, grammar, command and setting that the
// grammar and the language server rely on; these checks keep the pieces in step.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const extensionDir = path.join(root, "lsp/vscode");

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: {
    languages: { id: string; extensions: string[]; aliases: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { type: string; enum?: string[]; default?: unknown }> };
  };
}

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string }[];
  surroundingPairs: [string, string][];
  wordPattern: string;
}

const manifest = readJson<Manifest>(path.join(extensionDir, "package.json"));
const grammar = readJson<{ scopeName: string }>(path.join(root, "grammar/seg.tmLanguage.json"));

describe("VS Code extension manifest", () => {
  it("identifies the extension and its entry point", () => {
    expect(manifest.name).toBe("seg-vscode");
    expect(manifest.publisher).toBe("seglang");
    expect(manifest.engines.vscode).toBe("^1.82.0");
    expect(manifest.main).toBe("./dist/extension.js");
    expect(manifest.activationEvents).toContain("onLanguage:seg");
    expect(manifest.dependencies["vscode-languageclient"]).toMatch(/^\^9\./);
    expect(manifest.devDependencies["@types/vscode"]).toMatch(/1\.82/);
  });

  it("registers the seg language and its grammar", () => {
    const language = manifest.contributes.languages.find((l) => l.id === "seg");
    expect(language?.extensions).toEqual([".seg"]);
    expect(language?.aliases).toContain("Seg");
    expect(language?.configuration).toBe("./language-configuration.json");
    expect(existsSync(path.join(extensionDir, language?.configuration ?? "missing"))).toBe(true);
    const contributed = manifest.contributes.grammars.find((g) => g.language === "seg");
    expect(contributed?.scopeName).toBe(grammar.scopeName);
    // The grammar is copied there by build.mjs from grammar/seg.tmLanguage.json.
    expect(contributed?.path).toBe("./syntaxes/seg.tmLanguage.json");
  });

  it("contributes the show-SQL command and the dialect setting", () => {
    const command = manifest.contributes.commands.find((c) => c.command === "seg.showSql");
    expect(`${command?.category}: ${command?.title}`).toBe("Seg: Show compiled SQL");
    const dialect = manifest.contributes.configuration.properties["seg.sqlDialect"];
    expect(dialect?.enum).toEqual(["postgres", "mysql", "sqlite", "duckdb"]);
    expect(dialect?.default).toBe("duckdb");
  });

  it("keeps the client sending seg.compileSql with { uri, dialect }", () => {
    const source = readFileSync(path.join(extensionDir, "src/extension.ts"), "utf8");
    expect(source).toContain('"seg.compileSql"');
    expect(source).toContain('registerCommand("seg.showSql"');
    expect(source).toMatch(/arguments: \[\{ uri: .*, dialect \}\]/);
    expect(source).toContain('documentSelector: [{ language: "seg" }]');
    expect(source).toContain('createFileSystemWatcher("**/*.seg")');
  });
});

describe("language configuration", () => {
  const config = readJson<LanguageConfiguration>(path.join(extensionDir, "language-configuration.json"));

  it("declares the comment syntax of the grammar", () => {
    expect(config.comments.lineComment).toBe("//");
    expect(config.comments.blockComment).toEqual(["/*", "*/"]);
  });

  it("pairs brackets and quotes", () => {
    expect(config.brackets).toEqual([
      ["{", "}"],
      ["(", ")"],
    ]);
    const closing = Object.fromEntries(config.autoClosingPairs.map((p) => [p.open, p.close]));
    expect(closing).toMatchObject({ "{": "}", "(": ")", '"': '"', "'": "'" });
    expect(config.surroundingPairs).toEqual(
      expect.arrayContaining([
        ["{", "}"],
        ["(", ")"],
        ['"', '"'],
        ["'", "'"],
      ]),
    );
  });

  it("has a word pattern that selects whole identifiers", () => {
    const word = new RegExp(config.wordPattern, "g");
    expect("segment LoyalHighValue where orders.amount_eur >= 1_000".match(word)).toEqual([
      "segment",
      "LoyalHighValue",
      "where",
      "orders",
      "amount_eur",
      "1_000",
    ]);
  });
});
