import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-entity (SEG207)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A for [[custmer]] where age > 3\n', "SEG207");
  });
});
