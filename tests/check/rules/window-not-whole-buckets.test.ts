import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("window-not-whole-buckets (SEG402)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment A where orders >= 1 every week over [[last 30 days]]\n',
      "SEG402",
    );
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where orders >= 1 every day over [[last 1 month]]\n', "SEG402");
  });
});
