import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The built command (`npm test` builds dist/ first) as a separate process: that main.js passes
// the arguments, output and exit status through, and which modules a command loads. These start
// node processes, so on a busy machine each may take seconds: the timeout is generous (60 s) and
// nothing here measures speed (bench/run.mjs does).
const TIMEOUT_MS = 60_000;
const DIST = join(import.meta.dirname, "..", "..", "dist");
const MAIN = join(DIST, "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "pywebperf-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A module-resolution hook that appends the URL of every module the process loads to a file.
const hooks = join(dir, "hooks.mjs");
writeFileSync(
  hooks,
  [
    'import { appendFileSync } from "node:fs";',
    "export async function resolve(specifier, context, next) {",
    "  const resolved = await next(specifier, context);",
    '  appendFileSync(process.env.PYWEBPERF_LOAD_LOG, resolved.url + "\\n");',
    "  return resolved;",
    "}",
  ].join("\n"),
);
const register = join(dir, "register.mjs");
writeFileSync(
  register,
  `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

function pywebperf(args: string[], env: NodeJS.ProcessEnv = {}, preload: string[] = []) {
  const r = spawnSync(process.execPath, [...preload, MAIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The modules that `pywebperf args` loads, as paths under dist/ or package names. */
function modulesLoaded(args: string[]): string[] {
  const log = join(dir, `loaded-${args[0] ?? "none"}.txt`);
  writeFileSync(log, "");
  const r = pywebperf(args, { PYWEBPERF_LOAD_LOG: log }, ["--import", register]);
  expect(r.status, r.stderr).toBe(0);
  const distUrl = pathToFileURL(DIST).href;
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((url) => url.startsWith("file:"))
    .map((url) =>
      url.includes("/node_modules/")
        ? `package ${/\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]}`
        : url.replace(`${distUrl}/`, ""),
    );
}

/** The calculator call the README and the benchmark time. */
const MMC = "mmc --arrival-rate 80 --service-time 20ms --servers 2".split(" ");

describe("the pywebperf command (dist/cli/main.js)", () => {
  it(
    "prints a calculator's result and exits 0; a user error exits 2 with one line",
    () => {
      const ok = pywebperf(MMC);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/mean response time\s+55\.56 ms/);
      const bad = pywebperf(["mmc", "--arrival-rate", "80"]);
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split("\n")).toEqual([
        "pywebperf: mmc needs --service-time (mean service time (0.02, 20ms))",
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    "a calculator loads the queueing models only: no deployment code, charts or packages",
    () => {
      const loaded = modulesLoaded(MMC);
      expect(loaded).toContain("queueing/mmc.js");
      expect(loaded.filter((m) => m.startsWith("package "))).toEqual([]);
      for (const m of loaded) {
        expect(m).not.toMatch(/^(deploy|networks|fit|sim|python)\/|^cli\/(deploy|plan)/);
        expect(m).not.toMatch(/^charts\/(renderSvg|display|index)/);
      }
    },
    TIMEOUT_MS,
  );

  it(
    "the planner loads what it needs (yaml and the deployment code), which shows the hook works",
    () => {
      const loaded = modulesLoaded(["plan", "--json"]);
      expect(loaded).toContain("package yaml");
      expect(loaded).toContain("deploy/planCapacity.js");
      expect(loaded).not.toContain("package vega"); // no --charts: vega stays unloaded
    },
    TIMEOUT_MS,
  );
});
