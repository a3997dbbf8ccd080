// Turns the OpenAPI document (lib/api/v1/openapi.ts) into what the reference page shows: operations,
// their fields, responses and curl examples. Everything here is read from the document, so the page
// follows the zod schemas the API validates with.
import {
  describeRules,
  describeType,
  fieldsOf,
  objectAnchor,
  refName,
  resolve,
  show,
} from "./openapi-fields";
import { buildCurl, parameterExample, type ExampleContext } from "./openapi-examples";
import type {
  ApiReference,
  ErrorStatusView,
  JsonSchema,
  OpenApiDocument,
  Operation,
  OperationView,
} from "./openapi-types";

export type * from "./openapi-types";
export { objectAnchor } from "./openapi-fields";
export { API_KEY_VARIABLE } from "./openapi-examples";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function operationAnchor(operationId: string): string {
  return operationId.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

function statusOrder(a: string, b: string): number {
  return Number(a) - Number(b);
}

/**
 * Named objects a reader needs a section for: everything reachable from a response, or nested in a
 * request, except request bodies, which are spelled out with their operation.
 */
function referencedObjects(doc: OpenApiDocument, operations: Operation[], bodies: Set<string>): string[] {
  const seen = new Set<string>();
  const visit = (schema: JsonSchema | undefined) => {
    if (!schema) return;
    if (schema.$ref) {
      const name = refName(schema.$ref);
      if (seen.has(name)) return;
      seen.add(name);
      visit(doc.components.schemas[name]);
      return;
    }
    Object.values(schema.properties ?? {}).forEach(visit);
    schema.anyOf?.forEach(visit);
    visit(schema.items);
    if (typeof schema.additionalProperties === "object") visit(schema.additionalProperties);
  };
  for (const operation of operations) {
    for (const response of Object.values(operation.responses))
      visit(response.content?.["application/json"]?.schema);
    // A request body's own fields are listed with its operation; only objects nested in it need a section.
    const body = operation.requestBody?.content["application/json"]?.schema;
    if (body) visit(resolve(doc, body));
  }
  // In the document's order, which puts requests before responses.
  return Object.keys(doc.components.schemas).filter((name) => seen.has(name) && !bodies.has(name));
}

export function buildApiReference(doc: OpenApiDocument, now: Date): ApiReference {
  const ctx: ExampleContext = { doc, now };
  const serverUrl = doc.servers[0]?.url ?? "";
  const raw: Operation[] = [];
  const operations: OperationView[] = [];
  const bodies = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    // In the document's order: POST /usage before GET /usage, as written.
    for (const [method, operation] of Object.entries(item)) {
      if (!(METHODS as readonly string[]).includes(method)) continue;
      raw.push(operation);
      const bodySchema = operation.requestBody?.content["application/json"]?.schema;
      const bodyRef = bodySchema?.$ref ? refName(bodySchema.$ref) : undefined;
      const isFirstUse = bodyRef !== undefined && !bodies.has(bodyRef);
      if (bodyRef) bodies.add(bodyRef);
      operations.push({
        id: operationAnchor(operation.operationId),
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        description: operation.description,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          location: parameter.in,
          depth: 0,
          type: describeType(parameter.schema),
          isRequired: parameter.required === true,
          description: parameter.description ?? parameter.schema.description,
          rules: describeRules(parameter.schema),
          // Without an example in the document, show the value the curl command uses.
          example:
            parameter.schema.example !== undefined
              ? show(parameter.schema.example)
              : parameter.schema.default === undefined && parameter.in === "query"
                ? parameterExample(ctx, parameter)
                : undefined,
          defaultValue: parameter.schema.default !== undefined ? show(parameter.schema.default) : undefined,
        })),
        body: bodySchema
          ? {
              schemaRef: bodyRef,
              anchorId: isFirstUse && bodyRef ? objectAnchor(bodyRef) : undefined,
              isRequired: operation.requestBody?.required === true,
              fields: fieldsOf(doc, bodySchema),
            }
          : undefined,
        responses: Object.entries(operation.responses)
          .sort(([a], [b]) => statusOrder(a, b))
          .map(([status, response]) => {
            const schema = response.content?.["application/json"]?.schema;
            return {
              status,
              description: response.description ?? "",
              schemaRef: schema?.$ref ? refName(schema.$ref) : undefined,
            };
          }),
        curl: buildCurl(ctx, serverUrl, method, path, operation),
      });
    }
  }

  const errorsByStatus = new Map<string, ErrorStatusView>();
  for (const operation of operations) {
    for (const response of operation.responses) {
      if (Number(response.status) < 400) continue;
      const entry = errorsByStatus.get(response.status) ?? {
        status: response.status,
        description: response.description,
        operations: [],
      };
      entry.operations.push({ id: operation.id, method: operation.method, path: operation.path });
      errorsByStatus.set(response.status, entry);
    }
  }

  const scheme = Object.values(doc.components.securitySchemes)[0];
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description,
    openapi: doc.openapi,
    serverUrl,
    authScheme: scheme?.scheme ?? scheme?.type ?? "bearer",
    operations,
    errors: [...errorsByStatus.values()].sort((a, b) => statusOrder(a.status, b.status)),
    objects: referencedObjects(doc, raw, bodies).map((name) => {
      const schema = doc.components.schemas[name] ?? {};
      return { name, id: objectAnchor(name), description: schema.description, fields: fieldsOf(doc, schema) };
    }),
  };
}
