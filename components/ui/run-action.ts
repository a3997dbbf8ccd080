import { useState } from "react";
import type { ActionError, ActionResult } from "@/lib/actions/action-client";

export type ClientActionError = ActionError | { code: "network"; message: string; fieldErrors?: undefined };
export type ClientActionResult<T> = { ok: true; data: T } | { ok: false; error: ClientActionError };

/** What a form says when the server could not be reached. */
export const NETWORK_MESSAGE = "We couldn't reach the server. Check your connection and try again.";

/**
 * Calls a server action from the browser. Expected failures already come back as values; this
 * also turns a dropped connection into one, so forms can show it instead of crashing.
 */
export async function runAction<T>(call: () => Promise<ActionResult<T>>): Promise<ClientActionResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: "network", message: NETWORK_MESSAGE } };
  }
}

/** Where a form shows an action's progress and failure. */
export type ActionFormState = {
  setPending: (pending: boolean) => void;
  setMessage: (message: string | null) => void;
  setFieldErrors: (fieldErrors: Record<string, string[]>) => void;
};

/**
 * Runs an action for a form: clears the last failure, is pending while the action runs, and shows
 * a failure's message and field errors. With `keepPending` a success leaves the form pending, for
 * a caller that goes on to another page (or another step that ends it).
 */
export async function runFormAction<T>(
  state: ActionFormState,
  call: () => Promise<ActionResult<T>>,
  { keepPending = false }: { keepPending?: boolean } = {},
): Promise<ClientActionResult<T>> {
  state.setPending(true);
  state.setMessage(null);
  state.setFieldErrors({});
  const result = await runAction(call);
  if (!result.ok) {
    state.setMessage(result.error.message);
    state.setFieldErrors(result.error.fieldErrors ?? {});
  }
  if (!result.ok || !keepPending) state.setPending(false);
  return result;
}

/** A form's action state (pending, message, field errors) with `run`, which is runFormAction on it. */
export function useActionForm() {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const state: ActionFormState = { setPending, setMessage, setFieldErrors };
  return {
    pending,
    message,
    fieldErrors,
    run: <T>(call: () => Promise<ActionResult<T>>, options?: { keepPending?: boolean }) =>
      runFormAction(state, call, options),
    /** Ends a pending form with a message of the caller's own (a later step failed). */
    fail(text: string) {
      setMessage(text);
      setPending(false);
    },
    /** Forgets the last failure (the form was closed). */
    clear() {
      setMessage(null);
      setFieldErrors({});
    },
  };
}
