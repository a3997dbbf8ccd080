"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

type Props = {
  /** When the allowance resets (from the server). */
  resetsAt: string;
  /** The server's now when the page was rendered: the countdown runs on the server's clock, not the device's. */
  serverNow: string;
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parts(ms: number) {
  const left = Math.max(ms, 0);
  return {
    days: Math.floor(left / DAY),
    hours: Math.floor((left % DAY) / HOUR),
    minutes: Math.floor((left % HOUR) / MINUTE),
    seconds: Math.floor((left % MINUTE) / SECOND),
  };
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function plural(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? "" : "s"}`;
}

/** Time left until the monthly allowance resets, ticking every second. Refreshes the page at zero. */
export function ResetCountdown({ resetsAt, serverNow }: Props) {
  const router = useRouter();
  const target = Date.parse(resetsAt);
  const [remaining, setRemaining] = useState(() => target - Date.parse(serverNow));
  const hasRefreshed = useRef(false);

  useEffect(() => {
    // How far the device's clock is from the server's; the first tick lands within a second.
    const skew = Date.parse(serverNow) - Date.now();
    const id = window.setInterval(() => setRemaining(target - (Date.now() + skew)), SECOND);
    return () => window.clearInterval(id);
  }, [target, serverNow]);

  useEffect(() => {
    if (remaining > 0 || hasRefreshed.current) return;
    hasRefreshed.current = true;
    router.refresh();
  }, [remaining, router]);

  if (remaining <= 0) {
    return <span className="text-sm text-slate-600 dark:text-slate-400">Resetting now…</span>;
  }
  const { days, hours, minutes, seconds } = parts(remaining);
  return (
    <span role="timer" className="tabular-nums" data-testid="reset-countdown">
      <span aria-hidden="true">
        {days > 0 ? `${days}d ` : ""}
        {pad(hours)}h {pad(minutes)}m {pad(seconds)}s
      </span>
      <span className="sr-only">
        {days > 0 ? `${plural(days, "day")}, ` : ""}
        {plural(hours, "hour")} and {plural(minutes, "minute")}
      </span>
    </span>
  );
}
