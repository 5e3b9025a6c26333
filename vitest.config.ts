import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // No test measures speed (that is `npm run bench`): the limits only stop a hang, and are far
    // above what any test takes on a machine busy with other work (vitest's 5 s default was not).
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
