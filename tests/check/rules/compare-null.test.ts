import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("compare-null (SEG504)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[age = null]]\n', "SEG504");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[null != age]]\n', "SEG504");
  });
});
