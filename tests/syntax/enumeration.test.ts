// Every token sequence up to length 5 over a small alphabet: the parser never fails internally and
// every span it reports lies within the text (and within the node around it).
import { describe, expect, it } from "vitest";
import { parse } from "../../src/syntax/parse.js";
import { treeProblems } from "./helpers.js";

const alphabet = ["segment", "X", "where", "(", ")", "and", ">", "1", '"s"', ".", "{", "}"];
const maxLength = 5;

function* sequences(length: number): Generator<string[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const prefix of sequences(length - 1)) for (const token of alphabet) yield [...prefix, token];
}

describe("exhaustive token sequences", () => {
  it(`all ${alphabet.length}^0…${alphabet.length}^${maxLength} sequences parse cleanly`, () => {
    let count = 0;
    const failures: string[] = [];
    for (let length = 0; length <= maxLength; length++) {
      for (const tokens of sequences(length)) {
        const text = tokens.join(" ");
        const result = parse(text, "enum.seg");
        const problems = treeProblems(result, text);
        if (result.diagnostics.some((d) => d.code === "SEG109")) problems.push("internal error");
        if (problems.length && failures.length < 10) failures.push(`${JSON.stringify(text)}: ${problems.join("; ")}`);
        count++;
      }
    }
    expect(count).toBe((alphabet.length ** (maxLength + 1) - 1) / (alphabet.length - 1));
    expect(failures).toEqual([]);
  });
});
