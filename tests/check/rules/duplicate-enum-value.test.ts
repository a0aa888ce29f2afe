import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("duplicate-enum-value (SEG317)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key id {\n  id: string\n  e: enum("a", [["a"]])\n}\n', "SEG317");
  });
});
