// The syntax stage: text → tokens → syntax tree with spans, comments and syntax diagnostics.
export * from "./ast.js";
export { lex, parse, MAX_NESTING, type ParseResult, type SegToken, type TokenCategory } from "./parse.js";
export { serializedGrammar } from "./parser.js";
