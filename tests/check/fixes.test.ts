// A fix is only useful if applying it makes the diagnostic go away.
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { diagnose } from "./harness.js";

function applyFirstFix(text: string, d: Diagnostic): string {
  const fix = d.fixes[0];
  if (!fix) throw new Error(`${d.code} carries no fix`);
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  return edits.reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

const W = 'import "./schema.seg"\n';
const cases: [string, string][] = [
  ["SEG201", `${W}segment A where agee > 3\n`],
  ["SEG202", `${W}segment A where any(orders where statsu = "paid")\n`],
  ["SEG204", `${W}segment A where plan = "entreprise"\n`],
  ["SEG224", `${W}segment A where any(orders where country = "NL")\n`],
  ["SEG301", 'entity c from "c" key id {\n  id: strng\n}\n'],
  ["SEG401", `${W}segment A where orders >= 4 per month\n`],
  ["SEG503", `${W}segmentation T {\n  Hi where age > 40\n}\n`],
  ["SEG504", `${W}segment A where age = null\n`],
];

describe("machine-applicable fixes", () => {
  for (const [code, text] of cases)
    it(`${code}: applying the first fix leaves no ${code}`, () => {
      const d = diagnose(text).find((x) => x.code === code);
      expect(d, `expected ${code}`).toBeDefined();
      const fixed = applyFirstFix(text, d!);
      expect(diagnose(fixed).filter((x) => x.severity === "error" || x.code === code)).toEqual([]);
    });

  it("the second window fix adds a default window", () => {
    const text = `${W}segment A where orders >= 4 per month\n`;
    const d = diagnose(text).find((x) => x.code === "SEG401")!;
    const fixed = applyFirstFix(text, { ...d, fixes: [d.fixes[1]!] });
    expect(fixed).toContain("default window last 90 days");
    expect(diagnose(fixed)).toEqual([]);
  });
});
