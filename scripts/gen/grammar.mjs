// grammar/railroad.html: syntax diagrams of the parser's rules, drawn by chevrotain.
import { createSyntaxDiagramsCode } from "chevrotain";
import { serializedGrammar } from "../../dist/src/syntax/index.js";

export const name = "grammar";

export async function outputs() {
  return [{ path: "grammar/railroad.html", content: createSyntaxDiagramsCode(serializedGrammar()) }];
}
