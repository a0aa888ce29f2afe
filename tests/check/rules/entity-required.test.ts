import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("entity-required (SEG223)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nentity account from "a" key id {\n  id: string\n}\nsegment [[A]] where country = "x"\n',
      "SEG223",
    );
  });
});
