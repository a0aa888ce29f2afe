import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("type-mismatch (SEG302)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[country > 3]]\n', "SEG302");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[signup_at = "x"]]\n', "SEG302");
  });
});
