// DuckDB's node API, sql.js and PGlite decode result text with `new TextDecoder()`,
// whose default (ignoreBOM: false) drops a leading U+FEFF: the engine stores
// "\uFEFFa" (length 2) but the driver hands back "a". The harness promises text exactly
// as stored, so it makes those decoders keep the BOM. pg and mysql2 are unaffected.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Runs `create` while every new TextDecoder keeps a leading BOM. sql.js builds its
 * decoder inside initSqlJs() and PGlite inside PGlite.create(), and neither makes
 * another one later (measured), so patching the global only for that call suffices.
 */
export async function withBomKeepingDecoders<T>(create: () => Promise<T>): Promise<T> {
  const original = globalThis.TextDecoder;
  globalThis.TextDecoder = class extends original {
    constructor(label?: string, options?: ConstructorParameters<typeof TextDecoder>[1]) {
      super(label, { ...options, ignoreBOM: true });
    }
  };
  try {
    return await create();
  } finally {
    globalThis.TextDecoder = original;
  }
}

let duckdbPatched = false;

/** DuckDB's decoder is a module-level export, created when the package loads; replace it. */
export function keepBomInDuckDB(): void {
  if (duckdbPatched) return;
  const accessors = require("@duckdb/node-api/lib/vectors/dataAccessors.js") as { textDecoder?: unknown };
  if (!accessors.textDecoder) throw new Error("@duckdb/node-api internals changed: no textDecoder to replace");
  accessors.textDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
  duckdbPatched = true;
}
