import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("float-equality (SEG505)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[score = 0.5]]\n', "SEG505");
  });
});
