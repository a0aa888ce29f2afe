import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("param-override-invalid (SEG312)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nparam [[p]]: int = 3\nsegment A where age > p\n',
      "SEG312",
      {},
      { params: { p: "abc" } },
    );
  });
});
