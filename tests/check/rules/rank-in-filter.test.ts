import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("rank-in-filter (SEG320)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment B where age > 3\nsegment A where any(orders where [[B]])\n',
      "SEG320",
    );
  });
});
