import type { CapacityPlan } from "../deploy/capacityPlan.js";
import { describePlanStep } from "../deploy/describePlanStep.js";
import type { Scenario } from "../deploy/scenario.js";
import type { StackEvaluation } from "../deploy/stack/stackEvaluation.js";
import type { TierInput, TierKind } from "../deploy/stack/tierInputs.js";
import { human, milliseconds, percent, quantileLabel } from "./format.js";

// Tables of a stack and of a capacity plan, for notebooks (`showTable`) and reports.

/** A table of strings: what {@link showTable} takes. */
export interface StringTable {
  header: string[];
  rows: string[][];
}

/** Options of the plan tables: how costs are labelled. */
export interface PlanTableOptions {
  /**
   * The currency the scenario's prices are in, printed with every cost ("1280 USD a month").
   * Prices are plain numbers in a scenario; name their currency here. @defaultValue none
   */
  currency?: string;
}

/**
 * A monthly cost for people: 4 significant digits, the currency if given, "a month".
 * @param amount - The cost per month, in the prices' currency.
 * @param currency - The prices' currency, e.g. `"USD"`. @defaultValue none
 * @example
 * ```ts
 * perMonth(1280, "USD"); // => "1280 USD a month"
 * ```
 */
export function perMonth(amount: number, currency?: string): string {
  return `${human(amount)} ${costUnit(currency)}`;
}

/** The unit of a monthly cost: "USD a month", or "a month" with no currency. */
function costUnit(currency: string | undefined): string {
  return currency ? `${currency} a month` : "a month";
}

/**
 * The machines of a tier in words: a count, and for a sharded tier its layout — a database
 * "4: 2 shards × (primary + 1 replica)" or "2: 2 shards, no replicas", a memcache "2 shards".
 * @param tier - A tier of an evaluation, a plan or a plan step (`kind`, `servers`, `shards`, `readReplicas`).
 * @example
 * ```ts
 * tierMachines({ kind: "database", servers: 4, shards: 2, readReplicas: 1 }); // => "4: 2 shards × (primary + 1 replica)"
 * ```
 */
export function tierMachines(tier: {
  kind: TierKind;
  servers: number;
  shards: number;
  readReplicas: number;
}): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (tier.kind === "database") {
    const each =
      tier.readReplicas === 0
        ? ", no replicas"
        : ` × (primary + ${count(tier.readReplicas, "replica")})`;
    return `${tier.servers}: ${count(tier.shards, "shard")}${each}`;
  }
  return tier.kind === "memcache" ? count(tier.shards, "shard") : String(tier.servers);
}

/** What one visit to a tier costs, from its inputs. */
function oneVisit(t: TierInput, app: Scenario["app"]): string {
  switch (t.kind) {
    case "http-cache":
      return `hit ${milliseconds(t.hitTimeSec)}, miss ${milliseconds(t.missTimeSec ?? t.hitTimeSec)}`;
    case "load-balancer":
      return milliseconds(t.serviceTimeSec);
    case "web":
      return `static file ${milliseconds(t.staticTimeSec ?? 0)}, proxy ${milliseconds(t.proxyTimeSec)}`;
    case "app":
      return `${milliseconds(app.cpuTimeSec)} of Python + ${milliseconds(app.ioTimeSec)} of its own I/O`;
    case "memcache":
    case "database": {
      const what = t.kind === "memcache" ? "a lookup" : "a query";
      if (t.cpuTimeSec === undefined) return `${milliseconds(t.serviceTimeSec ?? 0)} ${what}`;
      return `${milliseconds(t.cpuTimeSec)} of CPU + ${milliseconds(t.nonCpuTimeSec ?? 0)} off the cores, ${what}`;
    }
  }
}

/** What each server of a tier is. */
function eachServer(t: TierInput, machine: Scenario["machine"]): string {
  if (t.kind !== "app") return `${t.coresPerServer ?? 4} cores`;
  const d = t.deployment as { kind: string; processes?: number; threads?: number };
  return `${machine.cores} cores, ${d.kind} ${d.processes ?? 1} × ${d.threads ?? 1}`;
}

