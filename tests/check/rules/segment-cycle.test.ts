import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("segment-cycle (SEG222)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment [[A]] where B\nsegment B where A\n', "SEG222");
  });
});
