import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("unknown-name (SEG201)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[agee]] > 3\n', "SEG201");
  });
});
