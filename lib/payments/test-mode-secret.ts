// Pure (no server-only), so scripts and the e2e secrets check derive the same value the server does.
import { createHash } from "node:crypto";

/** The test-mode webhook secret a server with this session secret signs and checks events with. */
export function testModeWebhookSecret(sessionSecret: string): string {
  return `whsec_${createHash("sha256").update(`test-mode-webhook:${sessionSecret}`).digest("hex")}`;
}
