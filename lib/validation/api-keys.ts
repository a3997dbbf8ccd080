import { z } from "zod";

export const createApiKeyInput = z.object({
  workspaceId: z.uuid(),
  name: z
    .string()
    .trim()
    .min(1, "Name the key (say, which service uses it)")
    .max(60, "At most 60 characters"),
});
export const revokeApiKeyInput = z.object({ workspaceId: z.uuid(), apiKeyId: z.uuid() });
