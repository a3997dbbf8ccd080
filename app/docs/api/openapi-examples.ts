// Example requests built from the schemas: bodies, query values and the curl command that sends them.
import { curlCommand } from "@/components/api-docs/curl";
import { isSafeBound, resolve, show } from "./openapi-fields";
import type { JsonSchema, OpenApiDocument, Operation, Parameter } from "./openapi-types";

/** The shell variable the curl examples read the key from. */
export const API_KEY_VARIABLE = "$CREDITPOOL_API_KEY";

// Example values for fields the schemas give none: ones a caller would plausibly send.
const FIELD_EXAMPLES: Record<string, unknown> = {
  idempotencyKey: "render-7f3a9c2e-1",
};

export type ExampleContext = { doc: OpenApiDocument; now: Date };

function exampleValue(ctx: ExampleContext, schema: JsonSchema, name: string): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return exampleValue(ctx, resolve(ctx.doc, schema), name);
  if (name in FIELD_EXAMPLES) return FIELD_EXAMPLES[name];
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case "object": {
      const required = new Set(schema.required ?? []);
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        // Required fields, and optional ones the schema shows an example for.
        if (required.has(key) || property.example !== undefined) {
          value[key] = exampleValue(ctx, property, key);
        }
      }
      return value;
    }
    case "array":
      return schema.items ? [exampleValue(ctx, schema.items, name)] : [];
    case "integer":
    case "number":
      return isSafeBound(schema.minimum) ? Math.max(schema.minimum, 1) : 1;
    case "boolean":
      return true;
    case "string":
      if (schema.format === "date-time") return isoSeconds(ctx.now);
      return name;
    default:
      return null;
  }
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function monthRange(now: Date): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: isoSeconds(from), to: isoSeconds(to) };
}

function shellVariable(name: string): string {
  return `$${name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** The value a query parameter gets in the examples, if it gets one. */
export function parameterExample(ctx: ExampleContext, parameter: Parameter): string | undefined {
  // A period's bounds read best as this month's (UTC).
  if (parameter.name === "from" || parameter.name === "to") return monthRange(ctx.now)[parameter.name];
  const value =
    parameter.schema.example ??
    parameter.schema.default ??
    (parameter.required ? exampleValue(ctx, parameter.schema, parameter.name) : undefined);
  return value === undefined ? undefined : show(value);
}

export function buildCurl(
  ctx: ExampleContext,
  serverUrl: string,
  method: string,
  path: string,
  operation: Operation,
): string {
  let url = path;
  const query: [string, string][] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === "path") url = url.replace(`{${parameter.name}}`, shellVariable(parameter.name));
    if (parameter.in !== "query") continue;
    const value = parameterExample(ctx, parameter);
    if (value !== undefined) query.push([parameter.name, value]);
  }
  const schema = operation.requestBody?.content["application/json"]?.schema;
  return curlCommand({
    method,
    url: `${serverUrl}${url}`,
    apiKey: API_KEY_VARIABLE,
    query,
    body: schema ? exampleValue(ctx, resolve(ctx.doc, schema), "body") : undefined,
  });
}
