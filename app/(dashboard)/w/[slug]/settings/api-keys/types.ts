/** One key as the API keys page shows it: dates already worded on the server, in the workspace's time zone. */
export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdBy: string | null;
  createdAt: { iso: string; label: string; exact: string };
  lastUsed: { iso: string; relative: string; exact: string } | null;
  revokedAt: { iso: string; exact: string } | null;
  /** The key's own rate limit; null when it uses the default. */
  rateLimit: { perSecond: number; burst: number } | null;
  /** Credits it may use per month (null: no cap), what it used this month, and what it may spend on (null: all). */
  budget: { monthlyCreditCap: number | null; usedThisMonth: number; allowedModels: string[] | null };
};

/** What a key may be allowed to spend on: each feature of the rate card with its models. */
export type FeatureChoice = { feature: string; models: string[] };

/** A real, cheap generation for the new key's first curl command. */
export type UsageExample = {
  /** The app's public origin, e.g. https://credits.example.com. */
  origin: string;
  /** A member of the workspace (the person creating the key). */
  member: string;
  feature: string;
  model: string;
  settings: Record<string, unknown>;
  /** What the example charges, from the rate card. */
  credits: number;
  /** The rate's name, e.g. "Image · Standard". */
  label: string;
};
