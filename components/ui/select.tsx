import type { ComponentProps } from "react";
import { cn } from "./cn";
import { CONTROL_CLASS } from "./input";

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(CONTROL_CLASS, "pr-8", className)} {...props} />;
}
