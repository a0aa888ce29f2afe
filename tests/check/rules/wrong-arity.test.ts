import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("wrong-arity (SEG305)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('import "./schema.seg"\nsegment A where [[days_between(signup_at)]] > 1\n', "SEG305");
  });
});
