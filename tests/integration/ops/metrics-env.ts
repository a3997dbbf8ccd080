// Imported first by the ops tests: lib/env.ts reads the environment once, at its first import.
export const METRICS_TOKEN = "test-metrics-token-0123456789";
process.env.METRICS_TOKEN = METRICS_TOKEN;
