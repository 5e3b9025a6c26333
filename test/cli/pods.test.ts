import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  evaluateDeployment,
  GiB,
  MiB,
  ModelInputError,
  planCapacity,
  sizePods,
} from "../../src/index.js";
import { thrown } from "../helpers.js";
import { parseScenario } from "../../src/deploy/scenario.js";
import { cli, expectRefused } from "./harness.js";

const GUIDE = readFileSync(join(import.meta.dirname, "..", "..", "docs", "containers.md"), "utf8");
const EXAMPLE = join(import.meta.dirname, "..", "..", "docs", "scenarios", "pod.yaml");

/** A scenario file in a fresh temporary folder. */
function scenarioFile(text: string, name = "pod.yaml"): string {
  const path = join(mkdtempSync(join(tmpdir(), "pywebperf-pods-")), name);
  writeFileSync(path, text);
  return path;
}

describe("pywebperf pods", () => {
  it("sizes the example docs/scenarios/pod.yaml: pods, command and resources block to paste", async () => {
    const r = await cli("pods", EXAMPLE);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Recommended: \d+ pods of .*, each gunicorn -w \d+ /m);
    expect(r.stdout).toMatch(/ {2}replicas: \d+\n {2}command: \["gunicorn", "-w", /);
    expect(r.stdout).toMatch(
      /resources:\n {4}requests:\n {6}cpu: \S+\n {6}memory: \d+[MG]i\n {4}limits:/,
    );
    expect(r.stdout).toMatch(/Autoscaler: settles at \d+ pods/);
    // The same answer as the library on the file's figures, with the units and quantities read.
    const json = JSON.parse((await cli("pods", EXAMPLE, "--json")).stdout);
    const raw = parseYaml(readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
    expect(raw.shapes).toBeDefined();
    const s = sizePods({
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, memory: { processBaseBytes: 234e6 } },
      load: { arrivalRatePerSec: 200, peakFactor: 3 },
      slo: { responseTimeSec: 0.25, quantile: 0.99 },
      node: {
        cores: 64,
        memoryBytes: GiB(256),
        allocatableCores: 62,
        allocatableMemoryBytes: GiB(240),
      },
      shapes: [
        { cpuLimitCores: 0.5, memoryLimitBytes: MiB(512) },
        { cpuLimitCores: 1, memoryLimitBytes: MiB(512) },
        { cpuLimitCores: 1, cpuRequestCores: 0.5, memoryLimitBytes: GiB(1) },
        { cpuLimitCores: 2, memoryLimitBytes: GiB(1) },
      ],
      overheads: { sidecarCpuCores: 0.1, sidecarMemoryBytes: MiB(128) },
      autoscaler: { targetCpuUtilization: 0.7, podStartupSec: 30 },
    });
    expect(json.recommended.pods).toBe(s.recommended!.pods);
    expect(json.recommended.shape).toEqual(s.recommended!.shape);
    expect(json.recommended.best.command).toBe(s.recommended!.best!.command);
    expect(r.stdout).toContain(`replicas: ${s.recommended!.pods}`);
    // docs/containers.md prints this answer: kept true here.
    const printed = r.stdout.slice(
      r.stdout.indexOf("Recommended:"),
      r.stdout.indexOf("\n\nWith fewer pods"),
    );
    expect(GUIDE).toContain(printed);
  });

  it("refuses an unknown field and a bad quantity, naming the path", async () => {
    const text = readFileSync(EXAMPLE, "utf8");
    await expectRefused(
      ["pods", scenarioFile(text.replace("cpuLimitCores: 2,", "cpuLimit: 2,"))],
      "pod.yaml",
      "shapes[3].cpuLimit",
    );
    await expectRefused(
      ["pods", scenarioFile(text.replace("cpuLimitCores: 500m", "cpuLimitCores: 5x0m"))],
      "shapes[0].cpuLimitCores",
      "5x0m",
    );
    await expectRefused(
      ["pods", scenarioFile(text.replace("description:", "descripton:"))],
      "descripton",
    );
    await expectRefused(["pods", EXAMPLE, "--shapes", "3"], "--shapes");
  });

  it("takes the same in JSON", async () => {
    const doc = parseYaml(readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
    const r = await cli("pods", scenarioFile(JSON.stringify(doc), "pod.json"), "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).recommended.pods).toBe(
      JSON.parse((await cli("pods", EXAMPLE, "--json")).stdout).recommended.pods,
    );
  });
});

describe("pywebperf pods with flags", () => {
  it("asks the same question without a file, the shapes as lists of quantities", async () => {
    const r = await cli(
      "pods",
      "--cpu-time",
      "10ms",
      "--io-time",
      "20ms",
      "--worker-memory",
      "234MB",
      "--arrival-rate",
      "200",
      "--slo",
      "250ms",
      "--node-cores",
      "64",
      "--node-memory",
      "256Gi",
      "--cpu-limit",
      "500m,1",
      "--memory-limit",
      "512Mi,1Gi",
      "--sidecar-cpu",
      "100m",
      "--hpa-target",
      "0.7",
      "--peak-factor",
      "2",
      "--json",
    );
    expect(r.status).toBe(0);
    const s = sizePods({
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, memory: { processBaseBytes: 234e6 } },
      load: { arrivalRatePerSec: 200, peakFactor: 2 },
      slo: { responseTimeSec: 0.25 },
      node: { cores: 64, memoryBytes: GiB(256) },
      shapes: [0.5, 1].flatMap((c) =>
        [MiB(512), GiB(1)].map((m) => ({ cpuLimitCores: c, memoryLimitBytes: m })),
      ),
      overheads: { sidecarCpuCores: 0.1 },
      autoscaler: { targetCpuUtilization: 0.7 },
    });
    const json = JSON.parse(r.stdout);
    expect(json.feasible.map((p: { shape: unknown }) => p.shape)).toEqual(
      s.feasible.map((p) => p.shape),
    );
    expect(json.recommended.pods).toBe(s.recommended!.pods);
    expect(json.recommended.costPerPod).toBe(s.recommended!.costPerPod);
  });

  it("refuses a missing flag, a bad quantity in a list and a flag beside a file, by name", async () => {
    const base = [
      "pods",
      "--cpu-time",
      "10ms",
      "--io-time",
      "20ms",
      "--arrival-rate",
      "200",
      "--slo",
      "250ms",
    ];
    await expectRefused(base, "--node-cores");
    await expectRefused(
      [...base, "--node-cores", "64", "--node-memory", "256Gi", "--cpu-limit", "1,5x0m"],
      "--cpu-limit",
      "5x0m",
    );
    await expectRefused(
      [...base, "--node-cores", "64", "--node-memory", "256Gi", "--worker-class", "gevent"],
      "workerClasses",
      "gevent",
    );
    await expectRefused(
      [...base, "--node-cores", "64", "--node-memory", "256Gi", "--pod-startup", "30s"],
      "--hpa-target",
    );
  });
});

