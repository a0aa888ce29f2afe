import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("reserved-name (SEG214)", () => {
  it("reports a segment named like the JS module's own export", () => {
    expectDiagnostics('import "./schema.seg"\nsegment [[evaluate]] where age > 3\n', "SEG214");
  });
});
