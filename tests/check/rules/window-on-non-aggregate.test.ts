import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("window-on-non-aggregate (SEG405)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where age > 3 over [[last 30 days]]\n', "SEG405");
  });
});
