import type { AppProfileInput } from "../python/appProfile.js";
import type { DeploymentInput, MachineInput } from "./deployment.js";
import { connectionWarnings } from "./connectionWarnings.js";
import { implausibleWarnings } from "./planWarnings.js";
import {
  afterWorstLosses,
  lossView,
  type LossView,
  type Redundancy,
  type TierAfterLoss,
} from "./redundancy.js";
import { compareAppMachines } from "./appMachines.js";
import { readPlanInput } from "./readPlanInput.js";
import {
  evaluateTiers,
  type StackEvaluation,
  type StackInput,
  type Tier,
  type TierCount,
  type TierEvaluation,
  type TierInput,
  type TierKind,
} from "./stack.js";

/** A machine to compare for the app tier: vertical (bigger, faster) against horizontal (more). */
export interface AppMachineOption {
  name: string;
  cores: number;
  memoryBytes: number;
  /** Price of one such machine per month. */
  pricePerMonth: number;
  /** How much faster its cores run the application's bytecode than the scenario's machine. @defaultValue 1 */
  cpuSpeedup?: number;
}

/** Input of {@link planCapacity}. */
export interface PlanCapacityInput {
  stack: StackInput;
  /** The application on the app servers (see {@link evaluateStack}). */
  app: AppProfileInput;
  /** Each app server. */
  machine: MachineInput;
  /** Mean arrival rate at the top of the stack, and the peak as a multiple of it ("plan for spikes"). */
  load: { arrivalRatePerSec: number; peakFactor?: number };
  /** End-to-end latency to meet at the peak. */
  slo: { responseTimeSec: number; quantile?: number };
  /** Price of one server per month, by tier name; a tier without a price costs 0. */
  prices?: Record<string, number>;
  /** Highest utilization any tier may reach at the peak. @defaultValue 0.8 */
  maxUtilization?: number;
  /**
   * Machines to compare for the app tier, each sized for the same peak with the other tiers as
   * planned. @defaultValue the scenario's machine, and 2× and 4× its cores and memory at 2× and
   * 4× the app tier's price
   */
  appMachines?: AppMachineOption[];
  /**
   * `"n+1"`: the plan must keep every tier within `maxUtilization` at the peak after the loss of
   * any one server of any one tier (an unsharded tier's server, a database replica or primary —
   * a shard needs a replica to survive — or a memcache shard, whose keys then miss). The SLO is
   * met with every server up; after a loss it is reported (`tiers[i].afterWorstLoss`), not
   * required. @defaultValue "none"
   */
  redundancy?: Redundancy;
}

/** What one planning step did. */
export type PlanAction =
  | "add server"
  | "add shard"
  | "add read replicas"
  | "remove server"
  | "remove shard"
  | "remove read replicas"
  | "keep minimum";

/** One step of the plan's trace. */
export interface PlanStep {
  tier: string;
  kind: TierKind;
  action: PlanAction;
  /** Servers or shards (or read replicas per shard) added or removed: 1, or more in one jump; 0 when kept. */
  count: number;
  /**
   * Why, in words: `"database at 92 % > 80 %"`, `"p99 612 ms > 500 ms"`, `"still within limits"`,
   * `"kept at 2 by minReplicas"` (a minimum held the count above what the limits need).
   */
  reason: string;
  /** The tier's servers, shards and read replicas per shard after the step. */
  servers: number;
  shards: number;
  readReplicas: number;
  /** The tier's utilization after the step. */
  utilization: number;
  /** The SLO quantile of the response time after the step, seconds. */
  responseTimeQuantileSec: number;
  costPerMonth: number;
}

/** One row of the vertical-vs-horizontal comparison. */
export interface AppMachinePlan {
  name: string;
  cores: number;
  /** App servers needed. */
  servers: number;
  /** The deployment on each, scaled with its cores. */
  deployment: DeploymentInput;
  appCostPerMonth: number;
  totalCostPerMonth: number;
  meanResponseTimeSec: number;
  responseTimeQuantileSec: number;
  /** False when even 10,000 machines of this kind miss the SLO, or the deployment does not fit its memory. */
  feasible: boolean;
}

/** A tier of the plan and how far it is from its limit. */
export interface PlannedTier extends TierEvaluation {
  /** Requests per second at the top at which the tier reaches `maxUtilization`. */
  limitPerSec: number;
  /** `limitPerSec` ÷ the peak: how many times the peak the tier takes before its limit. */
  headroomFactor: number;
  /** The tier after the single loss (of any one server of any tier) that leaves it busiest. */
  afterWorstLoss: TierAfterLoss;
}

