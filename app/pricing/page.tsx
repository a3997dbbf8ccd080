import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getDb } from "@/lib/db";
import { listRateCard } from "@/db/queries/rate-card";
import { getCurrentUser } from "@/lib/auth/session";
import { FREE_DAILY_CREDITS } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import { CreditEstimator } from "./credit-estimator";
import { PlansTable } from "./plans-table";
import { PricingHeader } from "./pricing-header";
import { ProBadge, RateCard } from "./rate-card";
import type { PricingRate } from "./rates";
import { Card, CardBody } from "@/components/ui/card";

export const metadata: Metadata = {
  title: "Pricing",
  description: "Plans, what each generation costs in credits, and an estimator for your monthly needs.",
};
// The rate card lives in the database and can change at any time.
export const dynamic = "force-dynamic";

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} id={id} className="scroll-mt-6">
      <h2
        id={`${id}-heading`}
        className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white"
      >
        {title}
      </h2>
      <div className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{description}</div>
      <div className="mt-5">{children}</div>
    </section>
  );
}

/** Public: plans, the rate card and the credit estimator, signed in or not. */
export default async function PricingPage() {
  const [user, rows] = await Promise.all([getCurrentUser(), listRateCard(getDb())]);
  const rates: PricingRate[] = rows.map((row) => ({
    id: row.id,
    feature: row.feature,
    model: row.model,
    settings: row.settings,
    creditsPerResult: row.creditsPerResult,
    isPro: row.isPro,
    label: row.label,
  }));

  return (
    <div className="min-h-dvh">
      <PricingHeader isSignedIn={user !== null} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-10 sm:px-6 sm:py-14 lg:px-8">
        <div className="max-w-3xl">
          <h1 className="text-3xl font-semibold tracking-tight text-slate-900 dark:text-white">Pricing</h1>
          <p className="mt-3 text-base text-slate-600 dark:text-slate-400">
            Every image, video, upscale or edit costs credits, set by the tool, the model, its settings and
            the number of results. Plans add credits every month; without one, a workspace gets{" "}
            {formatCredits(FREE_DAILY_CREDITS)} free credits a day.
          </p>
          <nav aria-label="On this page" className="mt-5 flex flex-wrap gap-x-5 gap-y-2 text-sm font-medium">
            <a href="#plans" className="text-indigo-700 hover:underline dark:text-indigo-300">
              Plans
            </a>
            <a href="#rate-card" className="text-indigo-700 hover:underline dark:text-indigo-300">
              Rate card
            </a>
            <a href="#estimator" className="text-indigo-700 hover:underline dark:text-indigo-300">
              Credit estimator
            </a>
          </nav>
        </div>

        <div className="mt-12 space-y-14">
          <Section
            id="plans"
            title="Plans"
            description={
              <p>
                Pay monthly, quarterly or annually; credits arrive every month on your billing day either way,
                and unused subscription credits don&apos;t roll over. Top-up credits never expire.
              </p>
            }
          >
            <PlansTable />
          </Section>

          <Section
            id="rate-card"
            title="Rate card"
            description={
              <p>
                Credits per result: generating four variants costs four times as much. Models marked{" "}
                <ProBadge /> need an active subscription; free daily credits can&apos;t pay for them.
              </p>
            }
          >
            <RateCard rates={rates} />
          </Section>

          <Section
            id="estimator"
            title="Credit estimator"
            description={
              <p>
                Monthly credits = (images a day × image cost + videos a day × video cost) × working days, plus
                a 20–30% buffer for variants, switching models and higher quality settings.
              </p>
            }
          >
            <Card>
              <CardBody>
                <CreditEstimator
                  imageRates={rates.filter((rate) => rate.feature === "image")}
                  videoRates={rates.filter((rate) => rate.feature === "video")}
                />
              </CardBody>
            </Card>
          </Section>
        </div>
      </main>
    </div>
  );
}
