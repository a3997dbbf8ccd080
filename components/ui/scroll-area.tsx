"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A box that scrolls sideways when its content is wider than the screen. Only while it actually
 * scrolls is it a focusable, labelled region, so keyboard users can scroll it and nobody else
 * gets an extra tab stop.
 */
export function ScrollArea({
  className,
  label,
  labelledBy,
  children,
}: {
  className?: string;
  label?: string;
  labelledBy?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const check = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={cn("overflow-x-auto focus-visible:outline-2 focus-visible:outline-indigo-500", className)}
      {...(scrolls
        ? {
            tabIndex: 0,
            role: "region",
            "aria-label": label,
            "aria-labelledby": label ? undefined : labelledBy,
          }
        : {})}
    >
      {children}
    </div>
  );
}