/**
 * A stack's tiers as a table: what one visit to each costs, what each server is, how many there
 * are, the visits per request arriving at the top, and the operations per second at the
 * evaluated load — how one request fans out down the stack.
 * @param scenario - The stack's inputs (`stack`, `app`, `machine`), e.g. {@link CLASSIC_STACK}.
 * @param evaluation - `evaluateStack` of that stack at some load.
 * @returns The table, for {@link showTable}.
 * @example
 * ```ts
 * const { stack, app, machine } = CLASSIC_STACK;
 * const at400 = evaluateStack({ stack, app, machine, load: { arrivalRatePerSec: 400 } });
 * stackTable(CLASSIC_STACK, at400).rows[3].slice(0, 4); // => ["app", "20 ms of Python + 10 ms of its own I/O", "4 cores, daemon 4 × 4", "2"]
 * ```
 */
export function stackTable(
  scenario: Pick<Scenario, "stack" | "app" | "machine">,
  evaluation: StackEvaluation,
): StringTable {
  return {
    header: [
      "tier",
      "one visit costs",
      "each server",
      "servers",
      "visits per request",
      `operations/s at ${human(evaluation.arrivalRatePerSec)} req/s`,
    ],
    rows: evaluation.tiers.map((t, i) => {
      const input = scenario.stack.tiers[i]!;
      return [
        t.name,
        oneVisit(input, scenario.app),
        eachServer(input, scenario.machine),
        tierMachines(t),
        human(t.visitsPerRequest),
        human(t.throughputPerSec),
      ];
    }),
  };
}

/**
 * A capacity plan's trace as a table, one row per step: the tier, the action, why it was taken,
 * the tier's machines and utilization after it, the stack's latency quantile and cost after it.
 * @param plan - A {@link CapacityPlan} from `planCapacity`.
 * @param options - The prices' currency.
 * @returns The table, for {@link showTable}.
 * @example
 * ```ts
 * planTraceTable(planCapacity(CLASSIC_STACK), { currency: "USD" }).header.at(-1); // => "cost after (USD a month)"
 * ```
 */
export function planTraceTable(plan: CapacityPlan, options: PlanTableOptions = {}): StringTable {
  const unit = costUnit(options.currency);
  return {
    header: [
      "step",
      "tier",
      "action",
      "why",
      "machines after",
      "its utilization",
      `${quantileLabel(plan.quantile)} after`,
      `cost after (${unit})`,
    ],
    rows: plan.trace.map((s, i) => [
      String(i + 1),
      s.tier,
      s.action,
      describePlanStep(s),
      tierMachines(s),
      percent(s.utilization),
      milliseconds(s.responseTimeQuantileSec),
      human(s.costPerMonth),
    ]),
  };
}

/**
 * A capacity plan's tiers as a table: machines, utilization at the peak and at the mean load,
 * the load at which each reaches the utilization limit, its headroom over the peak, its cost.
 * @param plan - A {@link CapacityPlan} from `planCapacity`.
 * @param options - The prices' currency.
 * @returns The table, for {@link showTable}.
 * @example
 * ```ts
 * planTiersTable(planCapacity(CLASSIC_STACK)).rows[0][0]; // => "http-cache"
 * ```
 */
export function planTiersTable(plan: CapacityPlan, options: PlanTableOptions = {}): StringTable {
  const unit = costUnit(options.currency);
  return {
    header: [
      "tier",
      "machines",
      "utilization at the peak",
      "at the mean load",
      "limit reached at",
      "headroom over the peak",
      `cost (${unit})`,
    ],
    rows: plan.tiers.map((t, i) => [
      t.name,
      tierMachines(t),
      percent(t.utilization),
      percent(plan.mean.tiers[i]!.utilization),
      `${human(t.limitPerSec)} req/s`,
      `${human(t.headroomFactor)}×`,
      human(t.costPerMonth),
    ]),
  };
}
