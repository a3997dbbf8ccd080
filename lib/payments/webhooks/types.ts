import type { Database } from "@/db";
import type { Clock } from "@/lib/clock";

export type WebhookContext = { db: Database; clock: Clock };
export type WebhookResult = { handled: string };
