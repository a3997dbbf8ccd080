import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db";
import { rateCard } from "@/db/schema";
import type { Rate } from "@/lib/billing/pricing";

/** Active rates of one feature (all its models and settings). */
export async function getRatesForFeature(db: Database, feature: string): Promise<Rate[]> {
  return db
    .select({
      feature: rateCard.feature,
      model: rateCard.model,
      settings: rateCard.settings,
      creditsPerResult: rateCard.creditsPerResult,
      isPro: rateCard.isPro,
    })
    .from(rateCard)
    .where(and(eq(rateCard.feature, feature), eq(rateCard.active, true)));
}

export async function listRateCard(db: Database) {
  return db
    .select()
    .from(rateCard)
    .where(eq(rateCard.active, true))
    .orderBy(rateCard.feature, rateCard.model);
}
