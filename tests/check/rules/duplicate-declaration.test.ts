import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("duplicate-declaration (SEG210)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where age > 3\nsegment [[A]] where age > 4\n', "SEG210");
  });
});
