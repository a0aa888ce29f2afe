import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("percent-out-of-range (SEG313)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where age in top [[0%]]\n', "SEG313");
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where age in top [[150%]]\n', "SEG313");
  });
});
