import {
  evaluateSplits,
  weightedQuantiles,
  type SpreadQuantiles,
} from "../../dispatch/splitSpread.js";
import { assertOpenProbability } from "../../validate.js";
import type { Deployment } from "../deployment.js";
import { atShares, type EvaluateDeploymentInput } from "../evaluateDeployment.js";
import { lazily } from "./lazily.js";
import type { StackEvaluation, StackSpread } from "./stackEvaluation.js";
import { stackResult, type StackParts } from "./stackResult.js";

/** The app tier's question and how its keep-alive connections are dealt. @internal */
export interface AppSplitQuestion {
  /** The deployment question the app tier was evaluated with (its I/O includes the calls below). */
  question: EvaluateDeploymentInput;
  /** Whether the calls below return (else the app is unstable at any split). */
  callsReturn: boolean;
  /** Each server's deployment, validated: its processes and the accept race. */
  deployment: Deployment;
  /** Keep-alive connections each app server holds, if known. */
  connectionsPerServer: number | undefined;
}

/**
 * Adds `spread`, computed when first read, where the app servers pin keep-alive connections of a
 * known number to more than one process each: the stack's end-to-end figures with the app
 * servers' deployment at each of the accept race's splits (`evaluateSplits`), the other tiers as
 * evaluated (a closed loop's tiers below at the rate of the even split). @internal
 */
export function withStackSpread(
  result: StackEvaluation,
  parts: StackParts,
  app: AppSplitQuestion,
): StackEvaluation {
  const { processes, acceptRace: race } = app.deployment;
  const connections = app.connectionsPerServer;
  if (race === undefined || processes < 2 || connections === undefined) return result;
  let views: { probability: number; counts: number[]; stack: StackEvaluation }[] | undefined;
  const splits = () =>
    (views ??= evaluateSplits(processes, connections, race, atShares(app.question)).map((s) => ({
      probability: s.probability,
      counts: s.counts,
      stack: stackResult({
        ...parts,
        app: s.result,
        appStable: s.result.stable && app.callsReturn,
      }),
    })));
  const over = (value: (stack: StackEvaluation) => number): SpreadQuantiles =>
    weightedQuantiles(splits().map((v) => ({ value: value(v.stack), probability: v.probability })));
  return lazily(result, "spread", (): StackSpread => {
    const likely = splits()[0]!;
    return {
      connectionsPerServer: connections,
      connectionAffinity: race.affinity,
      acceptRace: race,
      meanResponseTimeSec: over((s) => s.meanResponseTimeSec),
      responseTimeQuantileSec: (p: number) => {
        assertOpenProbability("evaluateStack", "p", p);
        return over((s) => s.responseTimeQuantileSec(p));
      },
      likelySplit: likely.counts,
      likelySplitProbability: likely.probability,
    };
  });
}
