// Shared by the formatter tests: finding .seg files and comparing parses.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parse } from "../../src/syntax/parse.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(import.meta.dirname, "fixtures");

/** Every `*.seg` under `dir` (recursively), sorted; none when `dir` does not exist. */
export function segFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...segFiles(path));
    else if (name.endsWith(".seg")) out.push(path);
  }
  return out;
}

const POSITIONS = new Set(["span", "nameSpan", "unitSpan"]);

/** The tree without source positions, as plain data. */
export function withoutSpans(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (POSITIONS.has(key) ? undefined : value)));
}

/** Comment texts as the formatter is allowed to normalise them (line ends, trailing blanks). */
export function commentTexts(text: string): string[] {
  return parse(text, "x.seg").comments.map((c) =>
    c.text
      .split(/\r\n?|\n/)
      .map((l) => l.trimEnd())
      .join("\n")
      .trimEnd(),
  );
}

/** `after` parses without errors to the same tree and comments as `before`. */
export function expectSameMeaning(before: string, after: string): void {
  const a = parse(before, "x.seg");
  const b = parse(after, "x.seg");
  expect(b.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(withoutSpans(b.file)).toEqual(withoutSpans(a.file));
  expect(commentTexts(after)).toEqual(commentTexts(before));
}

/** The layout invariants every formatted text has. */
export function expectCleanText(text: string): void {
  expect(text).not.toMatch(/\r/);
  expect(text).not.toMatch(/[ \t]+\n/);
  if (text !== "") {
    expect(text.endsWith("\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(text.startsWith("\n")).toBe(false);
  }
}
