// The bad-input battery of issue 12 over the library: for every public function that takes an
// input object (positional ones wrapped in one), every field of a valid input — nested ones
// too — is given values no field may take (refused with a ModelInputError naming the field,
// one line), values it may or may not take (refused naming the field, or answered without NaN)
// and removed; every object gets an unknown field and a misspelled copy of each of its fields
// (refused, naming the field and, for a misspelling, the field meant).
import { appendFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import {
  attempt,
  MAYBE_NUMBERS,
  NEVER_NUMBERS,
  OTHER_VALUES,
  pathText,
  walk,
  withPath,
  wrongError,
  wrongMaybe,
} from "./battery.js";

type Call = (input: never) => unknown;

interface Subject {
  /** The model name errors carry (undefined: several, e.g. a function that delegates). */
  model: string | undefined;
  call: Call;
  valid: Record<string, unknown>;
  /** A function of positional arguments wrapped in an object: its top level has no field names. */
  wrapped?: boolean;
  /** Paths of objects that are maps keyed by the user's names, not field sets (prices). */
  maps?: string[];
  /** Outcomes that are right although the battery's rule flags them, each with its reason. */
  accept?: [RegExp, string][];
}

const app = {
  cpuTimeSec: 0.01,
  ioTimeSec: 0.02,
  burstsPerRequest: 2,
  cpuTimeScv: 1,
  ioTimeScv: 1,
  switchIntervalSec: 0.005,
  freeThreadedSlowdown: 0.08,
  contextSwitchSec: 5e-6,
  memory: {
    processBaseBytes: 40e6,
    interpreterBytes: 12e6,
    perThreadBytes: 65536,
    perRequestBytes: 1e6,
    sharedAfterForkFraction: 0.85,
    sharedAfterPreloadFraction: 0.56,
    growthPerRequestBytes: 0,
  },
};
const machine = { cores: 2, memoryBytes: 8e9, reservedBytes: 5e8, headroomFraction: 0.1 };
const daemon = {
  kind: "daemon",
  processes: 2,
  threads: 4,
  gil: "shared",
  preload: false,
  hopTimeSec: 0.0002,
  maxRequestsPerProcess: 1000,
};
const stack = {
  tiers: [
    { kind: "web", servers: 1, staticFraction: 0.3, staticTimeSec: 0.0004, proxyTimeSec: 0.0003 },
    { kind: "app", servers: 2, deployment: { kind: "prefork", processes: 4, preload: true } },
    { kind: "database", queriesPerRequest: 4, writeFraction: 0.1, serviceTimeSec: 0.002 },
  ],
};
const stations = [
  { name: "cpu", serviceTimeSec: 0.01, servers: 2, visits: 1 },
  { name: "disk", serviceTimeSec: 0.02, visits: 2 },
];
const ps = "PID RSS TIME\n1 1000 00:01:00\n2 1000 00:01:00";

const SUBJECTS: [string, Subject][] = [
  ["mm1", { model: "mm1", call: api.mm1, valid: { arrivalRatePerSec: 5, serviceTimeSec: 0.1 } }],
  [
    "mmc",
    {
      model: "mmc",
      call: api.mmc,
      valid: { arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2 },
    },
  ],
  [
    "mmInf",
    { model: "mmInf", call: api.mmInf, valid: { arrivalRatePerSec: 5, serviceTimeSec: 1 } },
  ],
  [
    "mmck",
    {
      model: "mmck",
      call: api.mmck,
      valid: { arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2, capacity: 6 },
    },
  ],
  [
    "finiteSource",
    {
      model: "finiteSource",
      call: api.finiteSource,
      valid: { population: 10, thinkTimeSec: 1, serviceTimeSec: 0.1, servers: 2, capacity: 8 },
    },
  ],
  [
    "mg1",
    {
      model: "mg1",
      call: api.mg1,
      valid: { arrivalRatePerSec: 5, serviceTimeSec: 0.1, serviceTimeScv: 0.5 },
    },
  ],
  [
    "ggc",
    {
      model: "ggc",
      call: api.ggc,
      valid: {
        arrivalRatePerSec: 8,
        serviceTimeSec: 0.2,
        servers: 2,
        arrivalScv: 1,
        serviceTimeScv: 0.5,
      },
    },
  ],
  [
    "erlangB",
    {
      model: "erlangB",
      call: ((i: { servers: number; offeredLoad: number }) =>
        api.erlangB(i.servers, i.offeredLoad)) as Call,
      valid: { servers: 3, offeredLoad: 2 },
      wrapped: true,
    },
  ],
  [
    "erlangC",
    {
      model: "erlangC",
      call: ((i: { servers: number; offeredLoad: number }) =>
        api.erlangC(i.servers, i.offeredLoad)) as Call,
      valid: { servers: 3, offeredLoad: 2 },
      wrapped: true,
    },
  ],
  [
    "littlesLaw",
    {
      model: "littlesLaw",
      call: api.littlesLaw,
      valid: { arrivalRatePerSec: 5, responseTimeSec: 0.2 },
    },
  ],
  [
    "utilizationLaw",
    {
      model: "utilizationLaw",
      call: api.utilizationLaw,
      valid: { throughputPerSec: 5, serviceTimeSec: 0.1, servers: 2 },
    },
  ],
  [
    "forcedFlowLaw",
    {
      model: "forcedFlowLaw",
      call: api.forcedFlowLaw,
      valid: { systemThroughputPerSec: 5, visits: 3 },
    },
  ],
  [
    "serviceDemandLaw",
    {
      model: "serviceDemandLaw",
      call: api.serviceDemandLaw,
      valid: { utilization: 0.5, systemThroughputPerSec: 10, servers: 2 },
    },
  ],
  [
    "interactiveResponseTime",
    {
      model: "interactiveResponseTime",
      call: api.interactiveResponseTime,
      valid: { population: 10, throughputPerSec: 5, thinkTimeSec: 1 },
    },
  ],
  [
    "openBounds",
    {
      model: "openBounds",
      call: api.openBounds,
      valid: { demandsSec: [0.1, 0.2], arrivalRatePerSec: 2 },
    },
  ],
  [
    "closedBounds",
    {
      model: "closedBounds",
      call: api.closedBounds,
      valid: { demandsSec: [0.1, 0.2], thinkTimeSec: 1, population: 5 },
    },
  ],
  [
    "openNetwork",
    {
      model: "openNetwork",
      call: api.openNetwork,
      valid: { stations, arrivalRatePerSec: 10 },
    },
  ],
  [
    "openNetwork (routing)",
    {
      model: "openNetwork",
      call: api.openNetwork,
      valid: {
        stations,
        routing: [
          [0, 0.5],
          [0.2, 0],
        ],
        externalArrivalRatesPerSec: [5, 1],
      },
    },
  ],
  [
    "closedNetwork",
    {
      model: "closedNetwork",
      call: api.closedNetwork,
      valid: { stations, population: 5, thinkTimeSec: 1, method: "exact" },
    },
  ],
  [
    "closedNetwork (schweitzer)",
    {
      model: "closedNetwork",
      call: api.closedNetwork,
      valid: { stations, population: 5, method: "schweitzer", tolerance: 1e-8 },
    },
  ],
  [
    "multiclassClosedNetwork",
    {
      model: "multiclassClosedNetwork",
      call: api.multiclassClosedNetwork,
      valid: {
        stations: [{ name: "cpu", servers: 1 }, { name: "think" }],
        classes: [
          { name: "a", population: 2, thinkTimeSec: 1, demandsSec: [0.1, 0.2] },
          { name: "b", population: 1, demandsSec: [0.05, 0] },
        ],
        method: "exact",
      },
    },
  ],
  [
    "closedNetworkBounds",
    {
      model: "closedNetworkBounds",
      call: api.closedNetworkBounds,
      valid: { stations, population: 5, thinkTimeSec: 1 },
    },
  ],
  [
    "openNetworkBounds",
    {
      model: "openNetworkBounds",
      call: api.openNetworkBounds,
      valid: { stations, arrivalRatePerSec: 10 },
    },
  ],
  [
    "fitUsl",
    {
      model: "fitUsl",
      call: ((i: { points: never; options: never }) => api.fitUsl(i.points, i.options)) as Call,
      valid: {
        points: [1, 2, 4, 8, 16].map((n) => ({
          concurrency: n,
          throughputPerSec: (100 * n) / (1 + 0.05 * (n - 1) + 0.001 * n * (n - 1)),
        })),
        options: { confidenceLevel: 0.9 },
      },
      wrapped: true,
    },
  ],
  [
    "simulateQueue",
    {
      model: "simulateQueue",
      call: api.simulateQueue,
      valid: {
        arrivalRatePerSec: 8,
        serviceTimeSec: 0.2,
        servers: 2,
        arrivalScv: 1,
        serviceTimeScv: 1,
        requests: 200,
        warmUp: 20,
        seed: 3,
      },
    },
  ],
  [
    "simulatePython",
    {
      model: "simulatePython",
      call: api.simulatePython,
      valid: {
        arrivalRatePerSec: 50,
        processes: 2,
        threadsPerProcess: 2,
        cores: 2,
        cpuTimeSec: 0.01,
        ioTimeSec: 0.01,
        burstsPerRequest: 2,
        cpuTimeScv: 1,
        ioTimeScv: 1,
        gil: "shared",
        switchIntervalSec: 0.005,
        requests: 200,
        seed: 1,
      },
    },
  ],
  [
    "memoryBudget",
    {
      model: "memoryBudget",
      call: api.memoryBudget,
      valid: {
        memory: app.memory,
        processes: 4,
        threadsPerProcess: 2,
        inFlight: 3,
        preload: true,
        masterProcess: true,
        maxRequestsPerProcess: 1000,
        machine: { memoryBytes: 8e9, reservedBytes: 5e8 },
        headroomFraction: 0.1,
      },
    },
  ],
  [
    "maxProcesses",
    {
      model: undefined,
      call: api.maxProcesses,
      valid: { threadsPerProcess: 2, preload: false, machine: { memoryBytes: 2e9 } },
    },
  ],
  [
    "evaluateDeployment (daemon)",
    {
      model: "evaluateDeployment",
      call: api.evaluateDeployment,
      valid: { deployment: daemon, app, machine, load: { arrivalRatePerSec: 50 } },
    },
  ],
  [
    "evaluateDeployment (async, closed)",
    {
      model: "evaluateDeployment",
      call: api.evaluateDeployment,
      valid: {
        deployment: { kind: "async", processes: 2, concurrency: 100, gil: "shared" },
        app,
        machine,
        load: { clients: 20, thinkTimeSec: 0.5 },
      },
    },
  ],
  [
    "evaluateDeployment (threaded, pinned)",
    {
      accept: [
        [
          /^deployment\.(processes|dispatch) = .*names `deployment\.processWeights`/,
          "the weights no longer fit the processes or the dispatch: the error names the weights",
        ],
      ],
      model: "evaluateDeployment",
      call: api.evaluateDeployment,
      valid: {
        deployment: {
          kind: "prefork",
          processes: 2,
          dispatch: "pinned",
          processWeights: [1, 2],
        },
        app: { cpuTimeSec: 0.01, ioTimeSec: 0 },
        machine: { cores: 2, memoryBytes: 4e9 },
        load: { arrivalRatePerSec: 20 },
      },
    },
  ],
  [
    "sizeDeployment",
    {
      model: "sizeDeployment",
      call: api.sizeDeployment,
      valid: {
        app: { cpuTimeSec: 0.01, ioTimeSec: 0.02 },
        machine: { cores: 2, memoryBytes: 4e9 },
        load: { arrivalRatePerSec: 50 },
        slo: { responseTimeSec: 0.25, quantile: 0.95, maxCoreUtilization: 0.8 },
        kinds: ["prefork", "async"],
        gil: "shared",
        preload: true,
      },
    },
  ],
  [
    "sizeDeployment on a server",
    {
      model: "sizeDeployment",
      call: api.sizeDeployment,
      valid: {
        app: { cpuTimeSec: 0.01, ioTimeSec: 0.02 },
        machine: { cores: 2, memoryBytes: 4e9 },
        load: { arrivalRatePerSec: 50 },
        slo: { responseTimeSec: 0.25 },
        machines: 2,
        prefer: "latency",
        server: { server: "gunicorn", workerClass: "gthread", maxRequests: 1000, app: "shop.wsgi" },
      },
    },
  ],
  [
    "simulateDeployment",
    {
      model: undefined,
      call: api.simulateDeployment,
      valid: {
        deployment: { kind: "daemon", processes: 2, threads: 2 },
        app: { cpuTimeSec: 0.01, ioTimeSec: 0.01 },
        machine: { cores: 2, memoryBytes: 4e9 },
        load: { arrivalRatePerSec: 50 },
        requests: 200,
        seed: 2,
      },
    },
  ],
  [
    "evaluateStack",
    {
      model: "evaluateStack",
      call: api.evaluateStack,
      accept: [
        [
          /deployment\.server = \(missing\): names `stack\.tiers\[1\]\.deployment\.kind`/,
          "without `server` a deployment is in the model's words, and then its `kind` is missing",
        ],
      ],
      valid: {
        stack: {
          tiers: [
            stack.tiers[0],
            {
              kind: "app",
              servers: 2,
              deployment: { server: "gunicorn", workerClass: "gthread", workers: 2, threads: 4 },
              connectionPool: { per: "process", size: 2, maxOverflow: 1 },
            },
            {
              kind: "memcache",
              hitRatio: 0.9,
              lookupsPerRequest: 2,
              cpuTimeSec: 0.0001,
              nonCpuTimeSec: 0.0002,
              maxConnections: 1024,
            },
            {
              kind: "database",
              queriesPerRequest: 4,
              writeFraction: 0.1,
              cpuTimeSec: 0.002,
              nonCpuTimeSec: 0.001,
              maxConnections: 100,
              superuserReservedConnections: 3,
            },
          ],
        },
        app: { cpuTimeSec: 0.01, ioTimeSec: 0.005 },
        machine: { cores: 4, memoryBytes: 8e9 },
        load: { arrivalRatePerSec: 100 },
        prices: { web: 50, app: 100, database: 500 },
      },
      maps: ["prices"],
    },
  ],
  [
    "simulateStack",
    {
      model: "simulateStack",
      call: ((i: { input: never; options: never }) =>
        api.simulateStack(i.input, i.options)) as Call,
      valid: {
        input: {
          stack,
          app: { cpuTimeSec: 0.01, ioTimeSec: 0.005 },
          machine: { cores: 4, memoryBytes: 8e9 },
          load: { arrivalRatePerSec: 100 },
        },
        options: { requests: 300, warmUp: 30, seed: 1 },
      },
      wrapped: true,
    },
  ],
  [
    "planCapacity",
    {
      accept: [
        [
          /^load\.arrivalRatePerSec = 1e\+308: names `load\.peakFactor`/,
          "the peak, rate × peakFactor, is what overflows",
        ],
      ],
      model: "planCapacity",
      call: api.planCapacity,
      valid: {
        description: "battery",
        stack: {
          tiers: [
            {
              kind: "app",
              minServers: 2,
              deployment: { kind: "prefork", processes: 4 },
              connectionPool: { per: "thread", pgbouncer: { poolSize: 20, instances: 1 } },
            },
            {
              kind: "database",
              queriesPerRequest: 4,
              serviceTimeSec: 0.002,
              minShards: 1,
              maxShards: 2,
              minReplicas: 1,
            },
          ],
        },
        app: { cpuTimeSec: 0.01, ioTimeSec: 0.005 },
        machine: { cores: 4, memoryBytes: 8e9 },
        load: { arrivalRatePerSec: 100, peakFactor: 2 },
        slo: { responseTimeSec: 0.25, quantile: 0.99 },
        prices: { app: 100, database: 500 },
        maxUtilization: 0.8,
        redundancy: "n+1",
        appMachines: [{ name: "small", cores: 4, memoryBytes: 8e9, pricePerMonth: 100 }],
      },
      maps: ["prices"],
    },
  ],
  [
    "fitAppProfile",
    {
      model: "fitAppProfile",
      call: api.fitAppProfile,
      valid: {
        singleClient: {
          meanLatencySec: 0.03,
          latencyStdDevSec: 0.01,
          requests: 280,
          workerCpuSecPerRequest: 0.01,
        },
        burstsPerRequest: 2,
      },
    },
  ],
  [
    "fitBuckets",
    {
      model: "fitBuckets",
      call: ((i: { histogram: never; options: never }) =>
        api.fitBuckets(i.histogram, i.options)) as Call,
      valid: {
        histogram: {
          buckets: [
            { upperBound: 0.01, cumulativeCount: 30 },
            { upperBound: 0.05, cumulativeCount: 90 },
            { upperBound: Infinity, cumulativeCount: 100 },
          ],
          sum: 2.5,
          count: 100,
        },
        options: { level: 0.9 },
      },
      wrapped: true,
    },
  ],
  [
    "bucketFitQuantile",
    {
      model: "bucketFitQuantile",
      call: ((i: { fit: never; p: never }) => api.bucketFitQuantile(i.fit, i.p)) as Call,
      valid: { fit: { meanSec: 0.025, shape: 1.5 }, p: 0.99 },
      wrapped: true,
    },
  ],
  [
    "gunicornDeployment",
    {
      model: "gunicornDeployment",
      call: api.gunicornDeployment as Call,
      valid: { workerClass: "gthread", workers: 2, threads: 4, workerConnections: 1000 },
    },
  ],
  [
    "serverDeployment",
    {
      model: "serverDeployment",
      call: api.serverDeployment as Call,
      valid: {
        server: "gunicorn",
        workerClass: "gthread",
        workers: 2,
        threads: 4,
        maxRequests: 100,
      },
    },
  ],
  [
    "serverDeployment uwsgi",
    {
      model: "serverDeployment",
      call: api.serverDeployment as Call,
      valid: { server: "uwsgi", processes: 2, threads: 4, gevent: 0, lazyApps: true },
    },
  ],
  [
    "serverCommand",
    {
      model: "serverCommand",
      call: api.serverCommand as unknown as Call,
      valid: { server: "granian", interface: "wsgi", workers: 2, blockingThreads: 8 },
      accept: [
        [
          /server = \(missing\): names `deployment.kind`/,
          "without `server` a deployment is in the model's words, and then its `kind` is missing",
        ],
      ],
    },
  ],
  [
    "predictCalibrated",
    {
      model: undefined,
      call: api.predictCalibrated as Call,
      valid: {
        deployment: { kind: "daemon", processes: 1, threads: 4 },
        machine: { cores: 2, memoryBytes: 4e9 },
        load: { clients: 4, thinkTimeSec: 0.05 },
        calibration: {
          app: { cpuTimeSec: 0.01, ioTimeSec: 0.02 },
          uncertainty: {
            responseTimeSec: {
              value: 0.03,
              standardError: 0.001,
              lower: 0.028,
              upper: 0.032,
              from: "a",
            },
            cpuTimeSec: {
              value: 0.01,
              standardError: 0.001,
              lower: 0.008,
              upper: 0.012,
              from: "a",
            },
            cpuTimeScv: { value: 1, lower: 0.8, upper: 1.2, from: "a" },
          },
          level: 0.9,
        },
      },
    },
  ],
  [
    "checkStages",
    {
      model: undefined,
      call: api.checkStages as Call,
      valid: {
        deployment: { kind: "daemon", processes: 1, threads: 4 },
        machine: { cores: 2, memoryBytes: 4e9 },
        thinkTimeSec: 0.05,
        calibration: {
          app: { cpuTimeSec: 0.01, ioTimeSec: 0.02 },
          uncertainty: {},
          level: 0.9,
          stages: [
            {
              users: 4,
              window: { fromSec: 100, toSec: 130 },
              client: {
                source: "h.csv",
                format: "locust-history",
                where: "client",
                requests: 900,
                throughputPerSec: 30,
                meanResponseTimeSec: 0.035,
                quantilesSec: { "0.99": 0.1 },
              },
            },
          ],
        },
      },
      maps: ["calibration.stages[0].client.quantilesSec"],
    },
  ],
  [
    "serviceDemand",
    {
      model: "serviceDemand",
      call: api.serviceDemand,
      valid: { throughputPerSec: [10, 20, 40], busyCores: [0.2, 0.35, 0.7] },
    },
  ],
  [
    "fitMemoryProfile",
    {
      model: "fitMemoryProfile",
      call: api.fitMemoryProfile,
      valid: { workers: 4, workerRssBytes: 25e6, workerPssBytes: 8e6, masterRssBytes: 29e6 },
    },
  ],
  [
    "fitWorkerMemory",
    {
      model: "fitWorkerMemory",
      call: api.fitWorkerMemory,
      valid: {
        samples: [
          { threads: 1, heldRequests: 0, rssBytes: 30e6 },
          { threads: 4, heldRequests: 0, rssBytes: 31e6 },
          { threads: 4, heldRequests: 4, rssBytes: 35e6 },
          { threads: 8, heldRequests: 8, rssBytes: 40e6 },
        ],
      },
    },
  ],
  [
    "summarizeAccessLog",
    {
      accept: [[/\.status = .*: accepted/, "the summary does not use the status"]],
      model: "summarizeAccessLog",
      call: ((i: { entries: never }) => api.summarizeAccessLog(i.entries)) as Call,
      valid: {
        entries: [
          { timeSec: 0, responseTimeSec: 0.01, status: 200 },
          { timeSec: 1, responseTimeSec: 0.03, status: 200 },
        ],
      },
      wrapped: true,
    },
  ],
  [
    "cpuPerRequestFromPs",
    {
      accept: [
        [/^(before|after) = .*: model parsePsSnapshot/, "the snapshot's own parser names it"],
      ],
      model: "cpuPerRequestFromPs",
      call: api.cpuPerRequestFromPs,
      valid: { before: ps, after: ps.replace(/00:01:00$/, "00:02:00"), requests: 100 },
    },
  ],
  [
    "range",
    {
      accept: [[/^(from|to) = -1: accepted/, "a range may run over negative numbers"]],
      model: "range",
      call: ((i: { from: number; to: number; count: number }) =>
        api.range(i.from, i.to, i.count)) as Call,
      valid: { from: 1, to: 10, count: 5 },
      wrapped: true,
    },
  ],
  [
    "sweep",
    {
      accept: [
        [
          /^values\[\d\] = .*names `arrivalRatePerSec`/,
          "a swept value is refused by the model as the parameter it stands for",
        ],
        [/^input\.arrivalRatePerSec = .*: accepted/, "the swept parameter's own value is replaced"],
      ],
      model: undefined,
      call: api.sweep as Call,
      valid: {
        model: api.mmc,
        input: { arrivalRatePerSec: 8, serviceTimeSec: 0.2, servers: 2 },
        parameter: "arrivalRatePerSec",
        values: [1, 5, 9],
      },
    },
  ],
  [
    "parseScenario",
    {
      accept: [[/^text = .*names `\(file\)`/, "the text is the file: its errors name `(file)`"]],
      model: "scenario",
      call: ((i: { text: string; format: "json" | "yaml" }) =>
        api.parseScenario(i.text, i.format)) as Call,
      valid: { text: "load: { arrivalRatePerSec: 100 }", format: "yaml" },
      wrapped: true,
    },
  ],
];

/** Every input of the battery for one subject: [label, input, judge]. */
function cases(
  s: Subject,
): [string, unknown, (o: ReturnType<typeof attempt>) => string | undefined][] {
  const out: [string, unknown, (o: ReturnType<typeof attempt>) => string | undefined][] = [];
  const { leaves, objects } = walk(s.valid);
  for (const [path, original] of leaves) {
    const name = pathText(path);
    const numeric = typeof original === "number";
    for (const v of numeric ? NEVER_NUMBERS : []) {
      out.push([
        `${name} = ${JSON.stringify(v) ?? String(v)}`,
        withPath(s.valid, path, v),
        (o) => ("error" in o ? wrongError(o.error, s.model, name) : "accepted"),
      ]);
    }
    for (const v of numeric ? MAYBE_NUMBERS : OTHER_VALUES) {
      out.push([
        `${name} = ${v === undefined ? "(missing)" : Object.is(v, -0) ? "-0" : (JSON.stringify(v) ?? String(v))}`,
        withPath(s.valid, path, v),
        (o) => wrongMaybe(o, s.model, name),
      ]);
    }
  }
  for (const path of objects) {
    const name = pathText(path);
    if (s.maps?.includes(name) || (s.wrapped && path.length === 0)) continue;
    const target = path.reduce<unknown>(
      (o, k) => (o as Record<string | number, unknown>)[k],
      s.valid,
    ) as Record<string, unknown>;
    const prefix = name === "" ? "" : `${name}.`;
    out.push([
      `${prefix}bogusField = 1`,
      withPath(s.valid, [...path, "bogusField"], 1),
      (o) =>
        "error" in o
          ? (wrongError(o.error, s.model, `${prefix}bogusField`) ??
            (/must be absent/.test((o.error as Error).message) ? undefined : "not 'absent'"))
          : "accepted",
    ]);
    for (const key of Object.keys(target)) {
      if (key.length < 4) continue;
      const typo = `${key[0]}${key[1] === "q" ? "z" : "q"}${key.slice(2)}`; // "servers" → "sqrvers"
      out.push([
        `${prefix}${typo} (misspelled ${key})`,
        withPath(s.valid, [...path, typo], target[key]),
        (o) =>
          "error" in o
            ? (wrongError(o.error, s.model, `${prefix}${typo}`) ??
              ((o.error as Error).message.includes(`did you mean \`${key}\``)
                ? undefined
                : `no suggestion: ${(o.error as Error).message}`))
            : "accepted",
      ]);
    }
  }
  return out;
}

/** Whether a failure is accepted for `s` by its `accept` list. */
function explained(s: Subject, failure: string): boolean {
  return (s.accept ?? []).some(([re]) => re.test(failure));
}

describe("battery: every field of every public input, given bad values", () => {
  let total = 0;
  for (const [label, s] of SUBJECTS) {
    if (process.env.BATTERY_ONLY && !label.startsWith(process.env.BATTERY_ONLY)) continue;
    const all = cases(s);
    total += all.length;
    it(`${label}: its valid input gives an answer without NaN`, () => {
      expect(
        wrongMaybe(
          attempt(() => s.call(s.valid as never)),
          s.model,
          "",
        ),
      ).toBeUndefined();
    });
    it(`${label}: ${all.length} bad inputs, each refused naming the field or answered without NaN`, () => {
      const failures: string[] = [];
      for (const [what, input, judge] of all) {
        const why = judge(attempt(() => s.call(input as never)));
        const failure = `${label}: ${what}: ${why}`;
        if (why === undefined || explained(s, `${what}: ${why}`)) continue;
        failures.push(failure);
      }
      if (process.env.BATTERY_DUMP) {
        appendFileSync(process.env.BATTERY_DUMP, failures.map((f) => `${f}\n`).join(""));
      }
      expect(failures).toEqual([]);
    }, 120_000);
    if (!s.wrapped) {
      it(`${label}: a missing or non-object input is refused`, () => {
        for (const bad of [undefined, null, 42, "abc", []]) {
          const o = attempt(() => s.call(bad as never));
          expect("error" in o && o.error instanceof api.ModelInputError).toBe(true);
        }
      });
    }
  }
  it("covers more than 3,000 inputs", () => expect(total).toBeGreaterThan(3000));
});
