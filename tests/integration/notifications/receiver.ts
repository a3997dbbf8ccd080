// A local webhook receiver (node:http) that answers with the statuses it is given, in order, and
// records every request's headers and raw body. `hang` keeps a request open (to kill a worker mid-send).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: IncomingHttpHeaders; body: string; at: number };
type Reply = number | "hang";

export async function startReceiver(replies: Reply[], fallback: Reply = 200) {
  const received: Received[] = [];
  const queue = [...replies];
  const hanging: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      const reply = queue.shift() ?? fallback;
      if (reply === "hang") {
        hanging.push(() => response.destroy());
        return;
      }
      response.writeHead(reply, { "content-type": "text/plain" }).end(reply < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: async () => {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
