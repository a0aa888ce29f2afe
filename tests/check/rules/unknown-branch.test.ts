import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-branch (SEG206)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegmentation T {\n  Hi where age > 40\n  Lo otherwise\n}\nsegment A where T.[[High]]\n',
      "SEG206",
    );
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegmentation T {\n  Hi where age > 40\n  Lo otherwise\n}\nsegment A where T = [["Low"]]\n',
      "SEG206",
    );
  });
});
