import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS } from "@/components/credits/labels";
import { membersQueryString, DEFAULT_SORT } from "./member-query";
import { LINK_CLASS } from "@/components/ui/text-link";
import { limitState } from "./usage-bar";
import { ROLES } from "@/lib/auth/permissions";
import { formatCredits } from "@/lib/format";
import { countedUsage, overLimitReason } from "@/components/members/limit-usage";
import { limitUsageOf, type MemberView } from "./types";

const HEADING_ID = "members-summary";

/** The default view: how many people of each role, and who is at or near their monthly limit. */
export function MembersSummary({
  members,
  resetsLabel,
  timeZone,
}: {
  members: MemberView[];
  resetsLabel: string;
  timeZone: string;
}) {
  const byRole = ROLES.map((role) => ({ role, count: members.filter((m) => m.role === role).length }));
  const limited = members.filter((m) => m.monthlyLimit !== null).length;
  const counted = (m: MemberView) => countedUsage(limitUsageOf(m));
  const attention = members
    .filter((m) => m.monthlyLimit !== null && limitState(counted(m), m.monthlyLimit) !== "ok")
    .sort((a, b) => counted(b) / (b.monthlyLimit || 1) - counted(a) / (a.monthlyLimit || 1));

  return (
    <Card aria-labelledby={HEADING_ID}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 py-4">
        <h2 id={HEADING_ID} className="text-base font-semibold text-slate-900 dark:text-white">
          Members
        </h2>
        <Link
          href={membersQueryString({ q: "", sort: DEFAULT_SORT, dir: "asc" })}
          scroll={false}
          className={`text-sm ${LINK_CLASS}`}
        >
          See every member&apos;s limit and usage
        </Link>
      </div>
      <div className="grid gap-6 border-t border-slate-200 px-6 py-5 sm:grid-cols-2 dark:border-slate-800">
        <div>
          <p className="text-sm text-slate-900 dark:text-white">
            <span className="font-semibold tabular-nums">{members.length}</span>{" "}
            {members.length === 1 ? "person" : "people"} in this workspace
          </p>
          <ul className="mt-2 flex flex-wrap gap-2" aria-label="Members by role">
            {byRole.map(({ role, count }) => (
              <li key={role}>
                <Badge tone={role === "member" ? "neutral" : "accent"}>
                  {count}{" "}
                  {count === 1 ? ROLE_LABELS[role].toLowerCase() : `${ROLE_LABELS[role].toLowerCase()}s`}
                </Badge>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            {limited === 0
              ? "Nobody has a monthly limit: everyone spends from the shared pool freely."
              : `${limited} with a monthly limit, ${members.length - limited} unlimited. Limits reset ${resetsLabel}.`}
          </p>
        </div>
        <div>
          <h3 className="text-sm font-medium text-slate-900 dark:text-white">Near or at their limit</h3>
          {attention.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              Everyone with a limit has room left this month.
            </p>
          ) : (
            <ul className="mt-2 space-y-1.5 text-sm">
              {attention.map((m) => (
                <li key={m.membershipId} className="flex items-baseline justify-between gap-3">
                  <span className="truncate text-slate-900 dark:text-white">{m.name}</span>
                  <span className="shrink-0 text-slate-600 tabular-nums dark:text-slate-400">
                    {overLimitReason(limitUsageOf(m), timeZone) ??
                      `${formatCredits(counted(m))} of ${formatCredits(m.monthlyLimit ?? 0)} used`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Card>
  );
}
