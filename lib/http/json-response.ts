// `jsonResponse(value, init)`: what `Response.json(value, init)` answers, without undici wrapping the
// text in a ReadableStream that the lean API path (server.ts) would then read back chunk by chunk.
// `Response.json` and reading it back cost ~0.02 ms of CPU a request in a micro-benchmark, ~7 times a
// JsonResponse's (docs/PERFORMANCE.md, "Web Request and Response objects only when asked for").
//
// A JsonResponse is a real `Response` (Next.js checks `instanceof Response`), made with no body, whose
// body methods answer from the JSON text it keeps; `body` makes the stream only when someone asks for
// it (Next.js does, to send it), and from then on every read goes through that stream. The lean path
// takes the text itself through `takeJsonText`. No `server-only` (see lean-routes.ts).

const JSON_TEXT = Symbol.for("creditpool.jsonText");

type Holder = { [JSON_TEXT]?: () => string | null };

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

const unusable = () => new TypeError("Body is unusable: Body has already been read");

export class JsonResponse extends Response {
  readonly #text: string;
  #used = false;
  #stream: ReadableStream<Uint8Array<ArrayBuffer>> | null = null;

  private constructor(text: string, init: ResponseInit | undefined) {
    const headers = new Headers(init?.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    super(null, { status: init?.status, statusText: init?.statusText, headers });
    this.#text = text;
  }

  /** As `Response.json`: a TypeError for a value JSON cannot write (undefined, a function, a BigInt). */
  static from(value: unknown, init?: ResponseInit): JsonResponse {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError("Value is not JSON serializable");
    // A status that carries no body cannot carry JSON (undici's check, which a bodiless super() skips).
    if (init?.status !== undefined && NULL_BODY_STATUSES.has(init.status))
      throw new TypeError(`Response constructor: Invalid response status code ${init.status}`);
    return new JsonResponse(text, init);
  }

  /** The text, once, for the socket (afterwards the body is used); null if it was read another way. */
  [JSON_TEXT](): string | null {
    if (this.#used || this.#stream) return null;
    this.#used = true;
    return this.#text;
  }

  /** The text for a body method: from the stream once it was handed out, else once from memory. */
  async #take(): Promise<string> {
    if (this.#stream) return new Response(this.#stream).text();
    if (this.#used) throw unusable();
    this.#used = true;
    return this.#text;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> {
    if (!this.#stream) {
      if (this.#used) {
        // As undici: a used body's stream is still there, and says it is used (locked, disturbed).
        this.#stream = new Response(this.#text).body as ReadableStream<Uint8Array<ArrayBuffer>>;
        void this.#stream.getReader().read();
      } else this.#stream = new Response(this.#text).body as ReadableStream<Uint8Array<ArrayBuffer>>;
    }
    return this.#stream;
  }

  override get bodyUsed(): boolean {
    return this.#used || (this.#stream !== null && this.#stream.locked);
  }

  override async text(): Promise<string> {
    return this.#take();
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.#take()) as unknown;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = new TextEncoder().encode(await this.#take());
    return bytes.buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new TextEncoder().encode(await this.#take());
  }

  override async blob(): Promise<Blob> {
    return new Blob([await this.#take()], { type: this.headers.get("content-type") ?? "" });
  }

  override async formData(): Promise<FormData> {
    return new Response(await this.#take(), { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw unusable();
    if (this.#stream) {
      // Someone holds the stream: clone the way undici does, by teeing it.
      const [mine, theirs] = this.#stream.tee();
      this.#stream = mine;
      return new Response(theirs, {
        status: this.status,
        statusText: this.statusText,
        headers: this.headers,
      });
    }
    return new JsonResponse(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

/** `Response.json(value, init)`, cheaper to make and to send (see above). */
export function jsonResponse(value: unknown, init?: ResponseInit): Response {
  return JsonResponse.from(value, init);
}

/** A JsonResponse's text for the socket, taken (the response's body is used afterwards); else null. */
export function takeJsonText(response: Response): string | null {
  const take = (response as Holder)[JSON_TEXT];
  return typeof take === "function" ? take.call(response) : null;
}
