// db/lanes.ts: a lane that has just finished is the next one used (most recently used first), more
// lanes open only while all are busy and never more than the pool's size, and ending the pool ends
// its lanes first. Fakes stand in for the databases: this is the choice of lane, not PostgreSQL.
import { describe, expect, it } from "vitest";
import type { Database } from "@/db";
import { attachLanes, lanesOpened, onLane } from "@/db/lanes";

type Fake = Database & { id: string; ended: string[] };

function fakeDb(id: string, ended: string[]): Fake {
  return {
    id,
    ended,
    $client: {
      end: async () => {
        ended.push(id);
      },
    },
  } as unknown as Fake;
}

function withLanes(max: number) {
  const ended: string[] = [];
  const db = fakeDb("pool", ended);
  let opened = 0;
  attachLanes(db, max, () => fakeDb(`lane ${++opened}`, ended));
  const used = (lane: Database) => (lane as Fake).id;
  return { db, ended, used };
}

/** Holds `count` lanes at once until all are taken, then lets them go in the order given. */
async function burst(db: Database, count: number, releaseOrder: number[]): Promise<string[]> {
  const release: (() => void)[] = [];
  const taken: string[] = [];
  let all: () => void = () => {};
  const allTaken = new Promise<void>((resolve) => (all = resolve));
  const runs = Array.from({ length: count }, (_, i) =>
    onLane(db, async (lane) => {
      taken[i] = (lane as Fake).id;
      if (taken.filter(Boolean).length === count) all();
      await new Promise<void>((resolve) => (release[i] = resolve));
    }),
  );
  await allTaken;
  for (const i of releaseOrder) {
    release[i]?.();
    await runs[i];
  }
  return taken;
}

describe("lanes", () => {
  it("uses the lane released last, so one spend at a time stays on one lane", async () => {
    const { db, used } = withLanes(4);
    expect(await burst(db, 4, [3, 0, 2, 1])).toEqual(["lane 1", "lane 2", "lane 3", "lane 4"]);
    expect(lanesOpened(db)).toBe(4);
    // Lane 2 (index 1) finished last: every call after it goes there, not round the four.
    const next: string[] = [];
    for (let i = 0; i < 6; i += 1) next.push(await onLane(db, async (lane) => used(lane)));
    expect(next).toEqual(Array(6).fill("lane 2"));
  });

  it("opens a lane only while every open one is busy, and never more than the pool's size", async () => {
    const { db, used } = withLanes(2);
    expect(await onLane(db, async (lane) => used(lane))).toBe("lane 1");
    expect(await onLane(db, async (lane) => used(lane))).toBe("lane 1");
    expect(lanesOpened(db)).toBe(1);
    // Three at once on a pool of two: two lanes, and the third runs on the pool itself.
    expect((await burst(db, 3, [0, 1, 2])).sort()).toEqual(["lane 1", "lane 2", "pool"]);
    expect(lanesOpened(db)).toBe(2);
  });

  it("gives the lane back when the work fails", async () => {
    const { db, used } = withLanes(1);
    await expect(onLane(db, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await onLane(db, async (lane) => used(lane))).toBe("lane 1");
    expect(lanesOpened(db)).toBe(1);
  });

  it("ends the lanes, then the pool", async () => {
    const { db, ended } = withLanes(3);
    await burst(db, 2, [0, 1]);
    await db.$client.end();
    expect(ended).toEqual(["lane 1", "lane 2", "pool"]);
  });

  it("runs on the database itself when it has no lanes", async () => {
    const plain = fakeDb("plain", []);
    expect(await onLane(plain, async (lane) => (lane as Fake).id)).toBe("plain");
    expect(lanesOpened(plain)).toBe(0);
  });
});
