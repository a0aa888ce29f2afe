// Generator: the compiled SQL (every dialect) and JS of every example, committed under tests/golden
// so that any change in the compiler's output shows up as a reviewed diff.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

export const name = "golden";

export async function outputs() {
  const { compile, dialectNames } = await import(join(root, "dist/src/index.js"));
  const out = [];
  const examples = join(root, "examples");
  for (const dir of readdirSync(examples).sort()) {
    const file = join(examples, dir, "segments.seg");
    try {
      statSync(file);
    } catch {
      continue;
    }
    const targets = [
      ...dialectNames.map((d) => ({ ext: `${d}.sql`, options: { to: "sql", dialect: d } })),
      { ext: "js", options: { to: "js" } },
    ];
    for (const { ext, options } of targets) {
      const r = compile(file, options);
      const content = r.ok
        ? r.output
        : `-- does not compile for this target:\n${r.diagnostics.map((d) => `-- ${d.code} ${d.message}`).join("\n")}\n`;
      out.push({ path: `tests/golden/${dir}/segments.${ext}`, content });
    }
  }
  return out;
}

export default { name, outputs };
