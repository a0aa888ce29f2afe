// Every valid fixture parses without a diagnostic; every broken one reports exactly the diagnostics
// in its `.expected.json` (code, 1-based line and column) and keeps the declarations listed there.
// UPDATE_EXPECTED=1 rewrites the expectations from the parser's output: read the diff before keeping it.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { lineColumn, treeProblems } from "./helpers.js";

const fixtures = join(import.meta.dirname, "fixtures");
const segFiles = (dir: string): string[] =>
  readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith(".seg"))
    .sort();

interface Expected {
  readonly diagnostics: readonly { readonly code: string; readonly line: number; readonly column: number }[];
  /** "Kind name" of every declaration in the tree, in order. */
  readonly declarations: readonly string[];
}

function observe(text: string, file: string): Expected & { problems: string[] } {
  const result = parse(text, file);
  return {
    diagnostics: result.diagnostics.map((d) => ({ code: d.code, ...lineColumn(text, d.span.start) })),
    declarations: result.file.declarations.map((d) => `${d.kind} ${"name" in d ? d.name.name : ""}`.trim()),
    problems: treeProblems(result, text),
  };
}

describe("valid fixtures", () => {
  it("are at least 20", () => expect(segFiles("valid").length).toBeGreaterThanOrEqual(20));

  it.each(segFiles("valid"))("%s parses without diagnostics", (name) => {
    const text = readFileSync(join(fixtures, "valid", name), "utf8");
    const result = parse(text, name);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(treeProblems(result, text)).toEqual([]);
  });
});

describe("broken fixtures", () => {
  it("outnumber the valid ones", () => {
    expect(segFiles("broken").length).toBeGreaterThanOrEqual(25);
    expect(segFiles("broken").length).toBeGreaterThan(segFiles("valid").length);
  });

  it.each(segFiles("broken"))("%s reports what its .expected.json lists", async (name) => {
    const path = join(fixtures, "broken", name);
    const expectedPath = path.replace(/\.seg$/, ".expected.json");
    const { problems, ...actual } = observe(readFileSync(path, "utf8"), name);
    expect(problems).toEqual([]);
    if (process.env["UPDATE_EXPECTED"]) {
      const options = { ...(await prettier.resolveConfig(expectedPath)), filepath: expectedPath };
      writeFileSync(expectedPath, await prettier.format(JSON.stringify(actual), options));
    }
    const expected = JSON.parse(readFileSync(expectedPath, "utf8")) as Expected;
    expect(actual.diagnostics.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});
