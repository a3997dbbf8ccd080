import "server-only";
import { eq } from "drizzle-orm";
import type { Database, Executor } from "@/db";
import { rateCard, type NewRateCardRow, type Rate } from "@/db/schema";

export async function listRateCard(db: Database) {
  return db
    .select()
    .from(rateCard)
    .where(eq(rateCard.active, true))
    .orderBy(rateCard.feature, rateCard.model, rateCard.creditsPerResult, rateCard.id);
}

const CACHE_MS = 5_000;
const cache = new WeakMap<Database, { at: number; rates: Rate[] }>();

/**
 * The whole active rate card, cached for a few seconds: pricing sits on the metering API's hot
 * path, and a rate change taking up to 5 s to apply is fine. The cache is per process. A cached card
 * is answered at once, not as a promise (every spend asks); `await` takes either.
 */
export function getRateCardCached(db: Database): Rate[] | Promise<Rate[]> {
  const now = Date.now();
  const cached = cache.get(db);
  if (cached && now - cached.at < CACHE_MS) return cached.rates;
  return loadRateCard(db, now);
}

async function loadRateCard(db: Database, now: number): Promise<Rate[]> {
  const rates = await db
    .select({
      feature: rateCard.feature,
      model: rateCard.model,
      settings: rateCard.settings,
      creditsPerResult: rateCard.creditsPerResult,
      isPro: rateCard.isPro,
    })
    .from(rateCard)
    .where(eq(rateCard.active, true));
  cache.set(db, { at: now, rates });
  return rates;
}

/** Adds rates to the card; a rate already there (same feature, model and settings) is left as it is. */
export async function addRates(db: Executor, rates: NewRateCardRow[]): Promise<void> {
  await db.insert(rateCard).values(rates).onConflictDoNothing();
}
