import { BUFFER_RANGE } from "@/lib/billing/estimator";
import { formatCredits } from "@/lib/format";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { PricingRate } from "./rates";

type WholeNumberProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  limits: { min: number; max: number };
};

/** A number of things a day (or days a month), typed as text so a wrong entry can be explained. */
export function WholeNumberField({ id, label, value, onChange, errors, limits }: WholeNumberProps) {
  return (
    <Field id={id} label={label} errors={errors}>
      {(aria) => (
        <Input
          {...aria}
          type="number"
          inputMode="numeric"
          min={limits.min}
          max={limits.max}
          step={1}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

function rateOption(rate: PricingRate): string {
  return `${rate.label} — ${formatCredits(rate.creditsPerResult)} credits${rate.isPro ? " (Pro)" : ""}`;
}

/** One kind of result (images, videos): how many a day, and the model whose rate they cost. */
export function WorkloadFieldset({
  legend,
  count,
  model,
}: {
  legend: string;
  count: WholeNumberProps;
  model: {
    id: string;
    label: string;
    rates: readonly PricingRate[];
    value: string;
    onChange: (rateId: string) => void;
    /** Said instead of the select when the rate card has none of this kind. */
    emptyText: string;
  };
}) {
  return (
    <fieldset className="grid gap-4 sm:grid-cols-[10rem_minmax(0,1fr)]">
      <legend className="mb-3 text-sm font-semibold text-slate-900 dark:text-white">{legend}</legend>
      <WholeNumberField {...count} />
      <Field id={model.id} label={model.label}>
        {(aria) =>
          model.rates.length > 0 ? (
            <Select {...aria} value={model.value} onChange={(event) => model.onChange(event.target.value)}>
              {model.rates.map((rate) => (
                <option key={rate.id} value={rate.id}>
                  {rateOption(rate)}
                </option>
              ))}
            </Select>
          ) : (
            <p id={aria.id} className="py-2 text-sm text-slate-600 dark:text-slate-400">
              {model.emptyText}
            </p>
          )
        }
      </Field>
    </fieldset>
  );
}

/** The buffer on top of the workload, as a slider within BUFFER_RANGE. */
export function BufferField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: number;
  onChange: (percent: number) => void;
}) {
  return (
    <div>
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-white">
          Buffer
        </label>
        <span
          className="text-sm font-semibold text-slate-900 tabular-nums dark:text-white"
          aria-hidden="true"
        >
          {value}%
        </span>
      </div>
      <input
        id={id}
        type="range"
        min={BUFFER_RANGE.min}
        max={BUFFER_RANGE.max}
        step={1}
        value={value}
        aria-valuetext={`${value}%`}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(Number(event.target.value))}
        className="mt-3 w-full accent-indigo-600"
      />
      <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
        {BUFFER_RANGE.min}–{BUFFER_RANGE.max}%, for variants, switching models and higher quality settings.
      </p>
    </div>
  );
}
