// The parts of an OpenAPI 3.1 document the reference page reads, and what it makes of them.

export type JsonSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

export type Media = Record<string, { schema: JsonSchema }>;

export type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
};

export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Media };
  responses: Record<string, { description?: string; content?: Media }>;
};

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string }>;
    schemas: Record<string, JsonSchema>;
  };
  paths: Record<string, Record<string, Operation>>;
};

/** A type, as words and links to objects: "array of [UsageRequest]". */
export type TypePart = { text: string; ref?: string };

export type FieldView = {
  /** The field's path: "split.free", "records[]". */
  name: string;
  /** Nesting depth, for indentation. */
  depth: number;
  type: TypePart[];
  isRequired: boolean;
  description?: string;
  /** Constraints in words: "1–255 characters", "One of: model, feature, member". */
  rules: string[];
  example?: string;
  defaultValue?: string;
};

export type ResponseView = { status: string; description: string; schemaRef?: string };

export type OperationView = {
  /** The anchor on the page. */
  id: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  parameters: (FieldView & { location: string })[];
  body?: {
    schemaRef?: string;
    /** Links to a request object (e.g. from a batch's records) land on the body of its first operation. */
    anchorId?: string;
    isRequired: boolean;
    fields: FieldView[];
  };
  responses: ResponseView[];
  curl: string;
};

export type ObjectView = { name: string; id: string; description?: string; fields: FieldView[] };

export type ErrorStatusView = {
  status: string;
  description: string;
  operations: { id: string; method: string; path: string }[];
};

export type ApiReference = {
  title: string;
  version: string;
  description?: string;
  openapi: string;
  serverUrl: string;
  authScheme: string;
  operations: OperationView[];
  errors: ErrorStatusView[];
  objects: ObjectView[];
};
