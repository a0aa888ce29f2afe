import { describe, expect, it } from "vitest";
import { SCHEMA, seg, workspace } from "./helpers.js";

const BROKEN = `import "./schema.seg"
segment A where agee > 3
segment B where plan = "pr"
segment C where age > 50 and age < 30
`;

describe("seg check", () => {
  it("exits 0 on the examples with no diagnostics", () => {
    const r = seg(["check", "examples"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("exits 1 and prints a code frame with a caret for errors", () => {
    const dir = workspace({ "schema.seg": SCHEMA, "segments.seg": BROKEN });
    const r = seg(["check", "segments.seg"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("segments.seg:2:17 error SEG201 unknown name `agee`; did you mean `age`?");
    expect(r.stdout).toContain("2 | segment A where agee > 3\n  |                 ^^^^");
    expect(r.stdout).toContain("segments.seg:3:24 error SEG204");
    expect(r.stdout).toContain("segments.seg:4:17 warning SEG501");
    expect(r.stderr).toContain("2 errors, 1 warning");
  });

  it("prints the json format of the tooling brief", () => {
    const dir = workspace({ "schema.seg": SCHEMA, "segments.seg": BROKEN });
    const r = seg(["check", "--format", "json", "segments.seg"], { cwd: dir });
    const items = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(items[0]).toMatchObject({
      file: "segments.seg",
      line: 2,
      column: 17,
      endLine: 2,
      endColumn: 21,
      severity: "error",
      code: "SEG201",
    });
    expect(items[0]!.fixes).toEqual([
      { title: "Change to `age`", edits: [{ span: { start: 38, end: 42 }, newText: "age" }] },
    ]);
  });

  it("prints SARIF 2.1.0 and GitHub annotations", () => {
    const dir = workspace({ "schema.seg": SCHEMA, "segments.seg": BROKEN });
    const sarif = JSON.parse(seg(["check", "--format", "sarif", "segments.seg"], { cwd: dir }).stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: "SEG201", level: "error" });
    const gh = seg(["check", "--format", "github", "segments.seg"], { cwd: dir }).stdout;
    expect(gh.split("\n")[0]).toBe(
      "::error file=segments.seg,line=2,col=17,endLine=2,endColumn=21,title=SEG201::unknown name `agee`; did you mean `age`?",
    );
  });

  it("reads standard input with -", () => {
    const r = seg(["check", "-"], { input: 'entity c from "c" key id {\n  id: strng\n}\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("SEG301 unknown type `strng`; did you mean `string`?");
  });

  it("exits 2 on a usage error, without a stack trace", () => {
    const missing = seg(["check", "no-such-dir"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or directory: no-such-dir");
    const badFlag = seg(["check", "--format", "xml"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("reports every syntax error of a file with several mistakes", () => {
    const dir = workspace({
      "schema.seg": SCHEMA,
      "s.seg": 'import "./schema.seg"\nsegment A where\nsegment B where age > > 3\nsegment C where age > 3\n',
    });
    const r = seg(["check", "--format", "json", "s.seg"], { cwd: dir });
    const found = (JSON.parse(r.stdout) as { line: number; code: string }[]).map(
      (d) => `${d.line}:${d.code.slice(0, 4)}`,
    );
    // Both broken segments are reported as syntax errors; the valid third one still parses and checks.
    expect(found).toEqual(expect.arrayContaining(["2:SEG1", "3:SEG1"]));
    expect(found.every((f) => f.endsWith("SEG1"))).toBe(true);
  });
});
