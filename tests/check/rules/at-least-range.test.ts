import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("at-least-range (SEG404)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where orders >= 1 in at least [[9 of 8]] weeks\n', "SEG404");
  });
});