/** Result of {@link planCapacity}. */
export interface CapacityPlan {
  /** False when the SLO cannot be met by adding servers (its floor is the service times), or the app deployment does not fit its machine. */
  feasible: boolean;
  /** Why the plan is not feasible. */
  reason?: string;
  /**
   * What to check before trusting the plan, first of all a tier of more than 1,000 servers
   * (`"the app needs 2,819 servers: check the inputs — is cpuTimeSec 30 meant as 30 ms? …"`).
   */
  warnings: string[];
  /** The failures the plan survives within `maxUtilization` (see {@link PlanCapacityInput}). */
  redundancy: Redundancy;
  arrivalRatePerSec: number;
  peakArrivalRatePerSec: number;
  quantile: number;
  responseTimeSec: number;
  maxUtilization: number;
  /** The planned stack at the peak. */
  peak: StackEvaluation;
  /** The planned stack at the mean load. */
  mean: StackEvaluation;
  tiers: PlannedTier[];
  /** The stack as given (its servers, shards, replicas) at the peak, to compare. */
  current: StackEvaluation;
  /** The input's stack with the planned servers, shards and read replicas: evaluate it, or deploy it. */
  stack: StackInput;
  /** Every step, in order: adding where the stack is maxed out, then for the SLO, then trimming. */
  trace: PlanStep[];
  appMachines: AppMachinePlan[];
  costPerMonth: number;
}

const MAX_STEPS = 5000;

/** A change of one tier's count. */
interface Move {
  tier: number;
  action: PlanAction;
  /** Servers or shards (or read replicas per shard) added or removed. */
  count: number;
  apply(c: TierCount): TierCount;
}

/**
 * The moves from `counts`: one server, shard or replica per shard more (or less) in any tier;
 * with `jump`, also `jump.units` more servers or shards at once in tier `jump.tier`.
 */
function movesOf(
  tiers: readonly Tier[],
  counts: readonly TierCount[],
  grow: boolean,
  jump?: { tier: number; units: number },
): Move[] {
  const moves: Move[] = [];
  tiers.forEach((t, i) => {
    const c = counts[i]!;
    const sharded = t.kind === "memcache" || t.kind === "database";
    const units = (count: number): Move => ({
      tier: i,
      action: grow
        ? sharded
          ? "add shard"
          : "add server"
        : sharded
          ? "remove shard"
          : "remove server",
      count,
      apply: (x) => ({ ...x, units: x.units + (grow ? count : -count) }),
    });
    const replicas: Move = {
      tier: i,
      action: grow ? "add read replicas" : "remove read replicas",
      count: 1,
      apply: (x) => ({ ...x, replicas: x.replicas + (grow ? 1 : -1) }),
    };
    if (grow) {
      if (c.units < t.maxUnits) moves.push(units(1));
      if (jump?.tier === i && jump.units > 1 && c.units + jump.units <= t.maxUnits) {
        moves.push(units(jump.units));
      }
      if (t.kind === "database") moves.push(replicas);
    } else {
      if (c.units > t.minUnits) moves.push(units(1));
      if (c.replicas > t.minReplicas) moves.push(replicas);
    }
  });
  return moves;
}

/** A plan's counts, its stack at the peak, and each tier at its worst under the redundancy asked. */
interface PlanState {
  counts: TierCount[];
  e: StackEvaluation;
  view: LossView;
}

/**
 * The counts at a minimum above the default (servers or shards above 1, replicas above 0), each
 * with the counts one fewer, to say in the trace when the minimum rather than the limits holds
 * the count up.
 */
function heldByMinimum(
  tiers: readonly Tier[],
  counts: readonly TierCount[],
): { move: Move; count: number; minimum: string; fewer: TierCount[] }[] {
  const held: { move: Move; count: number; minimum: string; fewer: TierCount[] }[] = [];
  const keep = (tier: number): Move => ({
    tier,
    action: "keep minimum",
    count: 0,
    apply: (x) => x,
  });
  tiers.forEach((t, i) => {
    const c = counts[i]!;
    const fewer = (x: TierCount) => counts.map((y, j) => (j === i ? x : y));
    const sharded = t.kind === "memcache" || t.kind === "database";
    if (t.minUnits > 1 && c.units === t.minUnits) {
      held.push({
        move: keep(i),
        count: c.units,
        minimum: sharded ? "minShards" : "minServers",
        fewer: fewer({ units: c.units - 1, replicas: c.replicas }),
      });
    }
    if (t.minReplicas > 0 && c.replicas === t.minReplicas) {
      held.push({
        move: keep(i),
        count: c.replicas,
        minimum: "minReplicas",
        fewer: fewer({ units: c.units, replicas: c.replicas - 1 }),
      });
    }
  });
  return held;
}

