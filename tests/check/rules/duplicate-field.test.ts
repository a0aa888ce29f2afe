import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("duplicate-field (SEG211)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key id {\n  id: string\n  [[id]]: int\n}\n', "SEG211");
  });
});
