// CI runs each test once more if it fails (a safety net, vitest.config.ts). A test that passes only
// on its retry is flaky: a defect to fix, not to hide. This reporter names every test that needed a
// retry at the end of the run, whatever its final outcome. (e2e/retry-reporter.ts does the same
// for Playwright.)
import type { Reporter, TestCase } from "vitest/node";

export default class RetryReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const { retryCount } = testCase.diagnostic() ?? { retryCount: 0 };
    if (retryCount === 0) return;
    const outcome = testCase.result().state === "passed" ? "passed on a retry (flaky)" : "failed every try";
    this.retried.push(
      `${testCase.module.moduleId.replace(`${process.cwd()}/`, "")} > ${testCase.fullName}: ${outcome}`,
    );
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) {
      console.log("\nvitest: no test needed a retry");
      return;
    }
    console.log(`\nvitest: ${this.retried.length} test(s) needed a retry; fix each at its cause:`);
    for (const line of this.retried.sort()) console.log(`  RETRIED ${line}`);
  }
}
