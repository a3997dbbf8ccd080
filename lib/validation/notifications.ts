import { z } from "zod";
import { CREDIT_EVENT_TYPES } from "@/lib/notifications/messages";

const workspaceId = z.uuid();

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The URL, or null when it does not parse (the url check reports that). */
function parseUrl(value: string): URL | null {
  return URL.canParse(value) ? new URL(value) : null;
}

/** https anywhere; plain http only to this machine (for development receivers). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the URL that should receive the webhooks")
  .max(2_000, "Use a URL of at most 2,000 characters")
  .pipe(z.url({ error: "Enter a full URL, like https://example.com/webhooks/creditpool" }))
  .refine((value) => {
    const url = parseUrl(value);
    return !url || url.protocol === "https:" || (url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
  }, "Use https:// (plain http:// works only for localhost while developing)")
  .refine((value) => {
    const url = parseUrl(value);
    return !url || (!url.username && !url.password);
  }, "Leave user names and passwords out of the URL");

export const notificationRefInput = z.object({ workspaceId, notificationId: z.uuid() });
export const workspaceOnlyInput = z.object({ workspaceId });
export const emailPreferenceInput = z.object({
  workspaceId,
  type: z.enum(CREDIT_EVENT_TYPES),
  email: z.boolean(),
});
export const webhookEndpointInput = z.object({ workspaceId, url: webhookUrlSchema });
