import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("not-an-aggregate-argument (SEG306)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where sum([[orders]]) > 1\n', "SEG306");
  });
});
