// The demo workspace's earlier months: 76 days of usage before the story in seed.ts, written through
// the ledger with keys derived from the workspace, so a second seed writes nothing twice.
import type { ManualClock } from "@/lib/clock";
import type { Deps } from "@/lib/deps";
import { grant, refund, spend } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";

export const DAY = 86_400_000;

/** How the demo members work before the last two weeks: who generates what, and how much. */
const HISTORY_MIX: {
  member: number;
  weight: number;
  generations: [string, string, Record<string, string>, number][];
}[] = [
  {
    member: 0,
    weight: 1,
    generations: [
      ["image", "imagine-pro", {}, 2],
      ["image", "imagine-standard", {}, 4],
    ],
  },
  {
    member: 1,
    weight: 2,
    generations: [
      ["video", "motion-standard", { duration: "5" }, 1],
      ["video", "motion-pro", { duration: "5" }, 1],
      ["image", "imagine-standard", {}, 2],
    ],
  },
  {
    member: 2,
    weight: 3,
    generations: [
      ["image", "imagine-standard", {}, 4],
      ["image", "imagine-standard", { quality: "hd" }, 2],
      ["edit", "inpaint", {}, 3],
      ["video", "motion-standard", { duration: "5" }, 1],
    ],
  },
  {
    member: 3,
    weight: 2,
    generations: [
      ["image", "imagine-pro", {}, 1],
      ["image", "imagine-standard", {}, 2],
    ],
  },
  {
    member: 4,
    weight: 2,
    generations: [
      ["upscale", "upscale-2x", {}, 4],
      ["upscale", "upscale-4x", {}, 2],
      ["image", "imagine-standard", { quality: "hd" }, 1],
    ],
  },
];
const HISTORY_DAYS = 90;

/** A small deterministic generator, so every seed writes the same history. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The 76 days before the subscription started (the last 14 days are the story in seed.ts), so the demo
 * has 90 days of history: monthly plan credits that
 * expire after 30 days (and at the switch to the current subscription), and usage that grows over
 * time, quieter at weekends, across every member, feature and model, with the odd refund. Written
 * through the ledger's spend and refund with keys, in the order it happened.
 */
export async function seedEarlierUsage(
  ctx: Deps & { clock: ManualClock },
  workspaceId: string,
  memberIds: string[],
  start: number,
) {
  const first = start - (HISTORY_DAYS - 14) * DAY;
  const totalWeight = HISTORY_MIX.reduce((sum, m) => sum + m.weight, 0);
  for (let day = 0; day < HISTORY_DAYS - 14; day += 1) {
    const random = seededRandom(day + 1);
    const dayStart = first + day * DAY;
    if (day % 30 === 0) {
      // This month's plan credits, granted as the month starts (they expire after 30 days).
      ctx.clock.set(new Date(dayStart));
      await must(
        grant(ctx, {
          workspaceId,
          type: "subscription",
          code: "grant_subscription",
          amount: 60_000,
          expiresAt: new Date(Math.min(dayStart + 30 * DAY, start)),
          reference: `demo-earlier-plan-${day / 30 + 1}`,
          idempotencyKey: systemKey("seed", workspaceId, `earlier-plan:${day / 30 + 1}`),
        }),
      );
    }
    const weekday = new Date(dayStart).getUTCDay();
    const isWeekend = weekday === 0 || weekday === 6;
    // Usage grows over the months; weekends are quiet.
    const count = Math.round((6 + (day / HISTORY_DAYS) * 8) * (isWeekend ? 0.3 : 1) + random() * 3);
    for (let i = 0; i < count; i += 1) {
      let pick = random() * totalWeight;
      const mix = HISTORY_MIX.find((m) => (pick -= m.weight) < 0) ?? HISTORY_MIX[0];
      const generation = mix?.generations[Math.floor(random() * mix.generations.length)];
      const membershipId = mix ? memberIds[mix.member] : undefined;
      if (!generation || !membershipId) continue;
      const [feature, model, settings, results] = generation;
      // Working hours, spread over the day.
      ctx.clock.set(new Date(dayStart + (8 * 60 + Math.floor((i / count) * 10 * 60)) * 60_000));
      const outcome = await spend(ctx, {
        workspaceId,
        membershipId,
        feature,
        model,
        settings,
        results,
        idempotencyKey: systemKey("seed", workspaceId, `history:${day}:${i}`),
      });
      // A failed generation now and then is refunded.
      if (outcome.ok && (day * 31 + i) % 97 === 0) {
        await refund(ctx, {
          workspaceId,
          entryId: outcome.entryId,
          reason: "generation failed",
          idempotencyKey: systemKey("seed", workspaceId, `history-refund:${day}:${i}`),
        });
      }
    }
  }
}

/** A ledger outcome the demo needs: a refusal here is a bug in the demo data. */
export async function must<T extends { ok: boolean }>(outcome: Promise<T>): Promise<T> {
  const result = await outcome;
  if (!result.ok) throw new Error(`demo data: ${JSON.stringify(result)}`);
  return result;
}
