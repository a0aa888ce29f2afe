import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-enum-value (SEG204)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where plan = [["pr"]]\n', "SEG204");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment A where any(orders where status in ("paid", [["refund"]]))\n',
      "SEG204",
    );
  });
});
