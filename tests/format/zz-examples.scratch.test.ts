import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { it } from "vitest";
import { format } from "../../src/format/format.js";
import { ROOT, segFiles } from "./helpers.js";
import { join } from "node:path";
it("gen", () => {
  for (const f of [...segFiles(join(ROOT, "examples")), ...segFiles(join(ROOT, "tests/syntax/fixtures/valid"))]) {
    const r = format(readFileSync(f, "utf8"), f);
    const out = "/tmp/fmtex/" + f.slice(ROOT.length + 1);
    mkdirSync(out.replace(/\/[^/]*$/, ""), { recursive: true });
    writeFileSync(out, r.ok ? r.text : JSON.stringify(r.diagnostics, null, 1));
  }
});
