import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("invalid-duration (SEG408)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where any(orders) over last [[0]] days\n', "SEG408");
  });
});
