import { readFileSync } from "node:fs";
import { it } from "vitest";
import { format } from "../../src/format/format.js";
import { lex } from "../../src/syntax/parse.js";
it("debug", () => {
  const source = readFileSync(process.env.F!, "utf8");
  const boundaries = [...new Set(lex(source).flatMap((t) => [t.span.start, t.span.end]))].sort((a, b) => a - b);
  let shown = 0;
  for (const comment of [" /* c */ ", " // c\n", "\n/// d\n"]) for (const at of boundaries) {
    const text = source.slice(0, at) + comment + source.slice(at);
    const r = format(text, "x.seg");
    if (!r.ok) continue;
    const r2 = format(r.text, "x.seg");
    if (r2.ok && r2.text === r.text) continue;
    if (shown++ > 3) return;
    const lines = (s: string) => s.split("\n");
    const a = lines(r.text), b = r2.ok ? lines(r2.text) : ["NOT OK " + JSON.stringify(r2.diagnostics)];
    let i = 0; while (i < a.length && a[i] === b[i]) i++;
    console.log("INSERT", JSON.stringify(comment), "at", at, "\n--- once:\n" + a.slice(Math.max(0,i-3), i+4).join("\n") + "\n--- twice:\n" + b.slice(Math.max(0,i-3), i+4).join("\n"));
  }
});
