import { readFileSync, writeFileSync } from "node:fs";
import { it } from "vitest";
import { format } from "../../src/format/format.js";
import { FIXTURES, segFiles } from "./helpers.js";
it("gen", () => {
  for (const f of segFiles(FIXTURES).filter((f) => !f.endsWith(".expected.seg"))) {
    const r = format(readFileSync(f, "utf8"), f);
    writeFileSync("/tmp/fmtgen/" + f.split("/").pop()!.replace(/\.seg$/, ".expected.seg"), r.ok ? r.text : JSON.stringify(r.diagnostics, null, 1));
  }
});
