import { human, mebibytes, milliseconds, percent, quantileLabel } from "../charts/format.js";
import { POD_FIELDS, type SizePodsInput } from "../deploy/podInputs.js";
import { cpuQuantity, memoryQuantity } from "../deploy/podQuantities.js";
import type { PodPlan, PodSizing } from "../deploy/podResult.js";
import { readDocument } from "../deploy/scenarioDocument.js";
import { sizePods } from "../deploy/sizePods.js";
import { parseArgs, UsageError } from "./args.js";
import type { Command } from "./command.js";
import { commandInput } from "./commands.js";
import { PODS_OPTIONS, podsInputFrom } from "./podsOptions.js";
import { toJson } from "./files.js";
import { inFile, readScenarioFile } from "./scenarioFile.js";

// `pywebperf pods pod.yaml [--json]`: how many pods of what size (sizePods), with the gunicorn
// command and the `resources:` block to paste into the manifest.

export const PODS_SUMMARY =
  "how many pods of what size: CPU and memory limits, gunicorn workers × threads, the autoscaler";

/** The flags of `pods` without a file, as a command for {@link commandInput}. */
const PODS_COMMAND: Command = {
  name: "pods",
  summary: PODS_SUMMARY,
  options: PODS_OPTIONS,
  run: () => ({}),
};

const PODS_USAGE = [
  "Usage: pywebperf pods scenario.yaml|scenario.json [--json]",
  "       pywebperf pods --cpu-time 10ms --io-time 20ms --arrival-rate 200 --slo 250ms \\",
  "         --node-cores 64 --node-memory 256Gi [--cpu-limit 500m,1,2] [--memory-limit 512Mi,1Gi] …",
  "",
  "  scenario  the load, app, SLO, node, pod shapes, overheads, cost and autoscaler (an example",
  "            in docs/scenarios/pod.yaml); cores and sizes as Kubernetes writes them: 500m, 512Mi",
  "",
  "Without a file, the question in flags:",
  ...PODS_OPTIONS.map((o) => `  --${o.flag.padEnd(20)}${o.help}${o.required ? "" : " (optional)"}`),
  "",
  "Prints the cheapest pod shape and count that meet the SLO, the gunicorn command, the",
  "resources: block for the manifest, why the other shapes and one pod fewer fail, and how the",
  "horizontal pod autoscaler meets the peak.",
].join("\n");

/** A pod scenario: the input of sizePods, with a description. */
function readPodScenario(
  text: string,
  format: "json" | "yaml",
): { input: SizePodsInput; description: unknown } {
  const { value, refused } = readDocument(
    text,
    format,
    [...POD_FIELDS, "description"],
    "an object with app, load, slo, node and shapes",
  );
  if (refused) throw refused;
  const { description, ...input } = value as Record<string, unknown>;
  return { input: input as unknown as SizePodsInput, description };
}

/** `1 CPU, 512Mi`, with the requests where they are below the limits. */
function shapeWords(p: PodPlan): string {
  const s = p.shape;
  const cpu =
    s.cpuRequestCores < s.cpuLimitCores ? `/${cpuQuantity(s.cpuRequestCores)} requested` : "";
  const memory =
    s.memoryRequestBytes < s.memoryLimitBytes
      ? `/${memoryQuantity(s.memoryRequestBytes)} requested`
      : "";
  return `${cpuQuantity(s.cpuLimitCores)}${cpu} CPU, ${memoryQuantity(s.memoryLimitBytes)}${memory}`;
}

function shapeRow(p: PodPlan, label: string): string {
  const cells = [
    shapeWords(p).padEnd(26),
    (p.feasible ? String(p.pods) : "—").padStart(5),
    (p.best?.command ?? "—").padEnd(46),
    (Number.isFinite(p.quantileSec) ? milliseconds(p.quantileSec) : "—").padStart(10),
    (p.feasible ? human(p.cost) : "—").padStart(9),
    (p.feasible ? String(p.nodes) : "—").padStart(6),
  ];
  return `  ${cells.join("  ")}  ${p.feasible ? label : "no"}`;
}

