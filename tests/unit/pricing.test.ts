import { describe, expect, it } from "vitest";
import type { Rate } from "@/db/schema";
import { rates } from "../support/rate-fixtures";
import { priceGeneration } from "@/lib/billing/pricing";

describe("priceGeneration", () => {
  it("multiplies the matching rate by the number of results", () => {
    expect(
      priceGeneration(rates, { feature: "image", model: "std", settings: {}, results: 4 }),
    ).toMatchObject({
      ok: true,
      credits: 96,
      creditsPerResult: 24,
      isPro: false,
    });
  });

  it("uses the most specific rate whose settings all match", () => {
    const price = (settings: Record<string, string | number>) =>
      priceGeneration(rates, { feature: "video", model: "std", settings, results: 1 });
    expect(price({ duration: 10 })).toMatchObject({ credits: 400 });
    expect(price({ duration: "10", resolution: "1080p" })).toMatchObject({ credits: 520 });
    expect(price({ duration: "10", resolution: "720p" })).toMatchObject({ credits: 400 });
    expect(price({ duration: 5, resolution: "1080p" })).toMatchObject({ credits: 210 });
    expect(
      priceGeneration(rates, {
        feature: "image",
        model: "std",
        settings: { quality: "hd", seed: 7 },
        results: 2,
      }),
    ).toMatchObject({
      credits: 72,
    });
  });

  it("marks pro models", () => {
    expect(
      priceGeneration(rates, { feature: "image", model: "pro", settings: {}, results: 1 }),
    ).toMatchObject({ isPro: true, credits: 60 });
  });

  it("says which part of the request has no price", () => {
    expect(
      priceGeneration(rates, { feature: "audio", model: "std", settings: {}, results: 1 }),
    ).toMatchObject({
      ok: false,
      code: "unknown_feature",
    });
    expect(
      priceGeneration(rates, { feature: "image", model: "ultra", settings: {}, results: 1 }),
    ).toMatchObject({
      ok: false,
      code: "unknown_model",
    });
    expect(
      priceGeneration(rates, { feature: "video", model: "std", settings: { duration: 7 }, results: 1 }),
    ).toMatchObject({
      ok: false,
      code: "unknown_settings",
    });
  });

  it("refuses a cost that cannot be represented exactly", () => {
    const huge: Rate[] = [
      { feature: "x", model: "y", settings: {}, creditsPerResult: Number.MAX_SAFE_INTEGER, isPro: false },
    ];
    expect(priceGeneration(huge, { feature: "x", model: "y", settings: {}, results: 2 })).toMatchObject({
      ok: false,
    });
  });
});
