// jsonResponse answers exactly what Response.json does, in every way a reader can ask (Next.js sends
// it through `body`; tests and clients read it with json() or text()), while the lean path takes its
// text without a stream.
import { describe, expect, it } from "vitest";
import { JsonResponse, jsonResponse, takeJsonText } from "@/lib/http/json-response";

const value = { id: "e1", credits: "12", nested: { list: [1, "two", null] }, text: "é ✓" };

async function streamText(stream: ReadableStream<Uint8Array> | null): Promise<string> {
  return new Response(stream).text();
}

describe("jsonResponse", () => {
  it("is a Response with Response.json's status, headers and body", async () => {
    const ours = jsonResponse(value, { status: 201, statusText: "Created", headers: { "x-a": "1" } });
    const theirs = Response.json(value, { status: 201, statusText: "Created", headers: { "x-a": "1" } });
    expect(ours).toBeInstanceOf(Response);
    expect(ours.status).toBe(theirs.status);
    expect(ours.statusText).toBe(theirs.statusText);
    expect(ours.ok).toBe(true);
    expect([...ours.headers].sort()).toEqual([...theirs.headers].sort());
    expect(await ours.text()).toBe(await theirs.text());
  });

  it("keeps a content type the caller set, and can change headers afterwards", () => {
    const response = jsonResponse({}, { headers: { "content-type": "application/problem+json" } });
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    response.headers.set("cache-control", "no-store");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(jsonResponse(null).headers.get("content-type")).toBe("application/json");
  });

  it("refuses what JSON cannot write, as Response.json does", () => {
    expect(() => jsonResponse(undefined)).toThrow(TypeError);
    expect(() => jsonResponse(() => 1)).toThrow(TypeError);
    expect(() => jsonResponse({ n: 1n })).toThrow(TypeError);
    for (const status of [204, 205, 304]) {
      expect(() => Response.json({}, { status })).toThrow(TypeError);
      expect(() => jsonResponse({}, { status })).toThrow(TypeError);
    }
    expect(() => jsonResponse({}, { status: 99 })).toThrow(RangeError);
    expect(() => jsonResponse({}, { statusText: "bad\n" })).toThrow(TypeError);
  });

  it("reads in every form, once", async () => {
    expect(await jsonResponse(value).json()).toEqual(value);
    expect(new TextDecoder().decode(await jsonResponse(value).arrayBuffer())).toBe(JSON.stringify(value));
    expect(new TextDecoder().decode(await jsonResponse(value).bytes())).toBe(JSON.stringify(value));
    const blob = await jsonResponse(value).blob();
    expect(blob.type).toBe("application/json");
    expect(await blob.text()).toBe(JSON.stringify(value));
    const response = jsonResponse(value);
    expect(response.bodyUsed).toBe(false);
    await response.text();
    expect(response.bodyUsed).toBe(true);
    await expect(response.json()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(takeJsonText(response)).toBeNull();
  });

  it("streams its body when asked (as Next.js sends it), and is then read only through that stream", async () => {
    const response = jsonResponse(value);
    const stream = response.body;
    expect(response.body).toBe(stream);
    expect(response.bodyUsed).toBe(false);
    expect(takeJsonText(response)).toBeNull();
    expect(await streamText(stream)).toBe(JSON.stringify(value));
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    // and the same through a copy made from it, as Next.js does when it adds cookies
    const copied = new Response(jsonResponse(value).body, { status: 202 });
    expect(await copied.json()).toEqual(value);
  });

  it("a used body's stream says so, as undici's does", async () => {
    const response = jsonResponse(value);
    await response.text();
    expect(response.body?.locked).toBe(true);
    expect(() => new Response(response.body)).toThrow(TypeError);
  });

  it("clones into two readable responses, before or after its stream was handed out", async () => {
    const response = jsonResponse(value, { status: 409, headers: { "x-a": "1" } });
    const copy = response.clone();
    expect(copy.status).toBe(409);
    expect(copy.headers.get("x-a")).toBe("1");
    expect(await copy.json()).toEqual(value);
    expect(await response.json()).toEqual(value);

    const streamed = jsonResponse(value);
    const stream = streamed.body;
    const twin = streamed.clone();
    expect(await twin.json()).toEqual(value);
    expect(await streamText(streamed.body)).toBe(JSON.stringify(value));
    expect(stream).not.toBe(streamed.body);
  });

  it("gives the lean path its text once, after which the body is used", async () => {
    const response = jsonResponse(value, { status: 201 });
    expect(takeJsonText(response)).toBe(JSON.stringify(value));
    expect(response.bodyUsed).toBe(true);
    expect(takeJsonText(response)).toBeNull();
    await expect(response.text()).rejects.toThrow(TypeError);
    // any other Response has no text to give: the bridge reads it
    expect(takeJsonText(Response.json(value))).toBeNull();
    expect(JsonResponse.from(1)).toBeInstanceOf(JsonResponse);
  });
});
