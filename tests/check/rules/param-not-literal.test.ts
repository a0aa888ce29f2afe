import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("param-not-literal (SEG311)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nparam p: int = [[age]]\n', "SEG311");
  });
});
