// The metering API's 401 path built up one stage at a time, for bench:stages: each stage is what
// server.ts does for a request with no valid key, up to a point, in a node:http server of its own. The
// 401 needs no database, so what a stage adds is the app's own CPU and nothing else:
//
//   plain     node:http reads the body and answers the 401's JSON: no Next.js in the process
//   next      the same, with Next.js loaded in the process as server.ts loads it (next() and prepare(),
//             the route modules of the build)
//   bridge    and the lean path's bridge (lib/http/node-bridge.ts): the body read, the Request made,
//             a JsonResponse answered with the API's security headers
//   observed  and the observed wrapper (lib/api/observe.ts): the request id and its async context, the
//             duration metric and the access-log line
//
// The last stage, the route itself (the key checked and refused), is server.ts, which bench:stages
// starts as `npm start` does. Not part of the app; started by scripts/bench/stages.ts only.
//
//   tsx --conditions=react-server scripts/bench/stage-server.ts   (env: STAGE, PORT, and the app's env)
// First, as in server.ts: no source maps for what loads after it (lib/runtime/source-maps.ts).
import "../../lib/runtime/source-maps-off";
import { createServer } from "node:http";

const STAGES = ["plain", "next", "bridge", "observed"] as const;
const stage = STAGES.find((name) => name === process.env.STAGE);
if (!stage) throw new Error(`STAGE must be one of ${STAGES.join(", ")}`);
const port = Number(process.env.PORT);
/** The route's answer to a request with no valid key (lib/api/v1/auth.ts). */
const REFUSAL = {
  error: { code: "unauthorized", message: "Send a valid API key as `Authorization: Bearer <key>`." },
};

if (stage === "plain" || stage === "next") {
  if (stage === "next") await loadNext();
  createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify(REFUSAL));
    });
  }).listen(port, "127.0.0.1", () => console.log(`ready (${stage})`));
} else {
  await loadNext();
  const { readCappedBody, sendResponse, apiSecurityHeadersFor, toRequest } =
    await import("../../lib/http/node-bridge");
  const { jsonResponse } = await import("../../lib/http/json-response");
  const { observeRequest } = await import("../../lib/api/observe");
  const { default: nextConfig } = await import("../../next.config");
  const headers = await apiSecurityHeadersFor(nextConfig);
  const refuse = async () => jsonResponse(REFUSAL, { status: 401 });
  createServer((request, response) => {
    void (async () => {
      const body = await readCappedBody(request);
      const made = toRequest(request, body);
      const answer = stage === "observed" ? await observeRequest(made, refuse) : await refuse();
      await sendResponse(response, answer, headers, body.truncated);
    })();
  }).listen(port, "127.0.0.1", () => console.log(`ready (${stage})`));
}

/** Next.js in this process, as server.ts has it: prepared, with the route modules of the build loaded. */
async function loadNext(): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  await next({ dev: false, dir: process.cwd(), customServer: true }).prepare();
  const { loadLeanRoutes } = await import("../../lib/http/lean-routes");
  await loadLeanRoutes(process.cwd());
}
