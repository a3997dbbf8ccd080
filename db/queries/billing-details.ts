// A workspace's billing details (workspace_billing_details) and the test-mode stand-in's record of
// the customer update it would have sent to Stripe (test_mode_customers).
import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  testModeCustomers,
  workspaceBillingDetails,
  type NewWorkspaceBillingDetails,
  type TestModeCustomer,
  type WorkspaceBillingDetails,
} from "@/db/schema";

/** The workspace's billing details; null until an owner saves them. */
export async function getBillingDetails(
  db: Executor,
  workspaceId: string,
): Promise<WorkspaceBillingDetails | null> {
  const [row] = await db
    .select()
    .from(workspaceBillingDetails)
    .where(eq(workspaceBillingDetails.workspaceId, workspaceId));
  return row ?? null;
}

/** Saves the workspace's billing details (the one row, replaced whole). */
export async function saveBillingDetails(db: Executor, values: NewWorkspaceBillingDetails): Promise<void> {
  const { workspaceId: _workspaceId, ...fields } = values;
  await db
    .insert(workspaceBillingDetails)
    .values(values)
    .onConflictDoUpdate({ target: workspaceBillingDetails.workspaceId, set: fields });
}

/** Records what the stand-in's customer was last sent (as Stripe's customer would hold it). */
export async function saveTestModeCustomer(
  db: Executor,
  values: Omit<TestModeCustomer, "updatedAt"> & { updatedAt: Date },
): Promise<void> {
  const { workspaceId: _workspaceId, ...fields } = values;
  await db
    .insert(testModeCustomers)
    .values(values)
    .onConflictDoUpdate({ target: testModeCustomers.workspaceId, set: fields });
}
