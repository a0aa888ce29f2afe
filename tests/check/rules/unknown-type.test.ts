import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-type (SEG301)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key id {\n  id: string\n  n: [[integer]]\n}\n', "SEG301");
  });
});
