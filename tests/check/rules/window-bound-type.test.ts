import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("window-bound-type (SEG409)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where any(orders) over from [[3]] to now\n', "SEG409");
  });
});
