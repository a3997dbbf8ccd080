import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".data/**",
    "node_modules/**",
    "db/migrations/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    plugins: { drizzle },
    rules: {
      // An update or delete without a where clause is never what we mean.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-non-null-assertion": "error",
    },
  },
  {
    // The metering API answers through jsonResponse: the lean path sends its text without reading a
    // stream back (lib/http/json-response.ts). The OpenAPI document is served by Next.js.
    files: ["app/api/v1/**", "lib/api/v1/**"],
    ignores: ["app/api/v1/openapi.json/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "Response", property: "json", message: "Use jsonResponse (lib/http/json-response.ts)." },
      ],
    },
  },
  {
    files: ["tests/**", "e2e/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
]);
