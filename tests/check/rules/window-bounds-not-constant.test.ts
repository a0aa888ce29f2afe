import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("window-bounds-not-constant (SEG410)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where any(orders) over from [[signup_at]] to now\n', "SEG410");
  });
});
