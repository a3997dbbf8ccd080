"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { revokeApiKeyAction } from "@/lib/actions/api-keys/revoke-api-key";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { runAction } from "@/components/ui/run-action";
import { BUTTON_SIZE, DANGER_GHOST_CLASS, buttonClasses } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { describeRateLimit } from "@/lib/format";
import { RateLimitDialog } from "./rate-limit-dialog";
import { BudgetDialog } from "./budget-dialog";
import { KeyBudgetCell } from "./key-budget-cell";
import type { ApiKeyView, FeatureChoice } from "./types";

type Props = {
  workspaceId: string;
  keys: ApiKeyView[];
  /** Id of the heading that names the table. */
  labelledBy: string;
  /** What a key without its own limit may do. */
  defaultRateLimit: { perSecond: number; burst: number };
  featureChoices: FeatureChoice[];
};

/** The workspace's keys by prefix: who made each, when it was last used, and Revoke. */
export function ApiKeysTable({ workspaceId, keys, labelledBy, defaultRateLimit, featureChoices }: Props) {
  const router = useRouter();
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [limiting, setLimiting] = useState<ApiKeyView | null>(null);
  const [budgeting, setBudgeting] = useState<ApiKeyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function revoke() {
    if (!revoking) return;
    const key = revoking;
    setError(null);
    startTransition(async () => {
      const result = await runAction(() => revokeApiKeyAction({ workspaceId, apiKeyId: key.id }));
      if (!result.ok) {
        setError(result.error.message);
        router.refresh();
        return;
      }
      setRevoking(null);
      toast.success(`Revoked the API key ${key.name}`);
      router.refresh();
    });
  }

  return (
    <>
      <Table aria-labelledby={labelledBy}>
        <TableHead>
          <tr>
            <Th>Name</Th>
            <Th className="hidden sm:table-cell">Key</Th>
            <Th className="hidden md:table-cell">Created</Th>
            <Th className="hidden sm:table-cell">Last used</Th>
            <Th>This month</Th>
            <Th className="hidden lg:table-cell">Rate limit</Th>
            <Th className="hidden sm:table-cell">Status</Th>
            <Th className="text-right">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </TableHead>
        <TableBody>
          {keys.map((key) => {
            const isRevoked = key.revokedAt !== null;
            return (
              <tr
                key={key.id}
                data-testid="api-key-row"
                className={cn(isRevoked && "text-slate-500 dark:text-slate-400")}
              >
                <Th scope="row" className="max-w-[16rem]">
                  <span
                    className={cn(
                      "block truncate font-medium",
                      isRevoked ? "text-slate-500 dark:text-slate-400" : "text-slate-900 dark:text-white",
                    )}
                    title={key.name}
                  >
                    {key.name}
                  </span>
                  {/* Narrow screens hide the Key, Last used and Status columns: say them here instead. */}
                  <span className="mt-0.5 block text-xs whitespace-normal text-slate-600 sm:hidden dark:text-slate-400">
                    <code className="font-mono">{key.prefix}…</code> · Last used{" "}
                    {key.lastUsed ? key.lastUsed.relative.toLowerCase() : "never"}
                    {isRevoked ? " · Revoked" : ""}
                  </span>
                </Th>
                <Td className="hidden sm:table-cell">
                  <code
                    className="font-mono text-xs text-slate-700 dark:text-slate-300"
                    data-testid="api-key-prefix"
                  >
                    {key.prefix}…
                  </code>
                </Td>
                <Td className="hidden text-slate-600 md:table-cell dark:text-slate-400">
                  <time dateTime={key.createdAt.iso} title={key.createdAt.exact}>
                    {key.createdAt.label}
                  </time>
                  <span className="block text-xs">{key.createdBy ?? "A former member"}</span>
                </Td>
                <Td
                  className="hidden text-slate-600 sm:table-cell dark:text-slate-400"
                  data-testid="api-key-last-used"
                >
                  {key.lastUsed ? (
                    <>
                      <time dateTime={key.lastUsed.iso} title={key.lastUsed.exact}>
                        {key.lastUsed.relative}
                      </time>
                      <span className="sr-only"> ({key.lastUsed.exact})</span>
                    </>
                  ) : (
                    "Never"
                  )}
                </Td>
                <Td className="text-slate-600 dark:text-slate-400" data-testid="api-key-budget">
                  <KeyBudgetCell budget={key.budget} />
                </Td>
                <Td
                  className="hidden text-slate-600 lg:table-cell dark:text-slate-400"
                  data-testid="api-key-rate-limit"
                >
                  {key.rateLimit ? (
                    describeRateLimit(key.rateLimit)
                  ) : (
                    <>
                      Default
                      <span className="block text-xs">{describeRateLimit(defaultRateLimit)}</span>
                    </>
                  )}
                </Td>
                <Td className="hidden sm:table-cell">
                  {key.revokedAt ? (
                    <Badge title={`Revoked ${key.revokedAt.exact}`} data-testid="api-key-status">
                      Revoked
                    </Badge>
                  ) : (
                    <Badge tone="success" data-testid="api-key-status">
                      Active
                    </Badge>
                  )}
                </Td>
                <Td className="text-right">
                  {isRevoked ? null : (
                    <span className="inline-flex gap-1">
                      <button
                        type="button"
                        className={buttonClasses("ghost", BUTTON_SIZE.sm)}
                        onClick={() => setBudgeting(key)}
                        disabled={isPending}
                        aria-label={`Budget of ${key.name}`}
                      >
                        Budget
                      </button>
                      <button
                        type="button"
                        className={buttonClasses("ghost", BUTTON_SIZE.sm)}
                        onClick={() => setLimiting(key)}
                        disabled={isPending}
                        aria-label={`Rate limit of ${key.name}`}
                      >
                        Rate limit
                      </button>
                      <button
                        type="button"
                        className={cn(DANGER_GHOST_CLASS, BUTTON_SIZE.sm)}
                        onClick={() => {
                          setError(null);
                          setRevoking(key);
                        }}
                        disabled={isPending}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke
                      </button>
                    </span>
                  )}
                </Td>
              </tr>
            );
          })}
        </TableBody>
      </Table>

      {budgeting ? (
        <BudgetDialog
          key={budgeting.id}
          workspaceId={workspaceId}
          apiKey={budgeting}
          featureChoices={featureChoices}
          onClose={() => setBudgeting(null)}
        />
      ) : null}

      <RateLimitDialog
        workspaceId={workspaceId}
        apiKey={limiting}
        defaultLimit={defaultRateLimit}
        onClose={() => setLimiting(null)}
      />

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) setRevoking(null);
        }}
        title={revoking ? `Revoke ${revoking.name}?` : "Revoke key?"}
        description={
          revoking ? (
            <>
              Anything using <code className="font-mono text-xs">{revoking.prefix}…</code> stops working at
              once: its next request gets <strong className="font-medium">401 Unauthorized</strong>. This
              can&apos;t be undone. To replace the key, create a new one and switch the service over first.
            </>
          ) : (
            ""
          )
        }
        confirmLabel="Revoke key"
        pendingLabel="Revoking…"
        isPending={isPending}
        onConfirm={revoke}
        error={error}
      />
    </>
  );
}
