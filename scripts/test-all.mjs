// The whole test suite: types, lint and layout, production build (integration and end-to-end tests run
// the built server), then unit, integration (SQLite and PostgreSQL) and end-to-end tests (Debian's chromium).
import { spawnSync } from "node:child_process";

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run("node", ["node_modules/@react-router/dev/bin.js", "typegen"]);
run("node", ["node_modules/typescript/bin/tsc", "--noEmit"]);
// Lint (typescript-eslint, React hooks, jsx-a11y) and layout (Prettier): issue 13.
run("node", ["node_modules/eslint/bin/eslint.js", "--max-warnings", "0", "."]);
run("node", ["node_modules/prettier/bin/prettier.cjs", "--check", "--log-level", "warn", "**/*.{ts,tsx,js,mjs,css}"]);
run("node", ["node_modules/@react-router/dev/bin.js", "build"]);
run("node", ["node_modules/vitest/vitest.mjs", "run"]);
