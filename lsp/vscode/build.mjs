#!/usr/bin/env node
// Builds the Seg VS Code extension and packages it to <repo>/dist/seg-vscode.vsix, offline.
//
//   node lsp/vscode/build.mjs                 client + language server + grammar, then `vsce package`
//   node lsp/vscode/build.mjs --client-only   without the language server (lsp/src/server.ts)
//   node lsp/vscode/build.mjs --no-package    bundle and copy only, no .vsix
//   node lsp/vscode/build.mjs --server-entry=PATH   bundle another server entry (tests)
//
// Steps: esbuild bundles src/extension.ts (everything but `vscode`) to dist/extension.js and
// lsp/src/server.ts (everything) to dist/server.js, both CommonJS for Node; the grammar is copied
// from grammar/seg.tmLanguage.json to syntaxes/ (the copy is not kept in git); then the vsce of
// the root package runs with --no-dependencies (the bundles need no node_modules) and with its
// output piped, so that it touches no network.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

const args = process.argv.slice(2);
const known = /^--(client-only|no-package|server-entry=.+)$/;
const unknown = args.filter((a) => !known.test(a));
if (unknown.length > 0)
  fail(`unknown option(s) ${unknown.join(" ")}; expected --client-only, --no-package, --server-entry=PATH`);
const clientOnly = args.includes("--client-only");
const noPackage = args.includes("--no-package");
const serverEntryArg = args.find((a) => a.startsWith("--server-entry="))?.slice("--server-entry=".length);

const serverEntry = path.resolve(serverEntryArg ?? path.join(repo, "lsp/src/server.ts"));
const grammarSource = path.join(repo, "grammar/seg.tmLanguage.json");
const distDir = path.join(here, "dist");
const syntaxesDir = path.join(here, "syntaxes");
const vsce = path.join(repo, "node_modules/.bin/vsce");
const vsixOut = path.join(repo, "dist/seg-vscode.vsix");

if (!existsSync(grammarSource)) fail(`the grammar ${rel(grammarSource)} is missing`);
if (!clientOnly && !existsSync(serverEntry)) {
  fail(
    `the language server ${rel(serverEntry)} does not exist yet.\n` +
      "  Build it first, or pass --client-only to package the extension without a language server\n" +
      "  (syntax highlighting and the language configuration only).",
  );
}
if (!existsSync(path.join(here, "node_modules/vscode-languageclient"))) {
  fail(
    "vscode-languageclient is not installed: run `npm install --prefix lsp/vscode` (or `npm ci --prefix lsp/vscode`)",
  );
}

rmSync(distDir, { recursive: true, force: true });
mkdirSync(distDir, { recursive: true });
if (!noPackage) rmSync(vsixOut, { force: true });

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.82 runs extensions on Electron 25, i.e. Node 18.
  target: "node18",
  sourcemap: false,
  logLevel: "warning",
  absWorkingDir: repo,
};

await bundle("the extension client", {
  ...common,
  entryPoints: [path.join(here, "src/extension.ts")],
  outfile: path.join(distDir, "extension.js"),
  external: ["vscode"],
  minify: true,
});
log(`bundled ${rel(path.join(distDir, "extension.js"))} (${kib(path.join(distDir, "extension.js"))})`);

if (clientOnly) {
  log("--client-only: no language server bundled");
} else {
  await bundle(`the language server ${rel(serverEntry)}`, {
    ...common,
    entryPoints: [serverEntry],
    outfile: path.join(distDir, "server.js"),
    // Compact, but with the real function names in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // The server's sources are ESM; a CommonJS bundle has no import.meta, so give it the bundle's own URL.
    define: { "import.meta.url": "__segImportMetaUrl" },
    banner: { js: 'const __segImportMetaUrl = require("url").pathToFileURL(__filename).href;' },
    // Resolve the server's dependencies from the root package, wherever the entry lives.
    nodePaths: [path.join(repo, "node_modules")],
  });
  log(
    `bundled ${rel(path.join(distDir, "server.js"))} from ${rel(serverEntry)} (${kib(path.join(distDir, "server.js"))})`,
  );
}

rmSync(syntaxesDir, { recursive: true, force: true });
mkdirSync(syntaxesDir, { recursive: true });
copyFileSync(grammarSource, path.join(syntaxesDir, "seg.tmLanguage.json"));
log(`copied ${rel(grammarSource)} to ${rel(path.join(syntaxesDir, "seg.tmLanguage.json"))}`);

if (noPackage) {
  log("--no-package: no .vsix written");
} else {
  if (!existsSync(vsce)) fail(`${rel(vsce)} is missing: run \`npm install\` at the repository root`);
  mkdirSync(path.dirname(vsixOut), { recursive: true });
  // stdout is a pipe, not a terminal: on a terminal vsce asks the npm registry for its own latest version.
  const result = spawnSync(
    vsce,
    ["package", "--no-dependencies", "--allow-missing-repository", "--out", path.relative(here, vsixOut)],
    { cwd: here, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
  );
  if (result.error) fail(`could not run vsce: ${result.error.message}`);
  process.stdout.write(result.stdout ?? "");
  if (result.status !== 0) fail(`vsce package failed (exit ${result.status})`);
  log(`packaged ${rel(vsixOut)} (${kib(vsixOut)})`);
}

async function bundle(what, options) {
  try {
    await esbuild.build(options);
  } catch {
    // esbuild has already printed its errors.
    fail(`esbuild could not bundle ${what}`);
  }
}

function rel(p) {
  return path.relative(repo, p) || ".";
}

function kib(p) {
  return `${(statSync(p).size / 1024).toFixed(1)} KiB`;
}

function log(message) {
  console.log(`[seg-vscode] ${message}`);
}

function fail(message) {
  console.error(`[seg-vscode] error: ${message}`);
  process.exit(1);
}
