import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-key-field (SEG225)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key [[idd]] {\n  id: string\n}\n', "SEG225");
  });
});
