import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("reserved-field-name (SEG213)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'entity c from "c" key id {\n  id: string\n}\nevents e of c from "e" by cid at ts {\n  [[at]]: timestamp\n}\n',
      "SEG213",
    );
  });
});
