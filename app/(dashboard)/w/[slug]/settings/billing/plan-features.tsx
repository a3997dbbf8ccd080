import type { Plan } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import { cn } from "@/components/ui/cn";

function Mark({ included }: { included: boolean }) {
  return included ? (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="currentColor"
      className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400"
    >
      <path
        fillRule="evenodd"
        d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.29a1 1 0 0 1 1.4 0Z"
        clipRule="evenodd"
      />
    </svg>
  ) : (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="currentColor"
      className="mt-0.5 size-4 shrink-0 text-slate-400 dark:text-slate-500"
    >
      <path d="M5 9.25h10v1.5H5z" />
    </svg>
  );
}

/** What a plan includes, one line each; a missing feature is said, not only greyed out. */
export function PlanFeatures({ plan, className }: { plan: Plan; className?: string }) {
  const items: { included: boolean; text: string }[] = [
    { included: true, text: `${formatCredits(plan.monthlyCredits)} credits every month` },
    { included: true, text: `${plan.seats} seats` },
    {
      included: plan.allowsProModels,
      text: plan.allowsProModels ? "Pro models" : "No Pro models",
    },
    {
      included: plan.allowsTopUpPurchases,
      text: plan.allowsTopUpPurchases ? "Top-up credits (never expire)" : "No top-up purchases",
    },
    {
      included: plan.allowsAutoTopUp,
      text: plan.allowsAutoTopUp ? "Auto top-up" : "No auto top-up",
    },
  ];
  return (
    <ul role="list" className={cn("space-y-2 text-sm", className)}>
      {items.map((item) => (
        <li
          key={item.text}
          className={cn(
            "flex gap-2",
            item.included ? "text-slate-700 dark:text-slate-300" : "text-slate-500 dark:text-slate-400",
          )}
        >
          <Mark included={item.included} />
          {item.text}
        </li>
      ))}
    </ul>
  );
}
