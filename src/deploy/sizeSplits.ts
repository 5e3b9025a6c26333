import { evaluateSplits, weightedQuantiles } from "../dispatch/splitSpread.js";
import { readDeployment } from "./deployment.js";
import type { AcceptRace } from "../dispatch/acceptRace.js";
import { fixRaces, MATERIAL_SPREAD } from "./dispatchAdvice.js";
import { atShares } from "./evaluateDeployment.js";
import type { SizedDeployment, SizingQuestion, SplitCheck } from "./sizeCandidates.js";

// Whether a sized deployment meets the SLO only when its keep-alive connections split evenly.

/**
 * The SLO's quantile of a sized deployment over the accept race's splits of its connections (see
 * `evaluateSplits`), where the deployment pins keep-alive connections of a known number (closed
 * load's clients, or open load's `connections`) to more than one process; else undefined. Where
 * the split matters, also the fixes the lab measured, each over its own splits.
 */
export function splitCheck(q: SizingQuestion, sized: SizedDeployment): SplitCheck | undefined {
  const d = readDeployment("sizeDeployment", "deployment", sized.deployment);
  const connections = "clients" in q.load ? q.load.clients : q.load.connections;
  const race = d.acceptRace;
  if (race === undefined || d.processes < 2 || connections === undefined) return undefined;
  const question = { deployment: sized.deployment, app: q.app, machine: q.machine, load: q.load };
  const evaluate = atShares(question);
  const over = (r: AcceptRace) => {
    const splits = evaluateSplits(d.processes, connections, r, evaluate);
    const quantileSec = weightedQuantiles(
      splits.map(({ result: e, probability }) => ({
        value: e.stable ? e.responseTimeQuantileSec(q.quantile) : Infinity,
        probability,
      })),
    );
    return { quantileSec, likelySplit: splits[0]!.counts };
  };
  const { quantileSec, likelySplit } = over(race);
  const evenSplitOnly = sized.feasible && !(quantileSec.p90 <= q.targetSec);
  const matters = evenSplitOnly || !(quantileSec.p90 <= (1 + MATERIAL_SPREAD) * sized.quantileSec);
  const fixes = matters
    ? fixRaces(race).map((f) => {
        const fixed = over(f.acceptRace).quantileSec;
        return { ...f, quantileSec: fixed, meetsSlo: fixed.p90 <= q.targetSec };
      })
    : [];
  return {
    connections,
    quantileSec,
    likelySplit,
    evenSplitOnly,
    ...(fixes.length > 0 ? { fixes } : {}),
  };
}
