"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatTimeUntil } from "@/lib/format";

type Props = {
  /** When the allowance resets (from the server). */
  resetsAt: string;
  /** The server's now when the page was rendered: the countdown runs on the server's clock, not the device's. */
  serverNow: string;
};

/** How often the words are brought up to date: they change by the minute at most. */
const TICK_MS = 15_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Time left until the monthly allowance resets, in words ("in 28 days"; hours only in the last day).
 * Refreshes the page when it is over, so the new month's allowance shows.
 */
export function ResetCountdown({ resetsAt, serverNow }: Props) {
  const router = useRouter();
  const target = Date.parse(resetsAt);
  const [remaining, setRemaining] = useState(() => target - Date.parse(serverNow));
  const hasRefreshed = useRef(false);

  useEffect(() => {
    // How far the device's clock is from the server's.
    const skew = Date.parse(serverNow) - Date.now();
    const tick = () => setRemaining(target - (Date.now() + skew));
    const id = window.setInterval(tick, TICK_MS);
    // And once exactly at the reset, so the page refreshes on time (a wait longer than a browser
    // timer allows, about 24.8 days, is left to the tick).
    const untilReset = Math.max(target - (Date.now() + skew), 0) + 50;
    const atReset = untilReset < MAX_TIMEOUT_MS ? window.setTimeout(tick, untilReset) : undefined;
    return () => {
      window.clearInterval(id);
      window.clearTimeout(atReset);
    };
  }, [target, serverNow]);

  useEffect(() => {
    if (remaining > 0 || hasRefreshed.current) return;
    hasRefreshed.current = true;
    router.refresh();
  }, [remaining, router]);

  if (remaining <= 0) {
    return <span className="text-sm text-slate-600 dark:text-slate-400">Resetting now…</span>;
  }
  return (
    <span className="tabular-nums" data-testid="reset-countdown">
      {formatTimeUntil(remaining)}
    </span>
  );
}
