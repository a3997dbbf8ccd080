import type { ActionError, ActionResult } from "@/lib/actions/action-client";

export type ClientActionError = ActionError | { code: "network"; message: string; fieldErrors?: undefined };
export type ClientActionResult<T> = { ok: true; data: T } | { ok: false; error: ClientActionError };

const NETWORK_MESSAGE = "We couldn't reach the server. Check your connection and try again.";

/**
 * Calls a server action from the browser. Expected failures already come back as values; this
 * also turns a dropped connection into one, so forms can show it instead of crashing.
 */
export async function runAction<T>(call: () => Promise<ActionResult<T>>): Promise<ClientActionResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: "network", message: NETWORK_MESSAGE } };
  }
}