function spikeLines(p: PodPlan): string[] {
  const a = p.autoscaling;
  if (a === undefined) return [];
  const s = a.spike;
  const over =
    s.overCapacitySec === 0
      ? `the ${s.podsBefore} pods carry it (${Number.isFinite(s.quantileBeforeScaleUpSec) ? milliseconds(s.quantileBeforeScaleUpSec) : "overloaded"} meanwhile)`
      : Number.isFinite(s.overCapacitySec)
        ? `${human(s.overCapacitySec)} s over capacity, up to ${human(s.peakBacklogRequests)} requests queued, the longest wait ${human(s.worstQueueWaitSec)} s, cleared after ${human(s.drainedSec)} s`
        : "the HPA stops short of it (maxReplicas, or pods at their CPU limit below the target)";
  return [
    "",
    `Autoscaler: settles at ${a.settledPods} pods at the mean load, ${s.settledPodsAtPeak} at the peak.`,
    ...(a.note === undefined ? [] : [`  ${a.note}`]),
    `  A step to ${human(s.peakArrivalRatePerSec)} req/s: ${over}; the pods serve it after ${human(s.reactionSec)} s (${s.mostPods} pods at most).`,
  ];
}

function podsText(s: PodSizing, quantile: number, description: string | undefined): string {
  const r = s.recommended;
  const head = [`pywebperf pods — ${description ?? "pod sizing"} (${s.method})`, ""];
  const lines = r
    ? [
        `Recommended: ${r.pods} pods of ${shapeWords(r)}, each ${r.best!.command}`,
        `  ${quantileLabel(quantile)} ${milliseconds(r.quantileSec)} at ${human(r.arrivalRatePerPodSec)} req/s per pod; CPU limit ${percent(r.limitUtilization)} busy, throttled in ${percent(r.throttledPeriodFraction)} of the periods; Σ PSS ${mebibytes(r.best!.pssBytes)}`,
        `  ${human(r.costPerPod)} per pod-hour, ${human(r.cost)} in all; ${r.podsPerNode} pods per node: ${r.nodes} ${r.nodes === 1 ? "node" : "nodes"}`,
        "",
        "In the manifest:",
        `  replicas: ${r.pods}`,
        `  command: [${r
          .best!.command.split(" ")
          .map((w) => `"${w}"`)
          .join(", ")}]`,
        ...r.resources.split("\n").map((l) => `  ${l}`),
        ...(r.why.length > 0 ? ["", "With fewer pods:", ...r.why.map((w) => `  ${w}`)] : []),
        ...spikeLines(r),
      ]
    : ["Nothing meets the SLO with these pod shapes."];
  const table = [
    "",
    `Shapes, cheapest first (planned for ${human(s.plannedArrivalRatePerSec)} req/s):`,
    `  ${"shape".padEnd(26)}  ${"pods".padStart(5)}  ${"each pod runs".padEnd(46)}  ${quantileLabel(quantile).padStart(10)}  ${"cost/h".padStart(9)}  ${"nodes".padStart(6)}  feasible`,
    ...s.feasible.map((p, k) => shapeRow(p, k === 0 ? "recommended" : "yes")),
    ...s.rejected.map((p) => shapeRow(p, "no")),
  ];
  const why = s.rejected.flatMap((p) => [`${shapeWords(p)}:`, ...p.why.map((w) => `  ${w}`)]);
  return [...head, ...lines, ...table, ...(why.length > 0 ? ["", "Why not:", ...why] : [])].join(
    "\n",
  );
}

/** Runs `pywebperf pods`; returns the exit status. User errors throw for main to print. */
export function runPods(
  argv: readonly string[],
  out: (s: string) => void,
  io: { readFile(path: string): string },
): number {
  const positional = argv.length > 0 && !argv[0]!.startsWith("-") ? argv[0] : undefined;
  const { options, flags } = parseArgs(positional === undefined ? argv : argv.slice(1));
  if (flags.has("help")) {
    out(PODS_USAGE);
    return 0;
  }
  let input: SizePodsInput;
  let description: unknown;
  if (positional === undefined) {
    input = podsInputFrom(commandInput(PODS_COMMAND, options, flags));
  } else {
    const [option] = options.keys();
    if (option !== undefined) {
      throw new UsageError(`--${option} goes without a scenario file (see pywebperf pods --help)`);
    }
    const { text, format } = readScenarioFile(positional, (p) => io.readFile(p));
    ({ input, description } = inFile(positional, () => readPodScenario(text, format)));
  }
  const sizing = inFile(positional, () => sizePods(input));
  const quantile = input.slo.quantile ?? 0.99;
  out(
    flags.has("json")
      ? toJson(sizing)
      : podsText(sizing, quantile, typeof description === "string" ? description : undefined),
  );
  return 0;
}
