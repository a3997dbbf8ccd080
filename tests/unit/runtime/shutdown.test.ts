import { afterEach, describe, expect, it } from "vitest";
import { registerShutdown, resetShutdownForTests, shutdown, isShuttingDown } from "@/lib/runtime/shutdown";

afterEach(() => resetShutdownForTests());

describe("shutdown", () => {
  it("runs the stoppers phase by phase: work, then flush, then pools", async () => {
    const order: string[] = [];
    registerShutdown("pool", () => void order.push("pool"), { phase: "pools" });
    registerShutdown("flush", () => void order.push("flush"), { phase: "flush" });
    registerShutdown("scheduler", async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push("scheduler");
    });
    expect(isShuttingDown()).toBe(false);
    const report = await shutdown("test");
    expect(isShuttingDown()).toBe(true);
    expect(order).toEqual(["scheduler", "flush", "pool"]);
    expect(report.stopped).toEqual(["scheduler", "flush", "pool"]);
    expect(report.failed).toEqual([]);
    expect(report.timedOut).toEqual([]);
  });

  it("is bounded: a stopper that hangs is reported, later phases are skipped", async () => {
    registerShutdown("stuck", () => new Promise<void>(() => {}));
    let pools = false;
    registerShutdown("pool", () => void (pools = true), { phase: "pools" });
    const report = await shutdown("test", { timeoutMs: 50 });
    expect(report.timedOut).toEqual(["stuck"]);
    expect(pools).toBe(false);
  });

  it("reports a stopper that throws and still runs the others; a second call is the same run", async () => {
    registerShutdown("broken", () => {
      throw new Error("boom");
    });
    let closed = 0;
    registerShutdown("pool", () => void (closed += 1), { phase: "pools" });
    const first = shutdown("test");
    const second = shutdown("again");
    expect(second).toBe(first);
    const report = await first;
    expect(report.failed).toEqual([{ name: "broken", error: "boom" }]);
    expect(closed).toBe(1);
  });

  it("unregisters", async () => {
    let ran = false;
    const unregister = registerShutdown("gone", () => void (ran = true));
    unregister();
    await shutdown("test");
    expect(ran).toBe(false);
  });
});
