import type { Rate } from "@/db/schema";

/** A small rate card for pricing tests: plain, settings-specific, pro and two-setting rates. */
export const rates: Rate[] = [
  { feature: "image", model: "std", settings: {}, creditsPerResult: 24, isPro: false },
  { feature: "image", model: "std", settings: { quality: "hd" }, creditsPerResult: 36, isPro: false },
  { feature: "image", model: "pro", settings: {}, creditsPerResult: 60, isPro: true },
  { feature: "video", model: "std", settings: { duration: "5" }, creditsPerResult: 210, isPro: false },
  { feature: "video", model: "std", settings: { duration: "10" }, creditsPerResult: 400, isPro: false },
  {
    feature: "video",
    model: "std",
    settings: { duration: "10", resolution: "1080p" },
    creditsPerResult: 520,
    isPro: false,
  },
];
