import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("filter-on-non-aggregate (SEG307)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where lower(country where [[age > 3]]) = "x"\n', "SEG307");
  });
});
