// Buy Credits, wherever it appears (the header, the profile menu, the Overview's Credits card), is
// a link to Credits & Billing with this parameter, which opens its Purchase Credits dialog: one
// purchase flow, whatever the way in.
export const BUY_CREDITS_PARAM = { name: "buy", value: "credits" } as const;

/** The Credits & Billing page of workspace `slug`, with the Purchase Credits dialog open. */
export function buyCreditsHref(slug: string): string {
  return `/w/${slug}/settings/billing?${BUY_CREDITS_PARAM.name}=${BUY_CREDITS_PARAM.value}`;
}
