import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("nested-aggregate (SEG308)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where any(orders where [[count(orders)]] > 1)\n', "SEG308");
  });
});
