import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("rate-needs-number (SEG407)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment A where [[orders >= age per month over last 3 months]]\n',
      "SEG407",
    );
  });
});
