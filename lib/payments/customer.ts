import "server-only";
import type { Executor } from "@/db";
import { setStripeCustomerId } from "@/db/queries/workspaces";
import type { Workspace } from "@/db/schema";
import type { PaymentsProvider } from "./types";

/**
 * The workspace's one customer at the payments provider: created on first need (`email` is who it
 * is billed to) and remembered on the workspace.
 */
export async function ensureWorkspaceCustomer(
  db: Executor,
  provider: PaymentsProvider,
  workspace: Workspace,
  email: string,
): Promise<string> {
  const customerId = await provider.ensureCustomer(workspace, email);
  if (customerId !== workspace.stripeCustomerId) await setStripeCustomerId(db, workspace.id, customerId);
  return customerId;
}
