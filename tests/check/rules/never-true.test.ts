import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("never-true (SEG501)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[age > 50 and age < 30]]\n', "SEG501");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment A where country = "x" and ([[plan = "pro" and plan = "free"]])\n',
      "SEG501",
    );
  });
});
