// A schema's fields in words: names, types, what is required, the rules the values must follow.
import { formatNumber } from "@/lib/format";
import type { FieldView, JsonSchema, OpenApiDocument, TypePart } from "./openapi-types";

// Patterns people should read as words.
const PATTERN_WORDS: Record<string, string> = {
  "^[\\x21-\\x7e]+$": "Printable ASCII, no spaces",
};

export function objectAnchor(name: string): string {
  return `object-${name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase()}`;
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  return doc.components.schemas[refName(schema.$ref)] ?? {};
}

function isNull(schema: JsonSchema): boolean {
  return schema.type === "null";
}

export function isSafeBound(value: number | undefined): value is number {
  return value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER;
}

function range(min: number | undefined, max: number | undefined, unit: string): string | null {
  if (min !== undefined && max !== undefined) return `${formatNumber(min)}–${formatNumber(max)} ${unit}`;
  if (max !== undefined) return `At most ${formatNumber(max)} ${unit}`;
  if (min !== undefined && min > 0) return `At least ${formatNumber(min)} ${unit}`;
  return null;
}

export function describeType(schema: JsonSchema): TypePart[] {
  if (schema.$ref) return [{ text: refName(schema.$ref), ref: refName(schema.$ref) }];
  if (schema.anyOf) {
    const options = schema.anyOf.filter((option) => !isNull(option));
    const parts = options.flatMap((option, index) => [
      ...(index > 0 ? [{ text: " | " }] : []),
      ...describeType(option),
    ]);
    return options.length < schema.anyOf.length ? [...parts, { text: " | null" }] : parts;
  }
  switch (schema.type) {
    case "array":
      return [{ text: "array of " }, ...(schema.items ? describeType(schema.items) : [{ text: "any" }])];
    case "object": {
      const values = schema.additionalProperties;
      if (!schema.properties && values && typeof values === "object" && Object.keys(values).length > 0) {
        return [{ text: "map of " }, ...describeType(values)];
      }
      return [{ text: "object" }];
    }
    case "string":
      if (schema.enum) return [{ text: "enum" }];
      return [{ text: schema.format ? `string (${schema.format})` : "string" }];
    case undefined:
      return [{ text: "any" }];
    default:
      return [{ text: schema.type }];
  }
}

export function describeRules(schema: JsonSchema): string[] {
  const rules: string[] = [];
  const push = (rule: string | null) => {
    if (rule) rules.push(rule);
  };
  if (schema.enum) push(`One of: ${schema.enum.map(String).join(", ")}`);
  if (schema.type === "string") {
    push(range(schema.minLength, schema.maxLength, "characters"));
    // A format (uuid, date-time) says it better than its long generated pattern.
    if (schema.pattern && !schema.format) push(PATTERN_WORDS[schema.pattern] ?? `Matches ${schema.pattern}`);
  }
  if (schema.type === "integer" || schema.type === "number") {
    const min = isSafeBound(schema.minimum) ? schema.minimum : undefined;
    const max = isSafeBound(schema.maximum) ? schema.maximum : undefined;
    if (min !== undefined && max !== undefined) push(`${formatNumber(min)}–${formatNumber(max)}`);
    else if (min !== undefined) push(`≥ ${formatNumber(min)}`);
    else if (max !== undefined) push(`≤ ${formatNumber(max)}`);
  }
  if (schema.type === "array") push(range(schema.minItems, schema.maxItems, "items"));
  return rules;
}

export const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

export function fieldsOf(doc: OpenApiDocument, schema: JsonSchema, prefix = "", depth = 0): FieldView[] {
  const object = resolve(doc, schema);
  const required = new Set(object.required ?? []);
  const rows: FieldView[] = [];
  for (const [name, property] of Object.entries(object.properties ?? {})) {
    const path = `${prefix}${name}`;
    // A field with a default may be left out, whatever the generated `required` list says.
    const hasDefault = property.default !== undefined;
    rows.push({
      name: path,
      depth,
      type: describeType(property),
      isRequired: required.has(name) && !hasDefault,
      description: property.description,
      rules: describeRules(property),
      example: property.example !== undefined ? show(property.example) : undefined,
      defaultValue: hasDefault ? show(property.default) : undefined,
    });
    // Inline objects are spelled out under their parent; named objects ($ref) link to their own section.
    if (property.type === "object" && property.properties) {
      rows.push(...fieldsOf(doc, property, `${path}.`, depth + 1));
    }
    if (property.type === "array" && property.items?.type === "object" && property.items.properties) {
      rows.push(...fieldsOf(doc, property.items, `${path}[].`, depth + 1));
    }
  }
  return rows;
}
