// Calls the metering API's route handlers with real Request objects, as Next.js would, and checks
// every response body against the OpenAPI document's own schema for that status.
import { expect } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { apiKeys } from "@/db/schema";
import { newApiKey } from "@/lib/api/v1/auth";
import { buildOpenApiDocument } from "@/lib/api/v1/openapi";
import * as usage from "@/app/api/v1/usage/route";
import * as batch from "@/app/api/v1/usage/batch/route";
import * as quote from "@/app/api/v1/quote/route";
import * as holds from "@/app/api/v1/holds/route";
import * as settle from "@/app/api/v1/holds/[holdId]/settle/route";
import * as release from "@/app/api/v1/holds/[holdId]/release/route";
import * as balance from "@/app/api/v1/balance/route";
import { testDb } from "./db";

export const openapi = buildOpenApiDocument("http://creditpool.test");

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const [id, schema] of Object.entries(openapi.components.schemas))
  ajv.addSchema(schema, `#/components/schemas/${id}`);

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: { pattern: RegExp; methods: Record<string, Handler>; path: string }[] = [
  { pattern: /^\/api\/v1\/usage\/batch$/, methods: batch as never, path: "/api/v1/usage/batch" },
  { pattern: /^\/api\/v1\/usage$/, methods: usage as never, path: "/api/v1/usage" },
  { pattern: /^\/api\/v1\/quote$/, methods: quote as never, path: "/api/v1/quote" },
  { pattern: /^\/api\/v1\/holds$/, methods: holds as never, path: "/api/v1/holds" },
  {
    pattern: /^\/api\/v1\/holds\/(?<holdId>[^/]+)\/settle$/,
    methods: settle as never,
    path: "/api/v1/holds/{holdId}/settle",
  },
  {
    pattern: /^\/api\/v1\/holds\/(?<holdId>[^/]+)\/release$/,
    methods: release as never,
    path: "/api/v1/holds/{holdId}/release",
  },
  { pattern: /^\/api\/v1\/balance$/, methods: balance as never, path: "/api/v1/balance" },
];

export type ApiResponse = { status: number; body: Record<string, unknown>; headers: Headers };

/** One API call; the response must match the OpenAPI document for its path, method and status. */
export async function call(
  method: "GET" | "POST",
  url: string,
  options: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const parsed = new URL(url, "http://creditpool.test");
  const route = ROUTES.find((r) => r.pattern.test(parsed.pathname));
  if (!route) throw new Error(`no route for ${parsed.pathname}`);
  const handler = route.methods[method];
  if (!handler) throw new Error(`no ${method} for ${parsed.pathname}`);
  const params = (route.pattern.exec(parsed.pathname)?.groups ?? {}) as Record<string, string>;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(new Request(parsed, { method, headers, body }), {
    params: Promise.resolve(params),
  });
  const json = (await response.json()) as Record<string, unknown>;
  // Never cached, never gzipped by the server (see lib/api/v1/route.ts).
  expect(response.headers.get("cache-control"), `${method} ${url} cache-control`).toBe(
    "no-store, no-transform",
  );
  const operation = (
    openapi.paths as Record<
      string,
      Record<
        string,
        {
          responses: Record<
            string,
            { content?: Record<string, { schema: { $ref: string } }>; headers?: Record<string, unknown> }
          >;
        }
      >
    >
  )[route.path]?.[method.toLowerCase()];
  const documented = operation?.responses[String(response.status)];
  expect(documented, `${method} ${route.path} ${response.status} is documented`).toBeDefined();
  // Every header the document promises for this answer is there (the RateLimit fields, Retry-After on 429).
  for (const name of Object.keys(documented?.headers ?? {})) {
    expect(response.headers.has(name), `${method} ${route.path} ${response.status} sends ${name}`).toBe(true);
  }
  const schemaRef = documented?.content?.["application/json"]?.schema.$ref;
  if (schemaRef) {
    const validate = ajv.getSchema(schemaRef);
    expect(
      validate?.(json),
      `${method} ${route.path} ${response.status}: ${JSON.stringify(validate?.errors)}`,
    ).toBe(true);
  }
  return { status: response.status, body: json, headers: response.headers };
}

/** A fresh API key for the workspace (the way the create action makes one). */
export async function makeApiKey(
  workspaceId: string,
  rateLimit?: { perSecond: number; burst: number },
): Promise<{ key: string; id: string }> {
  const { key, prefix, secretHash } = newApiKey();
  const [row] = await testDb()
    .insert(apiKeys)
    .values({
      workspaceId,
      name: "test",
      prefix,
      secretHash,
      createdAt: new Date(),
      rateLimitPerSecond: rateLimit?.perSecond ?? null,
      rateLimitBurst: rateLimit?.burst ?? null,
    })
    .returning({ id: apiKeys.id });
  return { key, id: row!.id };
}
