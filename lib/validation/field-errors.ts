// Validation problems as the per-field messages forms, actions and the API show: keyed by the field's
// dotted path ("monthlyLimit", "records.3.results"), "_" for the input as a whole. No server-only
// marker: forms in the browser check their input with the same schemas and the same mapping.

/** A field's messages, by path. */
export type FieldErrors = Record<string, string[]>;

/** One problem: zod's issue (a path of keys), or the ledger's (the path already joined with dots). */
type Issue = { path: readonly PropertyKey[] | string; message: string };

export function toFieldErrors(issues: readonly Issue[]): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) {
    const key = (typeof issue.path === "string" ? issue.path : issue.path.join(".")) || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}
