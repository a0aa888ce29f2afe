import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA, seg, workspace } from "./helpers.js";

const MESSY = `import "./schema.seg"
segment   A where age>3   and   plan="pro"   // adults on pro
`;

describe("seg fmt", () => {
  it("--check exits 1 and names the file without writing it", () => {
    const dir = workspace({ "schema.seg": SCHEMA, "s.seg": MESSY });
    const r = seg(["fmt", "--check", "s.seg"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("s.seg\n");
    expect(readFileSync(join(dir, "s.seg"), "utf8")).toBe(MESSY);
  });

  it("rewrites only files that change, keeps comments, and is idempotent", () => {
    const dir = workspace({ "schema.seg": SCHEMA, "s.seg": MESSY });
    const before = statSync(join(dir, "schema.seg")).mtimeMs;
    seg(["fmt", "schema.seg"], { cwd: dir });
    expect(statSync(join(dir, "schema.seg")).mtimeMs).toBe(before);
    expect(seg(["fmt", "."], { cwd: dir }).code).toBe(0);
    const once = readFileSync(join(dir, "s.seg"), "utf8");
    expect(once).toContain("// adults on pro");
    expect(once).toContain('segment A where age > 3 and plan = "pro"');
    expect(seg(["fmt", "--check", "."], { cwd: dir }).code).toBe(0);
  });

  it("leaves a file with syntax errors untouched and exits 1", () => {
    const broken = "segment A where (age > 3\n";
    const dir = workspace({ "s.seg": broken });
    const r = seg(["fmt", "s.seg"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not formatted");
    expect(readFileSync(join(dir, "s.seg"), "utf8")).toBe(broken);
  });

  it("formats standard input to standard output", () => {
    const r = seg(["fmt", "-"], { input: "segment A where age>3\n" });
    expect(r.stdout).toBe("segment A where age > 3\n");
  });
});
