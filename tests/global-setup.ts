// Tests that spawn the `seg` binary or the language server need dist/ current: build once per run.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  if (process.env.SEG_SKIP_BUILD) return;
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}
