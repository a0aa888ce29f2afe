import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("import-not-found (SEG220)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import [["./nope.seg"]]\n', "SEG220");
  });
});
