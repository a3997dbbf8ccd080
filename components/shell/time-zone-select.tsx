"use client";

import { useSyncExternalStore, type ComponentProps } from "react";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

let cachedZones: string[] | undefined;

/** Every IANA time zone this browser knows, UTC first. Read once. */
function readZones(): string[] {
  cachedZones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return cachedZones;
}

const subscribe = () => () => {};

/**
 * The browser's own time zone, or null while rendering on the server (read after hydration, so
 * the server's zone never leaks into the page).
 */
export function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    () => null,
  );
}

function useTimeZones(): string[] | null {
  return useSyncExternalStore(subscribe, readZones, () => null);
}

/** A select of every time zone; always lists `value`, even before the full list is known. */
export function TimeZoneSelect({
  value,
  ...props
}: Omit<ComponentProps<"select">, "value"> & { value: string }) {
  const zones = useTimeZones();
  const options = zones === null ? [value] : zones.includes(value) ? zones : [value, ...zones];
  return (
    <Select value={value} {...props}>
      {options.map((zone) => (
        <option key={zone} value={zone}>
          {zone.replaceAll("_", " ")}
        </option>
      ))}
    </Select>
  );
}

/** What a workspace's time zone is for, under the fields that choose it for a new one. */
const TIME_ZONE_HINT = "Days and months for credits and member limits are counted in it.";

/** A labelled "Time zone" select with its errors (and, for a new workspace, what the zone is for). */
export function TimeZoneField({
  id,
  value,
  onChange,
  isNewWorkspace = false,
  errors,
}: {
  id: string;
  value: string;
  onChange: (timeZone: string) => void;
  isNewWorkspace?: boolean;
  errors?: string[];
}) {
  return (
    <Field id={id} label="Time zone" hint={isNewWorkspace ? TIME_ZONE_HINT : undefined} errors={errors}>
      {(aria) => (
        <TimeZoneSelect
          {...aria}
          name="timeZone"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
