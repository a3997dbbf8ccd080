import { Fragment } from "react";
import { cn } from "@/components/ui/cn";
import { Code } from "@/components/api-docs/inline-text";
import type { FieldView, TypePart } from "./openapi-model";
import { objectAnchor } from "./openapi-model";

const LINK =
  "rounded-sm font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300";

export function TypeLabel({ parts }: { parts: TypePart[] }) {
  return (
    <span className="font-mono text-xs text-slate-600 dark:text-slate-400">
      {parts.map((part, index) =>
        part.ref ? (
          <a key={index} href={`#${objectAnchor(part.ref)}`} className={LINK}>
            {part.text}
          </a>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </span>
  );
}

/** A field's path with its parent part quiet: split.<b>free</b>. */
function FieldName({ name }: { name: string }) {
  const cut = Math.max(name.lastIndexOf("."), name.lastIndexOf("[]") + 1);
  const parent = cut > 0 ? name.slice(0, cut + 1) : "";
  return (
    <code className="font-mono text-[13px] font-semibold text-slate-900 dark:text-white">
      {parent ? <span className="font-normal text-slate-500 dark:text-slate-400">{parent}</span> : null}
      {name.slice(parent.length)}
    </code>
  );
}

type Props = {
  fields: (FieldView & { location?: string })[];
  /** Requests say which fields are required; responses only mark what may be missing. */
  kind: "request" | "response";
  label: string;
};

/** The fields of a request, its parameters, or a response object: name, type, required, description, example. */
export function FieldList({ fields, kind, label }: Props) {
  return (
    <ul
      aria-label={label}
      className="divide-y divide-slate-100 border-y border-slate-100 dark:divide-slate-800 dark:border-slate-800"
    >
      {fields.map((field) => (
        <li
          key={`${field.location ?? ""}${field.name}`}
          className={cn("py-3", field.depth > 0 && "border-l border-slate-200 pl-4 dark:border-slate-800")}
          style={field.depth > 1 ? { marginLeft: `${(field.depth - 1) * 1}rem` } : undefined}
          data-testid="api-field"
          data-field={field.name}
        >
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <FieldName name={field.name} />
            <TypeLabel parts={field.type} />
            {field.location ? (
              <span className="text-xs text-slate-500 dark:text-slate-400">in {field.location}</span>
            ) : null}
            {kind === "request" ? (
              field.isRequired ? (
                <span className="text-xs font-medium text-amber-700 dark:text-amber-400">required</span>
              ) : (
                <span className="text-xs text-slate-500 dark:text-slate-400">optional</span>
              )
            ) : !field.isRequired ? (
              <span className="text-xs text-slate-500 dark:text-slate-400">may be absent</span>
            ) : null}
          </div>
          {field.description ? (
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{field.description}</p>
          ) : null}
          {field.rules.length || field.example || field.defaultValue ? (
            <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
              {field.rules.map((rule) => (
                <span key={rule}>{rule}</span>
              ))}
              {field.defaultValue !== undefined ? (
                <span>
                  Default <Code>{field.defaultValue}</Code>
                </span>
              ) : null}
              {field.example !== undefined ? (
                <span>
                  Example <Code>{field.example}</Code>
                </span>
              ) : null}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
