import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("duplicate-default-window (SEG406)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\ndefault window last 30 days\n[[default window last 60 days]]\nsegment A where orders >= 1 per week\n',
      "SEG406",
    );
  });
});
