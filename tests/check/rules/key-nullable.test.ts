import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("key-nullable (SEG319)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key id {\n  [[id: string?]]\n}\n', "SEG319");
  });
});
