// The example folders' sample data is generated (scripts/gen/example-data.mjs): it must match
// its generator byte for byte, and stay small enough to live in the repository.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const examples = join(repo, "examples");
const folders = readdirSync(examples).filter((d) => existsSync(join(examples, d, "schema.seg")));

describe("example data", () => {
  it("is what the generator produces (no drift)", () => {
    const r = spawnSync(process.execPath, ["scripts/gen/example-data.mjs", "--check"], { cwd: repo, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(folders)("examples/%s/data is under 1 MB", (dir) => {
    const data = join(examples, dir, "data");
    const size = readdirSync(data).reduce((n, f) => n + statSync(join(data, f)).size, 0);
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThan(1024 * 1024);
  });
});
