import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | null = null;

/** The repository root (where package.json and assets/ are), found from this module's location. */
export function appRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "assets", "fonts")) && dirname(dir) !== dir) dir = dirname(dir);
  root = existsSync(join(dir, "assets", "fonts")) ? dir : process.cwd();
  return root;
}
