import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("event-field-outside-filter (SEG228)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[orders.amount]] > 3\n', "SEG228");
  });
});
