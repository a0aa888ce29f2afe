import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("invalid-literal (SEG309)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where signup_at > date [["2024-02-30"]]\n', "SEG309");
  });
});
