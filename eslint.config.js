// ESLint (issue 13): TypeScript's recommended rules, React's rules of hooks and the accessibility rules of
// jsx-a11y (RGAA/WCAG checks that can be read from the markup), with Prettier owning the layout.
// Run by `npm test` (scripts/test-all.mjs) and `npm run lint`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".react-router/**", "public/**", ".tmp/**", "coverage/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  prettier,
  // Migrations are written against the schema of their day, not today's types (Kysely's advice: Kysely<any>).
  { files: ["app/db/migrations/**"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // Unused names are mistakes, except the ones written to be ignored (« _drafts », « _req »).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
);
