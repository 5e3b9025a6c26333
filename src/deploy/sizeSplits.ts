import { drawSplits } from "../dispatch/connectionSplit.js";
import { weightedQuantiles } from "../dispatch/splitSpread.js";
import { readDeployment } from "./deployment.js";
import { evaluateDeployment } from "./evaluateDeployment.js";
import type { SizedDeployment, SizingQuestion, SplitCheck } from "./sizeCandidates.js";

// Whether a sized deployment meets the SLO only when its keep-alive connections split evenly.

/**
 * The SLO's quantile of a sized deployment over the urn's splits of its connections (see
 * `splitSpread`), where the deployment pins keep-alive connections of a known number (closed
 * load's clients, or open load's `connections`) to more than one process; else undefined.
 */
export function splitCheck(q: SizingQuestion, sized: SizedDeployment): SplitCheck | undefined {
  const d = readDeployment("sizeDeployment", "deployment", sized.deployment);
  const connections = "clients" in q.load ? q.load.clients : q.load.connections;
  const affinity = d.connectionAffinity;
  if (affinity === undefined || d.processes < 2 || connections === undefined) return undefined;
  const { connectionAffinity: _, ...base } = sized.deployment;
  const draws = drawSplits(d.processes, connections, affinity / d.processes);
  const quantileSec = weightedQuantiles(
    draws.map((s) => {
      const e = evaluateDeployment({
        app: q.app,
        machine: q.machine,
        load: q.load,
        deployment: { ...base, processWeights: s.counts.map((n) => n / connections) },
      });
      const value = e.stable ? e.responseTimeQuantileSec(q.quantile) : Infinity;
      return { value, probability: s.probability };
    }),
  );
  return {
    connections,
    quantileSec,
    likelySplit: draws[0]!.counts,
    evenSplitOnly: sized.feasible && !(quantileSec.p90 <= q.targetSec),
  };
}
