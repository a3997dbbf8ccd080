// The Analytics page's state, all of it in the URL so a view can be shared: range preset (and the
// custom dates), filters, how the chart is stacked and how the members table is sorted. The CSV
// export reads the same parameters, so it exports exactly what is on screen.
import { z } from "zod";
import { findUnstorableText } from "@/lib/validation/storable";
import { RANGE_PRESETS, resolveRange, type DateRange } from "./range";

export const STACK_BY = ["feature", "model"] as const;
export const MEMBER_SORT = ["credits", "generations", "name"] as const;

// Anything that is not a short text PostgreSQL can take (over 200 characters, a NUL, half a
// surrogate pair) reads as no value: the page falls back to its default rather than failing.
const optionalText = z
  .string()
  .trim()
  .max(200)
  .refine((text) => findUnstorableText(text) === null)
  .optional()
  .transform((value) => (value ? value : null))
  .catch(null);

export const analyticsParamsSchema = z.object({
  range: z.enum(RANGE_PRESETS).catch("30d"),
  from: optionalText,
  to: optionalText,
  member: z.uuid().optional().catch(undefined),
  /** An API key's id, or "none" for usage made in the app. */
  apiKey: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .catch(undefined),
  model: optionalText,
  feature: optionalText,
  stack: z.enum(STACK_BY).catch("feature"),
  sort: z.enum(MEMBER_SORT).catch("credits"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
});

export type AnalyticsParams = {
  range: DateRange;
  member: string | null;
  apiKey: string | null;
  model: string | null;
  feature: string | null;
  stack: (typeof STACK_BY)[number];
  sort: (typeof MEMBER_SORT)[number];
  dir: "asc" | "desc";
};

type Raw = Record<string, string | string[] | undefined>;

function firstValues(raw: Raw): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).flatMap(([key, value]) => {
      const one = Array.isArray(value) ? value[0] : value;
      return one === undefined ? [] : [[key, one]];
    }),
  );
}

/** Reads the page's search params; anything malformed falls back to the default rather than failing. */
export function parseAnalyticsParams(raw: Raw, today: string): AnalyticsParams {
  const p = analyticsParamsSchema.parse(firstValues(raw));
  return {
    range: resolveRange(today, p.range, { from: p.from, to: p.to }),
    member: p.member ?? null,
    apiKey: p.apiKey ?? null,
    model: p.model,
    feature: p.feature,
    stack: p.stack,
    sort: p.sort,
    dir: p.dir,
  };
}

/** The URL query for a state (defaults left out, so shared links stay short). */
export function analyticsQuery(state: AnalyticsParams, changes: Partial<AnalyticsParams> = {}): string {
  const next = { ...state, ...changes };
  const params = new URLSearchParams();
  if (next.range.preset !== "30d") params.set("range", next.range.preset);
  if (next.range.preset === "custom") {
    params.set("from", next.range.from);
    params.set("to", next.range.to);
  }
  if (next.member) params.set("member", next.member);
  if (next.apiKey) params.set("apiKey", next.apiKey);
  if (next.model) params.set("model", next.model);
  if (next.feature) params.set("feature", next.feature);
  if (next.stack !== "feature") params.set("stack", next.stack);
  if (next.sort !== "credits") params.set("sort", next.sort);
  if (next.dir !== "desc") params.set("dir", next.dir);
  return params.toString();
}
