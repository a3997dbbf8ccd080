// What the fault suite's load and checks share: the target it runs against and what it remembers.
import type { Database } from "../../db";
import type { Failures } from "./app";

export type Acknowledged = {
  kind: "usage" | "hold" | "purchase" | "refund" | "dispute";
  key: string;
  credits: number;
  path: string;
  body: unknown;
};

export type LoadTarget = {
  base: string;
  db: Database;
  workspaceId: string;
  memberId: string;
  apiKey: string;
  webhookSecret: string;
  failures: Failures;
};

export type LoadResult = {
  acknowledged: Acknowledged[];
  /** Purchases paid at the provider whose webhook is never sent: reconciliation's to find. */
  lostWebhooks: string[];
  /** Refunds and lost disputes whose webhook is never sent (their ledger keys): reconciliation's too. */
  lostReversals: string[];
  /**
   * Refunds and disputes whose stand-in record was being written when the database went away: the
   * write may have committed with its answer lost, so reconciliation may find and apply each of them
   * (once), or not at all.
   */
  uncertainReversals: number;
};
