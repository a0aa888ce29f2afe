import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("enum-ordering (SEG304)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[plan > "free"]]\n', "SEG304");
  });
});
