import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/api-docs/code-block";
import { ErrorsTable } from "./errors-table";
import { Code } from "@/components/api-docs/inline-text";
import { API_KEY_VARIABLE, objectAnchor, type ApiReference } from "./openapi-model";
import { SectionAnchor } from "./section-anchor";

const LINK =
  "rounded-sm font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300";
const PROSE = "space-y-3 text-[15px] leading-7 text-slate-700 dark:text-slate-300";

function GuideSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-20">
      <h2
        id={`${id}-heading`}
        className="group flex items-center gap-2 text-xl font-semibold tracking-tight text-slate-900 dark:text-white"
      >
        {title}
        <SectionAnchor id={id} label={title} />
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

const REFUSALS: { code: string; when: string; details: ReactNode }[] = [
  {
    code: "insufficient_credits",
    when: "The workspace's balance can't pay for it.",
    details: (
      <>
        <Code>required</Code>, <Code>available</Code>, and <Code>freeCreditsExcluded</Code> (free credits
        don&apos;t pay for pro models).
      </>
    ),
  },
  {
    code: "member_limit_reached",
    when: "It would take the member past their monthly credit limit.",
    details: (
      <>
        <Code>used</Code>, <Code>remaining</Code>, <Code>required</Code> and <Code>resetsAt</Code>, when the
        limit starts over.
      </>
    ),
  },
  {
    code: "subscription_required",
    when: "Pro models need an active paid plan.",
    details: (
      <>
        <Code>subscriptionStatus</Code>, the workspace&apos;s current one.
      </>
    ),
  },
  {
    code: "credits_owed",
    when: "A payment for credits was refunded or disputed after its credits were used: the workspace owes them until a purchase or grant pays them off.",
    details: (
      <>
        <Code>owed</Code>, the credits owed, and <Code>settleUrlPath</Code>, where an owner or admin buys
        credits.
      </>
    ),
  },
  {
    code: "topup_not_allowed",
    when: "The member may not use top-up (bought) credits, and the free and subscription credits can't pay.",
    details: (
      <>
        <Code>required</Code> and <Code>available</Code> (free and subscription credits only).
      </>
    ),
  },
  {
    code: "key_budget_reached",
    when: "It would take this API key past its monthly credit cap.",
    details: (
      <>
        <Code>apiKeyId</Code>, <Code>cap</Code>, <Code>used</Code>, <Code>remaining</Code>,{" "}
        <Code>required</Code> and <Code>resetsAt</Code>.
      </>
    ),
  },
  {
    code: "model_not_allowed",
    when: "This API key is not allowed this feature or model.",
    details: (
      <>
        <Code>apiKeyId</Code>, <Code>feature</Code> and <Code>model</Code>.
      </>
    ),
  },
];

type Props = {
  reference: ApiReference;
  /** Where the visitor makes keys: their workspace's API keys page, when signed in as an owner or admin. */
  keysHref: string | null;
  /** A 402 body as the API builds it, for the example. */
  refusalExample: unknown;
};

