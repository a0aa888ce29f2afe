// Generated files: every module in scripts/gen/ exports `name` and `outputs()`, which resolves to
// [{ path, content }] with paths relative to the repository root.
//   node scripts/gen.mjs           writes them
//   node scripts/gen.mjs --check   writes nothing; lists the files that differ and exits 1 (drift)
// Generators import the compiled library from dist/, so run `npm run build` first.
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const generatorDir = join(root, "scripts", "gen");

const modules = (await readdir(generatorDir)).filter((f) => f.endsWith(".mjs")).sort();
const drifted = [];
for (const file of modules) {
  const generator = await import(pathToFileURL(join(generatorDir, file)).href);
  for (const { path, content } of await generator.outputs()) {
    const target = join(root, path);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (check) {
      if (current !== content) drifted.push(`${path} (${generator.name})`);
    } else if (current !== content) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
      console.log(`wrote ${path} (${generator.name})`);
    }
  }
}

if (drifted.length) {
  console.error(`generated files differ from their generators; run \`npm run gen\`:\n  ${drifted.join("\n  ")}`);
  process.exit(1);
}
if (check) console.log(`generated files are up to date (${modules.length} generators)`);
