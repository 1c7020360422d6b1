import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    pool: "forks",
    testTimeout: 30_000,
    // The functions' Powertools output, in the processes of the tests: warnings and errors only, no
    // metric lines. The test that reads a demo case's logs runs `npm start` with its own environment.
    env: { POWERTOOLS_LOG_LEVEL: "WARN", POWERTOOLS_METRICS_DISABLED: "true" },
  },
});