/**
 * Plans the cheapest server counts per tier for a peak load, the way the talk says to: "whatever
 * resource gets maxed out, add more". Starting from one server per tier (one shard, no replicas),
 * or the tier's minimums (`minServers`, `minShards`, `minReplicas`, never trimmed below), it adds
 * capacity while any tier is above `maxUtilization` at the peak — with `redundancy: "n+1"`, also
 * after the loss of any one server of any one tier — the lowest such tier
 * first (a slow database fills the app servers' threads, so the tiers below are settled first) —
 * choosing, for the database, between a shard and a read replica per shard by the utilization
 * each removes per unit of cost — then, while the SLO quantile is missed, the step that cuts the
 * quantile most per unit of cost anywhere, then removes what is no longer needed, cheapest
 * savings first. Every step is in `trace`. Greedy, so not proven optimal; the trimming pass
 * removes any server whose removal keeps the plan within its limits. Finally the app tier is
 * sized again on each of `appMachines` (vertical against horizontal). A tier of more than 1,000
 * servers is named in `warnings`, with the inputs behind its load (a unit slip is likelier), and
 * so is a memcache or database tier that gets more connections than it accepts
 * (`connections.fits`): the count is reported, not planned around.
 *
 * @param input - The stack, app, machine, load with its peak factor, SLO, prices and limits.
 * @param onProgress - Called after each step (for a progress line on a terminal).
 * @returns The plan, its trace, how far each tier is from its limit, the stack as given at the
 *   peak, and the app-machine comparison.
 * @throws {@link ModelInputError} naming the path of a bad field.
 * @example
 * ```ts
 * const plan = planCapacity({ stack: { tiers: [{ kind: "app", deployment: { kind: "prefork", processes: 4 } }] }, app: { cpuTimeSec: 0.02, ioTimeSec: 0 }, machine: { cores: 4, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 300 }, slo: { responseTimeSec: 1 } });
 * plan.tiers[0].servers; // => 2
 * // N+1: 140 req/s × 10 ms on one-core web servers is 70 % on 2, but 140 % on the one left.
 * const ha = planCapacity({ stack: { tiers: [{ kind: "web", proxyTimeSec: 0.01, coresPerServer: 1 }, { kind: "app", deployment: { kind: "prefork", processes: 4 } }] }, app: { cpuTimeSec: 0.001, ioTimeSec: 0 }, machine: { cores: 4, memoryBytes: 8 * 2 ** 30 }, load: { arrivalRatePerSec: 140 }, slo: { responseTimeSec: 1 }, redundancy: "n+1" });
 * ha.tiers[0].servers; // => 3
 * ```
 */
