// GET /api/v1/openapi.json: the metering API's OpenAPI 3.1 document (public).
import { getAppUrl } from "@/lib/app-url";
import { buildOpenApiDocument } from "@/lib/api/v1/openapi";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return Response.json(buildOpenApiDocument(await getAppUrl()));
}
