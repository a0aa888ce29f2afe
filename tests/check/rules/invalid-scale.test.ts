import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("invalid-scale (SEG310)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key id {\n  id: string\n  x: decimal([[40]])\n}\n', "SEG310");
  });
});