/** The part of the reference every endpoint shares: keys, idempotency, credits, refusals and errors. */
export function ApiGuide({ reference, keysHref, refusalExample }: Props) {
  return (
    <div className="space-y-12">
      <GuideSection id="authentication" title="Authentication">
        <div className={PROSE}>
          <p>
            Send an API key with every request as a bearer token:{" "}
            <Code>Authorization: Bearer &lt;key&gt;</Code>. Owners and admins create keys on their
            workspace&apos;s{" "}
            {keysHref ? (
              <Link href={keysHref} className={LINK}>
                Settings → API keys
              </Link>
            ) : (
              <>Settings → API keys</>
            )}{" "}
            page; the secret is shown once, when the key is made. A key belongs to one workspace, and every
            call acts on it.
          </p>
          <p>
            A missing, unknown or revoked key gets <Code>401</Code>; revoking a key takes effect on its next
            request. Each key may make 100 requests a second, with bursts of 300 after a quiet spell (a batch
            counts one per started 100 records); owners and admins can set a key&apos;s own limits on its
            page. Past the limit the answer is <Code>429</Code> with a <Code>Retry-After</Code> header in
            seconds, and nothing is charged. Every answer carries <Code>RateLimit-Policy</Code> and{" "}
            <Code>RateLimit</Code> headers saying the limit and what is left of it. Bodies are JSON.
          </p>
          <p>The examples on this page read the key from a shell variable:</p>
        </div>
        <CodeBlock
          className="mt-3"
          language="shell"
          label="shell command that sets the API key"
          code={`export ${API_KEY_VARIABLE.slice(1)}='<your API key>'`}
        />
      </GuideSection>

      <GuideSection id="idempotency" title="Idempotency">
        <div className={PROSE}>
          <p>
            Charges, batch records and holds carry an <Code>idempotencyKey</Code> of your choosing: one per
            generation, such as your job id. If a request times out, send it again with the same key and the
            same body: you get the first answer back with status <Code>200</Code>, and nothing is charged
            twice. The same key with a different body is refused with <Code>409</Code>.
          </p>
          <p>Settling or releasing a hold a second time returns the first result.</p>
        </div>
      </GuideSection>

      <GuideSection id="credits" title="Credits">
        <div className={PROSE}>
          <p>
            Credits are whole numbers everywhere: JSON integers in requests, responses and refusals, never
            fractions. What a generation costs comes from the rate card (its feature, model and settings,
            times the number of results); see{" "}
            <Link href="/pricing" className={LINK}>
              Pricing
            </Link>
            . A charge draws free credits first, then subscription, then top-up credits, and its{" "}
            <a href={`#${objectAnchor("Split")}`} className={LINK}>
              split
            </a>{" "}
            says how many came from each.
          </p>
        </div>
      </GuideSection>

      <GuideSection id="refusals" title="Refusals (402)">
        <div className={PROSE}>
          <p>
            When a charge or a hold can&apos;t be paid for, the answer is <Code>402</Code> and nothing is
            written. <Code>error.code</Code> says why, <Code>error.message</Code> says it in a sentence you
            can show the member, and <Code>error.details</Code> has the figures: <Code>limitType</Code> names
            the limit that was hit (<Code>workspace_balance</Code>, <Code>member_monthly_limit</Code>,{" "}
            <Code>member_top_up_permission</Code>, <Code>api_key_monthly_cap</Code>,{" "}
            <Code>api_key_allowed_models</Code>, <Code>plan</Code> or <Code>workspace_debt</Code>) and{" "}
            <Code>resolution</Code> says who can lift it. When several limits would refuse, the first in this
            order is reported: <Code>model_not_allowed</Code>, <Code>credits_owed</Code>,{" "}
            <Code>subscription_required</Code>, <Code>key_budget_reached</Code>,{" "}
            <Code>member_limit_reached</Code>, <Code>topup_not_allowed</Code>,{" "}
            <Code>insufficient_credits</Code>.
          </p>
          <p>
            To know before you start a generation, send the same body to <Code>POST /api/v1/quote</Code>: it
            answers the cost, how it would be drawn, and in <Code>wouldRefuse</Code> the 402 a charge would
            get now, without charging or writing anything.
          </p>
        </div>
        <dl className="mt-4 divide-y divide-slate-100 border-y border-slate-100 dark:divide-slate-800 dark:border-slate-800">
          {REFUSALS.map((refusal) => (
            <div key={refusal.code} className="py-3 sm:grid sm:grid-cols-[14rem_1fr] sm:gap-4">
              <dt>
                <code className="font-mono text-[13px] font-semibold text-slate-900 dark:text-white">
                  {refusal.code}
                </code>
              </dt>
              <dd className="mt-1 text-sm text-slate-700 sm:mt-0 dark:text-slate-300">
                {refusal.when}{" "}
                <span className="text-slate-600 dark:text-slate-400">Details: {refusal.details}</span>
              </dd>
            </div>
          ))}
        </dl>
        <CodeBlock
          className="mt-4"
          language="JSON · example 402 response"
          label="example 402 response"
          wrap
          code={JSON.stringify(refusalExample, null, 2)}
        />
      </GuideSection>

      <GuideSection id="errors" title="Errors">
        <div className={PROSE}>
          <p>
            Every error has the same body, an{" "}
            <a href={`#${objectAnchor("Error")}`} className={LINK}>
              Error
            </a>{" "}
            object: <Code>error.code</Code> for your code to branch on, <Code>error.message</Code> for people,
            and, where they apply, <Code>error.details</Code> and <Code>error.fieldErrors</Code> (for a{" "}
            <Code>400</Code>, what is wrong with each field). Nothing is written on any error. A path under{" "}
            <Code>/api/v1</Code> that is not one of the endpoints below gets <Code>404</Code> with the code{" "}
            <Code>not_found</Code>.
          </p>
        </div>
        <h3 id="error-statuses" className="sr-only">
          Error statuses
        </h3>
        <div className="mt-4">
          <ErrorsTable
            errors={reference.errors}
            operationCount={reference.operations.length}
            labelledBy="error-statuses"
          />
        </div>
      </GuideSection>
    </div>
  );
}