describe("pywebperf deploy in a container", () => {
  const APP = ["--cpu-time", "10ms", "--io-time", "20ms", "--worker-memory", "234MB"];
  it("takes --node-cores, --cpu-limit 500m and --memory-limit 512Mi as Kubernetes writes them", async () => {
    const args = ["deploy", "--server", "gunicorn", "--workers", "2", ...APP, "--node-cores", "64"];
    const r = await cli(
      ...args,
      "--cpu-limit",
      "500m",
      "--memory-limit",
      "512Mi",
      "--memory",
      "256GiB",
      "--arrival-rate",
      "30",
      "--json",
    );
    expect(r.status).toBe(0);
    const e = evaluateDeployment({
      deployment: { server: "gunicorn", workers: 2 },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, memory: { processBaseBytes: 234e6 } },
      machine: { cores: 64, memoryBytes: GiB(256), cpuLimitCores: 0.5, memoryLimitBytes: MiB(512) },
      load: { arrivalRatePerSec: 30 },
    });
    const json = JSON.parse(r.stdout);
    expect(json.responseTimeQuantilesSec.p99).toBe(e.responseTimeQuantileSec(0.99));
    expect(json.throttling.throttledPeriodFraction).toBe(e.throttling!.throttledPeriodFraction);
    const text = (
      await cli(...args, "--cpu-limit", "500m", "--memory-limit", "512Mi", "--arrival-rate", "30")
    ).stdout;
    expect(text).toMatch(/CPU limit\s+500m \(of 64 node cores\)/);
    expect(text).toMatch(/throttled periods\s+\d/);
    // docs/containers.md prints these rows.
    for (const row of [
      "p99 response time",
      "CPU limit busy",
      "throttled periods",
      "throttled per request",
    ]) {
      const line = text.split("\n").find((l) => l.trimStart().startsWith(row))!;
      expect(GUIDE).toContain(line);
    }
    // Nine workers of 234 MB in 512Mi: the OOM verdict with its numbers.
    const nine = await cli(
      "deploy",
      "--server",
      "gunicorn",
      "--workers",
      "9",
      ...APP,
      "--node-cores",
      "64",
      "--cpu-limit",
      "1",
      "--memory-limit",
      "512Mi",
      "--arrival-rate",
      "30",
    );
    expect(nine.stdout).toMatch(/memory\s+OOM-killed: Σ PSS 19\d\d MiB against a 512Mi limit/);
    expect(GUIDE).toContain(
      nine.stdout.match(/OOM-killed: Σ PSS \d+ MiB against a 512Mi limit/)![0],
    );
  });

  it("refuses --cores with --node-cores, and a CPU limit that is not a quantity", async () => {
    const base = ["deploy", "--server", "gunicorn", ...APP, "--arrival-rate", "10"];
    await expectRefused(
      [...base, "--cores", "4", "--node-cores", "64", "--memory", "4GiB"],
      "--cores",
      "--node-cores",
    );
    await expectRefused(
      [...base, "--node-cores", "64", "--cpu-limit", "half", "--memory", "4GiB"],
      "--cpu-limit",
      "half",
    );
    await expectRefused([...base, "--node-cores", "64", "--cpu-limit", "500m"], "--memory");
    await expectRefused(
      [...base, "--node-cores", "64", "--cpu-limit", "128", "--memory", "4GiB"],
      "cpuLimitCores",
      "128",
    );
  });
});

describe("scenario files with container fields", () => {
  it("read Kubernetes quantities, and the planner still refuses them by path", () => {
    const text = readFileSync(
      join(import.meta.dirname, "..", "..", "docs", "scenarios", "small.yaml"),
      "utf8",
    );
    const scenario = parseScenario(
      text.replace(
        "machine: { cores: 4, memoryBytes: 8GiB }",
        "machine: { cores: 4, memoryBytes: 8GiB, cpuLimitCores: 500m, memoryLimitBytes: 512Mi }",
      ),
      "yaml",
    );
    expect(scenario.machine).toMatchObject({ cpuLimitCores: 0.5, memoryLimitBytes: MiB(512) });
    // The planner does not model containers yet: the field is refused, by its path.
    const e = thrown(ModelInputError, () => planCapacity(scenario));
    expect(e.field).toBe("machine.cpuLimitCores");
  });
});
