import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("missing-otherwise (SEG503)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegmentation [[T]] {\n  Hi where age > 40\n}\n', "SEG503");
  });
});
