import type { AcceptRace } from "../dispatch/acceptRace.js";
import { behindNginxKeepalive } from "../dispatch/labRaces.js";
import type { DispatchSpread } from "../dispatch/splitSpread.js";
import {
  evaluateDeployment,
  readQuestion,
  type DeploymentEvaluation,
  type EvaluateDeploymentInput,
} from "./evaluateDeployment.js";
import type { AnyDeploymentInput } from "./servers/serverInputs.js";

/**
 * How much worse than the even split the worst tenth of the splits must be for the split to
 * matter: 10 % less throughput, or a p99 10 % longer. @internal
 */
export const MATERIAL_SPREAD = 0.1;

/** A change that evens the split, as the lab measured it: its name and the accept race with it. @internal */
export interface DispatchFixRace {
  /** `"nginx-keepalive"`: nginx in front of the server with upstream `keepalive 32`. */
  fix: "nginx-keepalive";
  acceptRace: AcceptRace;
}

/** Result of {@link dispatchAdvice}. */
export interface DispatchAdvice {
  /** The deployment's figures over the splits of its keep-alive connections, as they are. */
  spread: DispatchSpread;
  /** The figures of an even split: the evaluation's own throughput and p99 (∞ when unstable). */
  even: { throughputPerSec: number; p99ResponseTimeSec: number };
  /**
   * Whether the split matters: the throughput's 10th percentile over the splits more than 10 %
   * below the even split's, or the p99's 90th percentile more than 10 % above it.
   */
  matters: boolean;
  /**
   * The changes that even the split, each evaluated: the same deployment, load and connections
   * with the accept race the lab measured for that change. Empty where the lab measured none for
   * the deployment's race (one set by hand, one already behind nginx, or gthread's, which nginx
   * did not change in the lab).
   */
  fixes: {
    /**
     * `"nginx-keepalive"`: nginx in front with upstream `keepalive 32`, which opens its
     * connections to the workers one by one as its concurrency grows (its own CPU and hop are not
     * counted).
     */
    fix: "nginx-keepalive";
    /** The accept race with the change (the lab's, behind nginx). */
    acceptRace: AcceptRace;
    /** The deployment's figures over the splits with the change: {@link evaluateDeployment}'s `spread` with that race. */
    spread: DispatchSpread;
  }[];
}

/**
 * What the uneven split of keep-alive connections costs a deployment, and what fixes it, in
 * figures: its spread (see {@link DeploymentEvaluation.spread}) against the even split, and the
 * same deployment behind nginx with upstream `keepalive 32` (the lab's accept races,
 * `LAB_RACE_BEHIND_NGINX_KEEPALIVE`: gevent's deal evens out, asyncio's first worker no longer
 * takes the whole burst; gthread's race was the same behind nginx, so no fix is offered for it;
 * the guide "Servers", "How connections land on the workers"). gunicorn's `--reuse-port` is no fix: it sets `SO_REUSEPORT` on the one socket the
 * arbiter opens and every worker inherits, so the kernel has nothing to spread over (the lab
 * measured the same splits with it, `docs/dispatch-accuracy.md`); it is not among the fixes.
 *
 * @param input - As {@link evaluateDeployment} takes it.
 * @returns The spread, the even split's figures, whether the split matters and the fixes;
 *   undefined where the deployment has no spread (not pinned, one process, or connections of an
 *   unknown number).
 * @throws {@link ModelInputError} naming the field, as {@link evaluateDeployment}.
 * @example
 * ```ts
 * // 16 keep-alive clients on 2 uvicorn workers (5 ms of CPU each: one GIL carries 200 req/s).
 * const advice = dispatchAdvice({
 *   deployment: { server: "uvicorn", workers: 2 },
 *   app: { cpuTimeSec: 0.005, ioTimeSec: 0.015 },
 *   machine: { cores: 2, memoryBytes: GiB(8) },
 *   load: { clients: 16, thinkTimeSec: 0 },
 * });
 * advice.matters; // => true
 * Math.round(advice.spread.throughputPerSec.p50); // => 200
 * advice.fixes[0].fix; // => "nginx-keepalive"
 * Math.round(advice.fixes[0].spread.throughputPerSec.p50); // => 331
 * ```
 */
export function dispatchAdvice(input: EvaluateDeploymentInput): DispatchAdvice | undefined {
  readQuestion("dispatchAdvice", input);
  return adviceFor(input, evaluateDeployment(input));
}

/**
 * {@link dispatchAdvice} for a question already evaluated (`evaluation`, whose `spread` is read
 * and kept). @internal
 */
export function adviceFor(
  input: EvaluateDeploymentInput,
  evaluation: DeploymentEvaluation,
): DispatchAdvice | undefined {
  const spread = evaluation.spread;
  if (spread === undefined) return undefined;
  const even = {
    throughputPerSec: evaluation.throughputPerSec,
    p99ResponseTimeSec: evaluation.stable ? evaluation.responseTimeQuantileSec(0.99) : Infinity,
  };
  const matters =
    spread.throughputPerSec.p10 < (1 - MATERIAL_SPREAD) * even.throughputPerSec ||
    !(spread.p99ResponseTimeSec.p90 <= (1 + MATERIAL_SPREAD) * even.p99ResponseTimeSec);
  const fixes = fixRaces(spread.acceptRace).map((f) => {
    const { takeAllProbability, headStartConnections, balance, affinity } = f.acceptRace;
    const deployment = {
      ...input.deployment,
      connectionAffinity: affinity,
      acceptRace: { takeAllProbability, headStartConnections, balance },
    };
    const fixed = evaluateDeployment({ ...input, deployment: deployment as AnyDeploymentInput });
    return { ...f, spread: fixed.spread! };
  });
  return { spread, even, matters, fixes };
}

/** The changes the lab measured for a deployment accepting with `race`. @internal */
export function fixRaces(race: AcceptRace): DispatchFixRace[] {
  const nginx = behindNginxKeepalive(race);
  return nginx === undefined ? [] : [{ fix: "nginx-keepalive", acceptRace: nginx }];
}
