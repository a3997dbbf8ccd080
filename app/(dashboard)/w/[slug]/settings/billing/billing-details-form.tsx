"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { updateBillingDetailsAction } from "@/lib/actions/billing/update-billing-details";
import { Field, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { useActionForm } from "@/components/ui/run-action";

export type BillingDetailsValues = {
  companyName: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  postalCode: string;
  state: string;
  country: string;
  receiptEmail: string;
  taxId: string;
};

type Props = {
  workspaceId: string;
  initial: BillingDetailsValues;
  countries: { code: string; name: string }[];
  /** Countries whose tax ID format is checked (by ISO code). */
  checkedCountries: string[];
};

const TEXT_FIELDS: {
  name: Exclude<keyof BillingDetailsValues, "country">;
  label: string;
  autoComplete: string;
  wide?: boolean;
  type?: string;
}[] = [
  { name: "companyName", label: "Company name", autoComplete: "organization", wide: true },
  { name: "addressLine1", label: "Address line 1", autoComplete: "address-line1", wide: true },
  { name: "addressLine2", label: "Address line 2", autoComplete: "address-line2", wide: true },
  { name: "city", label: "City", autoComplete: "address-level2" },
  { name: "postalCode", label: "Postal code", autoComplete: "postal-code" },
  { name: "state", label: "State or region", autoComplete: "address-level1" },
];

/** Owners set who receipts are made out to; saving also updates the payments customer. */
export function BillingDetailsForm({ workspaceId, initial, countries, checkedCountries }: Props) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const { pending, message, fieldErrors, run } = useActionForm();
  const isChanged = JSON.stringify(values) !== JSON.stringify(saved);
  const set = (name: keyof BillingDetailsValues) => (value: string) =>
    setValues((v) => ({ ...v, [name]: value }));
  const isChecked = checkedCountries.includes(values.country);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => updateBillingDetailsAction({ workspaceId, ...values }));
    if (!result.ok) return;
    setSaved(values);
    if (result.data.isSentToProvider) toast.success("Billing details saved. Receipts show them from now on.");
    else
      toast.warning(
        "Billing details saved, but the payments provider could not be updated. Save again later.",
      );
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label="Billing details">
      {message ? <FormMessage className="sm:col-span-2">{message}</FormMessage> : null}
      {TEXT_FIELDS.map((field) => (
        <div key={field.name} className={field.wide ? "sm:col-span-2" : undefined}>
          <TextField
            id={`billing-${field.name}`}
            name={field.name}
            label={field.label}
            autoComplete={field.autoComplete}
            value={values[field.name]}
            onChange={set(field.name)}
            errors={fieldErrors[field.name]}
          />
        </div>
      ))}
      <Field id="billing-country" label="Country" errors={fieldErrors.country}>
        {(aria) => (
          <Select
            {...aria}
            name="country"
            autoComplete="country"
            value={values.country}
            onChange={(event) => set("country")(event.target.value)}
          >
            <option value="">No country</option>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="sm:col-span-2">
        <TextField
          id="billing-receiptEmail"
          name="receiptEmail"
          type="email"
          label="Email for receipts"
          autoComplete="email"
          value={values.receiptEmail}
          onChange={set("receiptEmail")}
          errors={fieldErrors.receiptEmail}
        />
      </div>
      <div className="sm:col-span-2">
        <TextField
          id="billing-taxId"
          name="taxId"
          label="Tax ID"
          autoComplete="off"
          hint={
            isChecked
              ? "Checked against this country's VAT or tax number format."
              : "Up to 32 characters. The format is checked for EU countries, the UK, Switzerland, Norway, Australia, Canada, India and 30 more countries."
          }
          value={values.taxId}
          onChange={set("taxId")}
          errors={fieldErrors.taxId}
        />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton pending={pending} pendingLabel="Saving…" disabled={!isChanged}>
          Save billing details
        </SubmitButton>
      </div>
    </form>
  );
}
