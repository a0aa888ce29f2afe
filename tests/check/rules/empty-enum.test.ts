import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("empty-enum (SEG316)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics('entity c from "c" key id {\n  id: string\n  e: [[enum()]]\n}\n', "SEG316");
  });
});
