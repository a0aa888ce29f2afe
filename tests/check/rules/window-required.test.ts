import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("window-required (SEG401)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where orders >= 4 [[per month]]\n', "SEG401");
  });
});
