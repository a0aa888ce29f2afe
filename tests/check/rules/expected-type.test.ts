import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("expected-type (SEG303)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where lower([[age]]) = "x"\n', "SEG303");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where sum([[orders.status]]) > 1\n', "SEG303");
  });
});
