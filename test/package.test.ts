import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The published package as a user gets it: `npm pack` (of dist/ as `npm test` built it), then
// `npm install` of the tarball into a fresh project outside this repository, used from ESM,
// CommonJS and TypeScript, without vega. An integration test, not a speed test: npm and node run
// as separate processes, so the timeouts are generous (3 minutes to pack and install, 1 minute
// for each check). npm installs mathjs, simple-statistics and yaml from its cache when it can
// (--prefer-offline) and from the npm registry otherwise.
const INSTALL_TIMEOUT_MS = 180_000;
const CHECK_TIMEOUT_MS = 60_000;
const ROOT = join(import.meta.dirname, "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

const tmp = mkdtempSync(join(tmpdir(), "pywebperf-package-"));
const app = join(tmp, "app");
let packed: string[] = [];

/** This process's environment without what `npm run` adds about this repository. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^npm_(package_|lifecycle_|config_local_prefix$)/.test(k),
  ),
);

function sh(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(command: string, args: string[], cwd = app): string {
  const r = sh(command, args, cwd);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${r.status}\n${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

// What every check computes: M/M/2 at 80 req/s and 20 ms per request, utilization 80/(2 × 50).
const MMC = "{ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2 }";

beforeAll(() => {
  const [pack] = JSON.parse(
    ok("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT),
  ) as { filename: string; files: { path: string }[] }[];
  packed = pack!.files.map((f) => f.path);
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    '{ "name": "app", "version": "1.0.0", "private": true }',
  );
  ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(tmp, pack!.filename)]);
}, INSTALL_TIMEOUT_MS);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the packed package, installed into a fresh project", () => {
  it("holds the build with type declarations and source maps, the README, CHANGELOG and LICENSE", () => {
    for (const f of [
      "package.json",
      "LICENSE",
      "README.md",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/index.js.map",
      "dist/charts/index.js",
      "dist/charts/index.d.ts",
      "dist/charts/index.js.map",
      "dist/cli/main.js",
    ]) {
      expect(packed, f).toContain(f);
    }
    expect(
      packed.filter((f) => !/^(dist\/|package\.json$|LICENSE$|README\.md$|CHANGELOG\.md$)/.test(f)),
    ).toEqual([]);
    // The source maps carry the TypeScript source (inlineSources), so they resolve without src/.
    const map = JSON.parse(
      readFileSync(
        join(app, "node_modules", "pywebperf", "dist", "queueing", "mmc.js.map"),
        "utf8",
      ),
    ) as { sourcesContent?: string[] };
    expect(map.sourcesContent?.[0]).toContain("export function mmc(");
  });

  it("installs the models with their dependencies and without vega", () => {
    const modules = join(app, "node_modules");
    for (const m of ["pywebperf", "mathjs", "simple-statistics", "yaml"]) {
      expect(existsSync(join(modules, m)), m).toBe(true);
    }
    for (const m of ["vega", "vega-lite"]) expect(existsSync(join(modules, m)), m).toBe(false);
  });

  it(
    "works from an ES module: the models, the chart specs, and a clear error to render one",
    () => {
      writeFileSync(
        join(app, "esm.mjs"),
        [
          'import { mmc, range, sweep } from "pywebperf";',
          'import { latencyChart, renderSvg } from "pywebperf/charts";',
          `const curve = sweep({ model: mmc, input: ${MMC}, parameter: "arrivalRatePerSec", values: range(10, 90, 5) });`,
          "const spec = latencyChart(curve);",
          "const rendered = await renderSvg(spec).then(() => 'rendered', (e) => `${e.name}: ${e.message}`);",
          `console.log(JSON.stringify({ utilization: mmc(${MMC}).utilization, schema: spec.$schema, rendered }));`,
        ].join("\n"),
      );
      const out = JSON.parse(ok(process.execPath, ["esm.mjs"])) as Record<string, unknown>;
      expect(out.utilization).toBeCloseTo(0.8, 14);
      expect(out.schema).toMatch(/vega-lite/);
      expect(out.rendered).toBe(
        "ChartsUnavailableError: rendering a chart needs the optional packages vega and vega-lite: npm install vega vega-lite",
      );
    },
    CHECK_TIMEOUT_MS,
  );

  it(
    "works from CommonJS with require()",
    () => {
      writeFileSync(
        join(app, "cjs.cjs"),
        [
          'const { mmc, ModelInputError } = require("pywebperf");',
          'const { cdfChart } = require("pywebperf/charts");',
          "let error = '';",
          "try { mmc({ arrivalRatePerSec: 80, serviceTimeSec: 0.02, servers: 2.5 }); } catch (e) { error = e instanceof ModelInputError ? e.field : String(e); }",
          `const q = mmc(${MMC});`,
          "console.log(JSON.stringify({ utilization: q.utilization, error, cdf: typeof cdfChart(q) }));",
        ].join("\n"),
      );
      const out = JSON.parse(ok(process.execPath, ["cjs.cjs"])) as Record<string, unknown>;
      expect(out).toEqual({
        utilization: expect.closeTo(0.8, 14),
        error: "servers",
        cdf: "object",
      });
    },
    CHECK_TIMEOUT_MS,
  );

  it(
    "type-checks and runs from TypeScript, as an ES module and as CommonJS",
    () => {
      writeFileSync(
        join(app, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            module: "nodenext",
            moduleResolution: "nodenext",
            target: "es2022",
            strict: true,
            skipLibCheck: false,
            types: [],
            outDir: "out",
          },
          files: ["check.mts", "check.cts"],
        }),
      );
      // A string for a time must fail the type check: the declarations, not `any`, are in use.
      const models = [
        `const input: MmcInput = ${MMC};`,
        "export const utilization: number = mmc(input).utilization;",
        "// @ts-expect-error -- serviceTimeSec is a number of seconds",
        'export const wrong = () => mmc({ arrivalRatePerSec: 80, serviceTimeSec: "20ms", servers: 2 });',
      ];
      writeFileSync(
        join(app, "check.mts"),
        [
          'import { mmc, range, sweep, type MmcInput } from "pywebperf";',
          'import { latencyChart, type VegaLiteSpec } from "pywebperf/charts";',
          ...models,
          'const curve = sweep({ model: mmc, input, parameter: "servers", values: range(2, 4, 3) });',
          "export const spec: VegaLiteSpec = latencyChart(curve);",
        ].join("\n"),
      );
      writeFileSync(
        join(app, "check.cts"),
        ['import { mmc, type MmcInput } from "pywebperf";', ...models].join("\n"),
      );
      ok(process.execPath, [TSC, "-p", "."]);
      const read = [
        'const esm = await import("./out/check.mjs");',
        'const cjs = (await import("node:module")).createRequire(import.meta.url)("./out/check.cjs");',
        "console.log(JSON.stringify([esm.utilization, cjs.utilization]));",
      ].join("\n");
      const out = JSON.parse(ok(process.execPath, ["--input-type=module", "-e", read])) as number[];
      expect(out).toEqual([expect.closeTo(0.8, 14), expect.closeTo(0.8, 14)]);
    },
    CHECK_TIMEOUT_MS,
  );

  it(
    "installs the pywebperf command, which plans without vega and says what --charts needs",
    () => {
      const bin = join(app, "node_modules", ".bin", "pywebperf");
      const mmc = sh(bin, "mmc --arrival-rate 80 --service-time 20ms --servers 2".split(" "), app);
      expect(mmc.status, mmc.stderr).toBe(0);
      expect(mmc.stdout).toMatch(/utilization per server\s+80 %/);
      const plan = sh(bin, ["plan", "--charts", tmp], app);
      expect(plan.status).toBe(2);
      expect(plan.stderr.trim()).toBe(
        "pywebperf: --charts: rendering a chart needs the optional packages vega and vega-lite: npm install vega vega-lite",
      );
    },
    CHECK_TIMEOUT_MS,
  );
});
