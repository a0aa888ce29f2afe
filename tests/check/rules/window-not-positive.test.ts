import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("window-not-positive (SEG403)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment A where any(orders) over [[from 30 days ago to 60 days ago]]\n',
      "SEG403",
    );
  });
});
