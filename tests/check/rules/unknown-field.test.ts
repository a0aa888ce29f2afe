import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-field (SEG202)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where any(orders where [[statuss]] = "paid")\n', "SEG202");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where max(orders.[[amont]]) > 3\n', "SEG202");
  });
});
