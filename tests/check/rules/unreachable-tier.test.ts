import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unreachable-tier (SEG502)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegmentation T {\n  Hi where orders >= 10\n  [[Higher]] where orders >= 20\n  Lo otherwise\n}\n',
      "SEG502",
    );
  });
  it("reports case 2 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegmentation T {\n  Hi where age > 3\n  Lo otherwise\n  [[Never]] where age > 1\n}\n',
      "SEG502",
    );
  });
});
