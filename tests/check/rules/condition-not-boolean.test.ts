import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("condition-not-boolean (SEG314)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[age + 1]]\n', "SEG314");
  });
});
