import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-event-set (SEG203)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where count([[order]]) > 3\n', "SEG203");
  });
});
