// What /api/metrics answers: 404 while METRICS_TOKEN is unset (metrics off), 401 without the right
// bearer token (compared in constant time), else the registry in Prometheus's text format after the
// database-backed gauges are read. A failed read still serves the in-process series.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Deps } from "@/lib/deps";
import { getLogger } from "@/lib/log/logger";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { collectSharedMetrics } from "./shared-metrics";
import { getMetrics } from "@/lib/metrics/registry";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether `authorization` is `Bearer <token>` (hashed first, so lengths never differ). */
export function isMetricsTokenValid(authorization: string | null, token: string): boolean {
  const given = authorization?.match(/^Bearer ([^\s]+)$/i)?.[1];
  if (!given) return false;
  return timingSafeEqual(digest(given), digest(token));
}

const problem = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });

export async function renderMetrics(
  deps: Deps,
  authorization: string | null,
  token: string | undefined,
): Promise<Response> {
  if (!token) return problem(404, "not_found", "Metrics are off: set METRICS_TOKEN to turn them on.");
  if (!isMetricsTokenValid(authorization, token)) {
    return new Response(
      JSON.stringify({
        error: { code: "unauthorized", message: "Send Authorization: Bearer <METRICS_TOKEN>." },
      }),
      {
        status: 401,
        headers: {
          "content-type": "application/json",
          "www-authenticate": 'Bearer realm="metrics"',
          "cache-control": "no-store",
        },
      },
    );
  }
  await collectSharedMetrics(deps, (error) =>
    getLogger().warn({ error: describeErrorForLog(error) }, "metrics: could not read a database gauge"),
  );
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
