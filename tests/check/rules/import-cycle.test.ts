import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("import-cycle (SEG221)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('[[import "./b.seg"]]\n', "SEG221", { "b.seg": 'import "./main.seg"\n' });
  });
});
