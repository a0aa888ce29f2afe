import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-function (SEG208)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[lowr]](country) = "x"\n', "SEG208");
  });
});