export function planCapacity(
  input: PlanCapacityInput,
  onProgress?: (step: PlanStep) => void,
): CapacityPlan {
  const given = readPlanInput(input);
  const { tiers, app, machine, peak, target, quantile, redundancy, cap, prices } = given;

  // Cost with a tie-break on machines, so that free tiers are not grown for nothing.
  const positive = Object.values(prices).filter((p) => p > 0);
  const epsilon = 1e-3 * (positive.length > 0 ? Math.min(...positive) : 1);
  const objective = (e: StackEvaluation): number =>
    e.costPerMonth + epsilon * e.tiers.reduce((a, t) => a + t.servers, 0);
  const q = (e: StackEvaluation): number => e.responseTimeQuantileSec(quantile);
  const ms = (s: number): string => (s === Infinity ? "∞" : `${Math.round(s * 1000)} ms`);
  const pct = (u: number): string => (u === Infinity ? "∞" : `${Math.round(u * 100)} %`);
  const pName = `p${Math.round(quantile * 1e4) / 100}`;

  const evaluateAt = (ts: readonly Tier[], c: readonly TierCount[]) =>
    evaluateTiers(ts, c, app, machine, peak, prices);
  /** Counts, the stack at the peak, and each tier at its worst under `redundancy`. */
  const stateOf = (counts: TierCount[]): PlanState => {
    const e = evaluateAt(tiers, counts);
    return { counts, e, view: lossView(redundancy, tiers, counts, e, evaluateAt) };
  };
  const worst = (x: PlanState): number => Math.max(...x.view.utilization);
  /** `" after the loss of one memcache shard"` when a loss, not the intact stack, is tier j's worst. */
  const lossNote = (x: PlanState, j: number): string => {
    const k = x.view.worstLoss[j]!;
    return k >= 0 ? ` after the loss of ${x.view.losses[k]!.what}` : "";
  };

  const plan = () => {
    const trace: PlanStep[] = [];
    // From the minimums: one server per tier, one shard, no replicas unless the input asks more.
    let s = stateOf(tiers.map((t) => ({ units: t.minUnits, replicas: t.minReplicas })));
    const record = (move: Move, reason: string) => {
      const t = s.e.tiers[move.tier]!;
      const step: PlanStep = {
        tier: t.name,
        kind: t.kind,
        action: move.action,
        count: move.count,
        reason,
        servers: t.servers,
        shards: t.shards,
        readReplicas: t.readReplicas,
        utilization: t.utilization,
        responseTimeQuantileSec: q(s.e),
        costPerMonth: s.e.costPerMonth,
      };
      trace.push(step);
      onProgress?.(step);
    };
    const tryMove = (move: Move): PlanState =>
      stateOf(s.counts.map((c, i) => (i === move.tier ? move.apply(c) : c)));
    let feasible = true;
    let reason: string | undefined;
    // 1. Whatever gets maxed out, add more.
    while (worst(s) > cap) {
      if (trace.length >= MAX_STEPS) {
        feasible = false;
        reason = `still above ${pct(cap)} after ${MAX_STEPS} steps`;
        break;
      }
      // The lowest tier above the limit first: a busy database slows the app servers' calls and
      // fills their threads, so the app's utilization is only meaningful once the tiers below
      // are within theirs (nothing below the app depends on what is above it).
      let b = tiers.length - 1;
      while (s.view.utilization[b]! <= cap) b--;
      const before = s.e.tiers[b]!;
      const u = s.view.utilization[b]!;
      const c = s.counts[b]!;
      const why = `${before.name} at ${pct(u)}${lossNote(s, b)} > ${pct(cap)}`;
      if (before.kind === "database" && c.units >= tiers[b]!.maxUnits) {
        // Replicas take reads off the primary but never its writes: with endless replicas the
        // primary is left with the writes alone. If that is above the limit, nothing helps.
        const floor = evaluateAt(
          tiers,
          s.counts.map((x, i) => (i === b ? { ...x, replicas: 1e9 } : x)),
        ).tiers[b]!.utilization;
        if (floor > cap) {
          feasible = false;
          reason = `${why}: its primary's writes alone take ${pct(floor)} and it may not have more than ${c.units} shard${c.units > 1 ? "s" : ""} (maxShards)`;
          break;
        }
      }
      // The tier's own moves and, when another tier's loss is its worst, that tier's too (a
      // memcache shard more makes the misses of a lost one fewer).
      const k = s.view.worstLoss[b]!;
      const cause = k >= 0 ? s.view.losses[k]!.tier : b;
      let best: { move: Move; next: PlanState; score: number } | undefined;
      for (const move of movesOf(tiers, s.counts, true)) {
        if (move.tier !== b && move.tier !== cause) continue;
        const next = tryMove(move);
        const gain = Math.min(u, 1e9) - Math.min(next.view.utilization[b]!, 1e9);
        const score = gain / (objective(next.e) - objective(s.e));
        if (!best || score > best.score) best = { move, next, score };
      }
      if (!best || !(best.score > 0)) {
        feasible = false;
        reason = `${why} and no step relieves it`;
        break;
      }
      // When servers (or shards) are the answer, a tier whose load spreads over them needs about
      // units × u / limit — units − 1 of them after the loss of its own — : add them at once
      // rather than one step each (trimming takes back any the app tier, whose utilization is
      // not quite proportional, did not need).
      const own = cause === b && k >= 0 && before.kind !== "database" ? 1 : 0;
      const needed = Number.isFinite(u)
        ? Math.min(Math.ceil(((c.units - own) * u) / cap) + own, tiers[b]!.maxUnits) - c.units
        : 1;
      if (
        best.move.tier === b &&
        (best.move.action === "add server" || best.move.action === "add shard")
      ) {
        const jump = movesOf(tiers, s.counts, true, { tier: b, units: needed }).find(
          (mv) => mv.tier === b && mv.count === needed && needed > 1,
        );
        if (jump) best = { move: jump, next: tryMove(jump), score: best.score };
      }
      s = best.next;
      record(best.move, why);
    }
    // 2. The SLO: the step that cuts the quantile most per unit of cost — unless no number of
    // servers can: with a million of each (shards capped by maxShards, replicas then instead)
    // nothing waits, and what is left is the service times.
    if (feasible && q(s.e) > target) {
      const floor = q(
        evaluateAt(
          tiers,
          tiers.map((t) =>
            t.maxUnits >= 1e6
              ? { units: 1e6, replicas: 0 }
              : { units: t.maxUnits, replicas: t.kind === "database" ? 1e6 : 0 },
          ),
        ),
      );
      if (floor > target) {
        feasible = false;
        reason = `${pName} cannot go below ${ms(floor)} > ${ms(target)} however many servers are added: the service times alone take that long`;
      }
    }
    while (feasible && q(s.e) > target) {
      if (trace.length >= MAX_STEPS) {
        feasible = false;
        reason = `${pName} still above ${ms(target)} after ${MAX_STEPS} steps`;
        break;
      }
      const now = q(s.e);
      let best: { move: Move; next: PlanState; score: number } | undefined;
      for (const move of movesOf(tiers, s.counts, true)) {
        const next = tryMove(move);
        const score = (now - q(next.e)) / (objective(next.e) - objective(s.e));
        if (!best || score > best.score) best = { move, next, score };
      }
      if (!best || !(now - q(best.next.e) > now * 1e-6)) {
        feasible = false;
        reason = `${pName} ${ms(now)} > ${ms(target)} and no added server brings it down: the service times alone take that long`;
        break;
      }
      s = best.next;
      record(best.move, `${pName} ${ms(now)} > ${ms(target)}`);
    }
    // 3. Remove what is no longer needed, biggest saving first (never below a minimum).
    const within = (x: PlanState) => worst(x) <= cap && (!feasible || q(x.e) <= target);
    const limits = `within ${pct(cap)}${feasible ? ` and ${pName} ≤ ${ms(target)}` : ""}`;
    for (let changed = feasible; changed;) {
      changed = false;
      const candidates = movesOf(tiers, s.counts, false)
        .map((move) => ({ move, next: tryMove(move) }))
        .sort((a, b2) => objective(a.next.e) - objective(b2.next.e));
      for (const c of candidates) {
        if (!within(c.next)) continue;
        s = c.next;
        record(c.move, `still ${limits}`);
        changed = true;
        break;
      }
    }
    // 4. Say where a minimum, not the limits, holds a count up.
    for (const held of heldByMinimum(tiers, s.counts)) {
      if (within(stateOf(held.fewer))) {
        record(
          held.move,
          `kept at ${held.count} by ${held.minimum} (one fewer would be ${limits})`,
        );
      }
    }
    return { counts: s.counts, e: s.e, view: s.view, trace, feasible, reason };
  };

  const main = plan();
  let feasible = main.feasible;
  let reason = main.reason;
  if (feasible && !main.e.app.fitsMemory) {
    feasible = false;
    reason = `the app deployment needs ${Math.round(main.e.app.pssBytes / 2 ** 20)} MiB and does not fit its machine's memory`;
  }
  const meanEval = evaluateTiers(tiers, main.counts, app, machine, given.rate, prices);
  const current = evaluateTiers(
    tiers,
    tiers.map((t) => t.count),
    app,
    machine,
    peak,
    prices,
  );
  // Each tier after its worst single loss, whether or not the plan was made to survive it.
  const losses =
    redundancy === "n+1" ? main.view : lossView("n+1", tiers, main.counts, main.e, evaluateAt);
  const afterLosses = afterWorstLosses(losses, main.e, quantile);
  const plannedTiers: PlannedTier[] = main.e.tiers.map((t, i) => {
    const limitPerSec = t.loadAtUtilizationPerSec(cap);
    return {
      ...t,
      limitPerSec,
      headroomFactor: peak > 0 ? limitPerSec / peak : Infinity,
      afterWorstLoss: afterLosses[i]!,
    };
  });

  // Vertical against horizontal: the app tier again on each machine, the rest as planned.
  const appMachines = compareAppMachines(given, main.counts, main.feasible);

  return {
    feasible,
    ...(reason === undefined ? {} : { reason }),
    warnings: [
      ...implausibleWarnings(tiers, main.e.tiers, app, peak),
      ...connectionWarnings(main.e.tiers),
    ],
    redundancy,
    arrivalRatePerSec: given.rate,
    peakArrivalRatePerSec: peak,
    quantile,
    responseTimeSec: target,
    maxUtilization: cap,
    peak: main.e,
    mean: meanEval,
    tiers: plannedTiers,
    current,
    stack: {
      tiers: given.stackInput.tiers.map((t, i): TierInput => {
        const c = main.counts[i]!;
        if (t.kind === "memcache") return { ...t, shards: c.units };
        if (t.kind === "database") return { ...t, shards: c.units, readReplicas: c.replicas };
        return { ...t, servers: c.units };
      }),
    },
    trace: main.trace,
    appMachines,
    costPerMonth: main.e.costPerMonth,
  };
}
