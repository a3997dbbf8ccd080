import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listApiKeys } from "@/db/queries/api-keys";
import { listRateCard } from "@/db/queries/rate-card";
import { defaultRateLimit } from "@/lib/api/v1/rate-limit";
import { getAppUrl } from "@/lib/app-url";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getClock } from "@/lib/clock";
import { formatDate, formatRelativeTime, formatTimestampWithZone } from "@/lib/format";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import type { ApiKeyView, FeatureChoice, UsageExample } from "./types";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { LINK_CLASS } from "@/components/ui/text-link";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

// Keys and their last use change with every API call: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "API keys" };

const HEADING_ID = "api-keys-heading";

type Props = { params: Promise<{ slug: string }> };

export default async function ApiKeysPage({ params }: Props) {
  const { slug } = await params;
  const { allowed, access } = await requirePageAccess(
    slug,
    "api-keys:manage",
    `/w/${slug}/settings/api-keys`,
  );
  if (!allowed) return <ForbiddenNotice slug={slug} title="API keys" role={access.role} />;

  const { workspace, user } = access;
  const db = getDb();
  const now = getClock().now();
  const [rows, origin, rates] = await Promise.all([
    listApiKeys(db, workspace.id, now),
    getAppUrl(),
    listRateCard(db),
  ]);
  const zone = workspace.timeZone;

  // Active keys first; newest first within each group (the query's order).
  const keys: ApiKeyView[] = [...rows]
    .sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null))
    .map((row) => ({
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdBy: row.createdBy,
      createdAt: {
        iso: row.createdAt.toISOString(),
        label: formatDate(row.createdAt.toISOString(), zone),
        exact: formatTimestampWithZone(row.createdAt, zone),
      },
      lastUsed: row.lastUsedAt
        ? {
            iso: row.lastUsedAt.toISOString(),
            relative: formatRelativeTime(row.lastUsedAt, now),
            exact: formatTimestampWithZone(row.lastUsedAt, zone),
          }
        : null,
      revokedAt: row.revokedAt
        ? { iso: row.revokedAt.toISOString(), exact: formatTimestampWithZone(row.revokedAt, zone) }
        : null,
      rateLimit:
        row.rateLimitPerSecond !== null && row.rateLimitBurst !== null
          ? { perSecond: row.rateLimitPerSecond, burst: row.rateLimitBurst }
          : null,
      budget: {
        monthlyCreditCap: row.monthlyCreditCap,
        usedThisMonth: row.usedThisMonth,
        allowedModels: row.allowedModels,
      },
    }));
  const featureChoices: FeatureChoice[] = [...new Set(rates.map((r) => r.feature))].map((feature) => ({
    feature,
    models: [...new Set(rates.filter((r) => r.feature === feature).map((r) => r.model))],
  }));

  // The new key's first command charges the cheapest standard generation to its creator.
  const [rate] = rates.filter((r) => !r.isPro).sort((a, b) => a.creditsPerResult - b.creditsPerResult);
  const example: UsageExample | null = rate
    ? {
        origin,
        member: user.email,
        feature: rate.feature,
        model: rate.model,
        settings: rate.settings,
        credits: rate.creditsPerResult,
        label: rate.label,
      }
    : null;
  const activeCount = keys.filter((key) => key.revokedAt === null).length;

  return (
    <>
      <PageHeader
        title="API keys"
        description={`How your generation services charge credits in ${workspace.name} through the metering API.`}
        actions={
          <>
            <Link href="/docs/api" className={buttonClasses("secondary")}>
              API reference
            </Link>
            <CreateApiKeyDialog workspaceId={workspace.id} example={example} />
          </>
        }
      />

      <Card aria-labelledby={HEADING_ID}>
        <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 py-4">
          <h2 id={HEADING_ID} className="text-base font-semibold text-slate-900 dark:text-white">
            Keys
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {keys.length === 0
              ? "None yet"
              : `${activeCount} active${keys.length > activeCount ? ` · ${keys.length - activeCount} revoked` : ""} · times in ${zone}`}
          </p>
        </div>
        {keys.length === 0 ? (
          <div className="px-6 pb-6">
            <EmptyState title="No API keys yet">
              <p className="mx-auto max-w-xl">
                A key lets a generation service ask whether a member may spend, and charge each image or video
                when it is done. Create one key per service, so you can revoke one without stopping the
                others. The secret is shown once, when you create it.
              </p>
              <p className="mt-3">
                <Link href="/docs/api" className={LINK_CLASS}>
                  Read the API reference
                </Link>
              </p>
            </EmptyState>
          </div>
        ) : (
          // The table bleeds to the card's edges (it has -mx-6).
          <div className="px-6">
            <ApiKeysTable
              workspaceId={workspace.id}
              keys={keys}
              labelledBy={HEADING_ID}
              defaultRateLimit={defaultRateLimit()}
              featureChoices={featureChoices}
            />
          </div>
        )}
      </Card>
    </>
  );
}
