import { z } from "zod";

export const planChangeInput = z.object({
  workspaceId: z.uuid(),
  action: z.enum(["subscribe", "change", "cancel", "resume"]),
  plan: z.enum(["starter", "pro", "enterprise"]).optional(),
  interval: z.enum(["month", "quarter", "year"]).optional(),
});
