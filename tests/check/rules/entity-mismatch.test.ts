import { describe, it } from "vitest";
import { expectDiagnostics } from "../harness.js";

describe("entity-mismatch (SEG227)", () => {
  it("reports case 1 at the marked span", () => {
    expectDiagnostics(
      'import "./schema.seg"\nentity account from "a" key id {\n  id: string\n}\nsegment A for account where count([[orders]]) > 1\n',
      "SEG227",
    );
  });
});
