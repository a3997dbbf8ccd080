// What a generation costs, from the rate card. Pure: the ledger loads the rate card rows and
// prices outside its locked section.
import { MAX_CREDITS } from "@/db/schema/ledger";
import type { Rate } from "@/db/schema/usage";

export type SettingValue = string | number | boolean;
export type GenerationSettings = Record<string, SettingValue>;

export type GenerationRequest = {
  feature: string;
  model: string;
  settings: GenerationSettings;
  results: number;
};

export type Price =
  | { ok: true; credits: number; creditsPerResult: number; isPro: boolean; rate: Rate }
  | {
      ok: false;
      code: "unknown_feature" | "unknown_model" | "unknown_settings";
      details: Record<string, unknown>;
    };

function matches(rate: Rate, settings: GenerationSettings): boolean {
  return Object.entries(rate.settings).every(([key, value]) => {
    const given = settings[key];
    return given !== undefined && String(given) === value;
  });
}

/**
 * Prices a generation: the most specific rate whose settings all match the request's wins
 * (a rate for {resolution: "1080p", duration: "10"} beats one for {resolution: "1080p"}), times
 * the number of results. Ties go to the rate whose settings sort first, so pricing is stable.
 */
export function priceGeneration(rates: readonly Rate[], request: GenerationRequest): Price {
  const forFeature = rates.filter((rate) => rate.feature === request.feature);
  if (forFeature.length === 0)
    return { ok: false, code: "unknown_feature", details: { feature: request.feature } };
  const forModel = forFeature.filter((rate) => rate.model === request.model);
  if (forModel.length === 0) {
    return { ok: false, code: "unknown_model", details: { feature: request.feature, model: request.model } };
  }
  const candidates = forModel
    .filter((rate) => matches(rate, request.settings))
    .sort((a, b) => {
      const bySpecificity = Object.keys(b.settings).length - Object.keys(a.settings).length;
      return bySpecificity !== 0 ? bySpecificity : settingsKey(a).localeCompare(settingsKey(b));
    });
  const rate = candidates[0];
  if (!rate) {
    return {
      ok: false,
      code: "unknown_settings",
      details: { feature: request.feature, model: request.model, settings: request.settings },
    };
  }
  const credits = rate.creditsPerResult * request.results;
  if (!Number.isSafeInteger(credits) || credits > MAX_CREDITS) {
    return { ok: false, code: "unknown_settings", details: { reason: "cost out of range" } };
  }
  return { ok: true, credits, creditsPerResult: rate.creditsPerResult, isPro: rate.isPro, rate };
}

function settingsKey(rate: Rate): string {
  return Object.entries(rate.settings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}
