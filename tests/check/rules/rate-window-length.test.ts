import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("rate-window-length (SEG411)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nsegment A where [[orders >= 1 per week over from date "2024-01-01" to now]]\n',
      "SEG411",
    );
  });
});
