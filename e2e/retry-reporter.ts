// CI runs each spec once more if it fails (a safety net, playwright.config.ts). A test that passes
// only on its retry is flaky: a defect to fix, not to hide. This reporter names every test that needed
// a retry at the end of the run, whatever its final outcome (tests/support/retry-reporter.ts does
// the same for vitest).
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";

export default class RetryReporter implements Reporter {
  private readonly retried = new Map<TestCase, TestResult>();

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.retry > 0) this.retried.set(test, result);
  }

  onEnd(): void {
    if (this.retried.size === 0) {
      console.log("\nplaywright: no test needed a retry");
      return;
    }
    console.log(`\nplaywright: ${this.retried.size} test(s) needed a retry; fix each at its cause:`);
    const lines = [...this.retried].map(([test, result]) => {
      const outcome = result.status === "passed" ? "passed on a retry (flaky)" : "failed every try";
      return `${test.titlePath().filter(Boolean).join(" > ")}: ${outcome}`;
    });
    for (const line of lines.sort()) console.log(`  RETRIED ${line}`);
  }
}
