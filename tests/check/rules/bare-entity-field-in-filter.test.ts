import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("bare-entity-field-in-filter (SEG224)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where any(orders where [[country]] = "NL")\n', "SEG224");
  });
});
