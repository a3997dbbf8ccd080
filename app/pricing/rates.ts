// The rate card as the Pricing page shows it: rows grouped by tool, settings in words.

/** One active rate card row, as plain data for the page and the estimator. */
export type PricingRate = {
  id: string;
  feature: string;
  model: string;
  settings: Record<string, string>;
  creditsPerResult: number;
  isPro: boolean;
  label: string;
};

const FEATURE_ORDER = ["image", "video", "upscale", "edit"];

const FEATURE_LABELS: Record<string, string> = {
  image: "Image",
  video: "Video",
  upscale: "Upscale",
  edit: "Edit",
};

export function featureLabel(feature: string): string {
  return FEATURE_LABELS[feature] ?? feature.charAt(0).toUpperCase() + feature.slice(1).replaceAll("_", " ");
}

/** Tools in a fixed order (image, video, upscale, edit, then any others by name), rates cheapest first. */
export function groupRatesByFeature(
  rates: readonly PricingRate[],
): { feature: string; rates: PricingRate[] }[] {
  const groups = new Map<string, PricingRate[]>();
  for (const rate of rates) groups.set(rate.feature, [...(groups.get(rate.feature) ?? []), rate]);
  const rank = (feature: string) => {
    const index = FEATURE_ORDER.indexOf(feature);
    return index === -1 ? FEATURE_ORDER.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([feature, list]) => ({
      feature,
      rates: [...list].sort(
        (a, b) =>
          Number(a.isPro) - Number(b.isPro) ||
          a.model.localeCompare(b.model) ||
          a.creditsPerResult - b.creditsPerResult,
      ),
    }));
}

const SETTING_LABELS: Record<string, (value: string) => string> = {
  duration: (value) => `${value} seconds`,
  resolution: (value) => value,
  quality: (value) => (value.length <= 3 ? value.toUpperCase() : value),
};

/** "10 seconds · 1080p"; a rate without settings is the model's default price. */
export function describeSettings(settings: Record<string, string>): string {
  const entries = Object.entries(settings).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return "Default";
  return entries
    .map(([key, value]) => SETTING_LABELS[key]?.(value) ?? `${key.replaceAll("_", " ")}: ${value}`)
    .join(" · ");
}
