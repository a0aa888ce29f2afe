import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("duplicate-branch (SEG212)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegmentation T {\n  Hi where age > 40\n  [[Hi]] where age > 20\n  Lo otherwise\n}\n',
      "SEG212",
    );
  });
});
