import type { AppProfileInput } from "../python/appProfile.js";
import { assertObject } from "../validate.js";
import type { DeploymentInput, MachineInput } from "./deployment.js";
import { evaluateDeployment, readQuestion, type LoadInput } from "./evaluateDeployment.js";

/** Input of {@link containerDefaults}. */
export interface ContainerDefaultsInput {
  /** The container: `cores` is the node's, what `os.cpu_count()` returns inside it. */
  machine: MachineInput;
  app: AppProfileInput;
  load: LoadInput;
}

/** One server's automatic sizing inside the container, evaluated. */
export interface ContainerDefault {
  /** Where the counts come from, in the server's words. */
  rule: string;
  deployment: DeploymentInput;
  /** `"oom-killed"`: Σ PSS over the memory limit; `"throttled"`: p99 ≥ 2 × the matched deployment's, or unstable; else `"ok"`. */
  verdict: "oom-killed" | "throttled" | "ok";
  pssBytes: number;
  /** The container's memory limit, bytes (Infinity without one). */
  memoryLimitBytes: number;
  throttledPeriodFraction: number;
  p99Sec: number;
  /** The p99 of the deployment matched to the limit: ⌈limit × (CPU + I/O) ÷ CPU⌉ single-threaded workers. */
  matchedP99Sec: number;
  /** The verdict with its numbers, in words. */
  message: string;
}

/**
 * What the worker counts servers derive from `os.cpu_count()` give inside a container, where
 * cpu_count() is the node's cores, not the CPU limit: gunicorn's documented
 * `workers = 2 × cpu_count() + 1` (sync workers), the same with `--threads` = cpu_count()
 * (gthread), granian's WSGI blocking threads at cpu_count() in one worker (granian 1.x; 2.x takes
 * backpressure ÷ 2), and uvicorn's one worker (`--workers` has no automatic count). Each is
 * evaluated by {@link evaluateDeployment} on the container and flagged against a deployment
 * matched to the limit: ⌈`cpuLimitCores` × (CPU + I/O) ÷ CPU⌉ single-threaded workers, enough
 * to keep the limit busy while some wait for I/O.
 *
 * @param input - The container machine, the application and the load.
 * @returns One evaluation per rule, with its verdict and figures.
 * @throws {@link ModelInputError} naming the field.
 * @example
 * ```ts
 * const [gunicorn] = containerDefaults({
 *   machine: { cores: 64, memoryBytes: GiB(256), cpuLimitCores: 0.5, memoryLimitBytes: MiB(500) },
 *   app: { cpuTimeSec: 0.01, ioTimeSec: 0.02, memory: { processBaseBytes: 234e6 } },
 *   load: { arrivalRatePerSec: 10 },
 * });
 * gunicorn.verdict; // => "oom-killed"
 * ```
 */
export function containerDefaults(input: ContainerDefaultsInput): ContainerDefault[] {
  const model = "containerDefaults";
  const o = assertObject(model, input, "input", ["machine", "app", "load"]);
  const question = {
    deployment: { kind: "prefork" as const },
    app: o.app,
    machine: o.machine,
    load: o.load,
  };
  const { machine, app } = readQuestion(model, question);
  const n = machine.cores;
  const limit = machine.container?.cpuLimitCores ?? n;
  const ask = (deployment: DeploymentInput) =>
    evaluateDeployment({ ...(question as unknown as ContainerDefaultsInput), deployment });
  // Enough single-threaded workers to keep the limit busy while some wait for I/O.
  const matchedWorkers = Math.ceil((limit * (app.cpuTimeSec + app.ioTimeSec)) / app.cpuTimeSec);
  const matched = ask({ kind: "prefork", processes: matchedWorkers });
  const matchedP99 = matched.responseTimeQuantileSec(0.99);
  const rules: [string, DeploymentInput][] = [
    [
      `gunicorn workers = 2 × cpu_count() + 1 = ${2 * n + 1}`,
      { kind: "prefork", processes: 2 * n + 1 },
    ],
    [
      `gunicorn gthread, workers = 2 × cpu_count() + 1 = ${2 * n + 1}, --threads = cpu_count() = ${n}`,
      { kind: "daemon", processes: 2 * n + 1, threads: n, hopTimeSec: 0 },
    ],
    [
      `granian --interface wsgi, blocking threads = cpu_count() = ${n}`,
      { kind: "daemon", processes: 1, threads: n, hopTimeSec: 0 },
    ],
    ["uvicorn --workers 1 (no automatic count)", { kind: "async", processes: 1 }],
  ];
  return rules.map(([rule, deployment]) => {
    const e = ask(deployment);
    const memoryLimit = e.memory.memoryLimitBytes ?? Infinity;
    const p99 = e.responseTimeQuantileSec(0.99);
    const f = e.throttling?.throttledPeriodFraction ?? 0;
    const oom = e.memory.oomKilled === true;
    const throttled = !e.stable || !(p99 < 2 * matchedP99);
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const ms = (s: number) => (Number.isFinite(s) ? `${(s * 1000).toFixed(0)} ms` : "unbounded");
    const message = oom
      ? `${rule}: Σ PSS ${mb(e.pssBytes)} against a ${mb(memoryLimit)} limit: OOM-killed`
      : throttled
        ? `${rule}: throttled in ${(f * 100).toFixed(0)} % of the periods, p99 ${ms(p99)} against ${ms(matchedP99)} with ${matchedWorkers} worker(s) matched to the ${limit}-core limit`
        : `${rule}: fits (Σ PSS ${mb(e.pssBytes)}, p99 ${ms(p99)})`;
    return {
      rule,
      deployment,
      verdict: oom ? "oom-killed" : throttled ? "throttled" : "ok",
      pssBytes: e.pssBytes,
      memoryLimitBytes: memoryLimit,
      throttledPeriodFraction: f,
      p99Sec: p99,
      matchedP99Sec: matchedP99,
      message,
    };
  });
}
