// The web `Request` the lean API path (server.ts) hands a route handler, without building one: undici's
// `new Request` (an AbortSignal made transferable, Headers filled one by one, the body wrapped in a
// ReadableStream) cost 0.03-0.04 ms of CPU a request, about a tenth of a spend's whole server CPU
// under load (docs/PERFORMANCE.md, "Web Request and Response objects only when asked for"). What the
// metering API's handlers read (method, url, a header, the body once) comes straight from node:http;
// anything else a handler might touch (signal, clone(), formData(), the body as a stream...) builds
// the real Request once, from the same bytes, and answers from it, so a handler can never tell the
// difference except by `instanceof Request`. No `server-only` (see lean-routes.ts).
import type { IncomingMessage } from "node:http";
import { BUFFERED_BODY, type BufferedBody } from "./buffered-body";

/**
 * A request's headers as fetch's `Headers` answers them (names case-insensitive, repeated headers
 * joined with ", "), read from what node:http parsed. Any change, or any walk over them, first copies
 * them into a real `Headers` and goes on there.
 */
export class BridgedHeaders implements Headers {
  #real: Headers | null = null;
  /** Lower-cased name → the values, joined (made on the first read, from node:http's raw headers). */
  #index: Map<string, string> | null = null;

  constructor(private readonly message: IncomingMessage) {}

  #lookup(name: string): string | undefined {
    if (!this.#index) {
      const index = new Map<string, string>();
      const raw = this.message.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = (raw[i] as string).toLowerCase();
        const value = raw[i + 1] as string;
        const before = index.get(key);
        index.set(key, before === undefined ? value : `${before}, ${value}`);
      }
      this.#index = index;
    }
    return this.#index.get(name.toLowerCase());
  }

  /** These headers as a real `Headers` (the same one from then on: later changes land there). */
  materialize(): Headers {
    if (this.#real) return this.#real;
    const headers = new Headers();
    const raw = this.message.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
    this.#real = headers;
    return headers;
  }

  get(name: string): string | null {
    if (this.#real) return this.#real.get(name);
    return this.#lookup(name) ?? null;
  }

  has(name: string): boolean {
    if (this.#real) return this.#real.has(name);
    return this.#lookup(name) !== undefined;
  }

  append(name: string, value: string): void {
    this.materialize().append(name, value);
  }

  set(name: string, value: string): void {
    this.materialize().set(name, value);
  }

  delete(name: string): void {
    this.materialize().delete(name);
  }

  getSetCookie(): string[] {
    return this.materialize().getSetCookie();
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.materialize().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): HeadersIterator<[string, string]> {
    return this.materialize().entries();
  }

  keys(): HeadersIterator<string> {
    return this.materialize().keys();
  }

  values(): HeadersIterator<string> {
    return this.materialize().values();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.materialize()[Symbol.iterator]();
  }
}

/**
 * The request a handler gets on the lean path. The origin of `url` is fixed (handlers read only the
 * path and query; a forged Host must not reach them). `body` is what the bridge read, at most its cap.
 */
export class BridgedRequest implements Request {
  readonly method: string;
  readonly url: string;
  readonly headers: BridgedHeaders;
  readonly #bytes: Uint8Array<ArrayBuffer> | null;
  /** The body went to a handler through `[BUFFERED_BODY]` (so the real Request's is spent too). */
  #taken = false;
  #real: Request | null = null;

  constructor(message: IncomingMessage, bytes: Uint8Array<ArrayBuffer> | null) {
    this.method = message.method ?? "GET";
    this.url = `http://localhost${message.url ?? "/"}`;
    this.headers = new BridgedHeaders(message);
    this.#bytes = bytes;
  }

  /** The bytes, once: afterwards the body is used, as after `arrayBuffer()`. */
  [BUFFERED_BODY](): BufferedBody {
    if (this.#taken || this.#real) return { kind: "stream" };
    this.#taken = true;
    return { kind: "bytes", bytes: this.#bytes };
  }

  /** The real Request, built once from the same method, url, headers and bytes. */
  #request(): Request {
    if (this.#real) return this.#real;
    const real = new Request(this.url, {
      method: this.method,
      headers: this.headers.materialize(),
      body: this.#bytes,
    });
    // Taken already: reading it locks the real body at once, so it answers as a used one does.
    if (this.#taken) real.arrayBuffer().catch(() => {});
    this.#real = real;
    return real;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#request().body;
  }
  get bodyUsed(): boolean {
    return this.#taken || (this.#real?.bodyUsed ?? false);
  }
  get signal(): AbortSignal {
    return this.#request().signal;
  }
  get cache(): RequestCache {
    return this.#request().cache;
  }
  get credentials(): RequestCredentials {
    return this.#request().credentials;
  }
  get destination(): RequestDestination {
    return this.#request().destination;
  }
  get integrity(): string {
    return this.#request().integrity;
  }
  get keepalive(): boolean {
    return this.#request().keepalive;
  }
  get mode(): RequestMode {
    return this.#request().mode;
  }
  get redirect(): RequestRedirect {
    return this.#request().redirect;
  }
  get referrer(): string {
    return this.#request().referrer;
  }
  get referrerPolicy(): ReferrerPolicy {
    return this.#request().referrerPolicy;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#request().arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this.#request().blob();
  }
  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#request().bytes();
  }
  formData(): Promise<FormData> {
    return this.#request().formData();
  }
  json(): Promise<unknown> {
    return this.#request().json();
  }
  text(): Promise<string> {
    return this.#request().text();
  }
  clone(): Request {
    return this.#request().clone();
  }
}
