import { ModelInputError } from "../../errors.js";
import { readAppProfile, type AppProfileInput } from "../../python/appProfile.js";
import type { MachineInput } from "../deployment.js";
import { bracketedRoot } from "../../math/solve.js";
import { evaluateTiers, type ClosedStackLoad } from "./evaluateTiers.js";
import type { StackEvaluation } from "./stackEvaluation.js";
import { findAppTier, hostCounts, type Tier, type TierCount } from "./tier.js";

/**
 * A stack under a closed loop of clients — a load test's users (locust's users with their wait
 * time, wrk's connections with none) rather than arrivals from an unbounded population.
 *
 * The app servers are evaluated as the closed loop itself ({@link evaluateDeployment} with
 * `clients` and a think time that includes the time above the app), the tiers below them and the
 * shared hosts at the arrival rate λ that loop sends. The loop's throughput X(λ) is bounded and
 * X(0) > 0, so X(λ) = λ has a root, bracketed by doubling and found by the Illinois method (the
 * calls below slow down as λ grows and a host's other tiers take more cores, so X mostly falls).
 * At the root Little's law holds for the whole loop: clients = X · (think time + response time).
 * When a tier below saturates first, the root sits at its capacity, where its wait (capped by the
 * app's threads, M/M/c/K) stays finite and the loop would send a little more: the requests it
 * cannot serve queue for it, a wait added to the app's calls (its I/O time) until the loop sends
 * exactly that capacity. The tiers below see Poisson arrivals at λ — the decomposition a
 * hierarchical model makes (Lazowska et al., _Quantitative System Performance_, 1984, ch. 8,
 * flow-equivalent servers), exact when the app's own closed loop is and an approximation for the
 * stations it does not hold. @internal
 */
export function solveClosedStack(
  tiers: readonly Tier[],
  asked: readonly TierCount[],
  app: AppProfileInput,
  machine: MachineInput,
  prices: Readonly<Record<string, number>>,
  closed: ClosedStackLoad,
): StackEvaluation {
  checkClosedStack(tiers, asked, closed.clients);
  const at = (lambda: number): StackEvaluation =>
    evaluateTiers(tiers, asked, app, machine, lambda, prices, { closed });
  // The loop's throughput when the stack below carries λ; 0 when a tier below cannot (its
  // calls never return).
  const throughput = (e: StackEvaluation): number =>
    e.stable ? e.app.throughputPerSec * appServers(tiers, asked) : 0;
  // X(λ) is bounded (by the app's capacity) but not always decreasing: slower calls below can
  // also be less variable. The root is bracketed by X(0) and doubling until X(hi) ≤ hi.
  let lo = 0;
  let hi = throughput(at(0));
  for (let k = 0; k < 64 && throughput(at(hi)) > hi; k++) {
    lo = hi;
    hi *= 2;
  }
  const root = bracketedRoot((lambda) => throughput(at(lambda)) - lambda, lo, hi).lo;
  if (!(throughput(at(root)) > root * (1 + 1e-9))) return at(root);
  // The root sits at the capacity of a tier below: its wait, capped by the app's threads, stays
  // finite there and the loop would send more than it serves. The clients it cannot serve queue
  // for it: the wait w added to each request's calls for which the loop sends exactly λ.
  const io = readAppProfile("evaluateStack", "app", app).ioTimeSec;
  const waiting = (w: number): StackEvaluation =>
    evaluateTiers(tiers, asked, { ...app, ioTimeSec: io + w }, machine, root, prices, {
      closed,
    });
  const w = bracketedRoot((wait) => throughput(waiting(wait)) - root, 0, closed.clients / root).hi;
  return waiting(w);
}

/** The app tier's servers (or host machines). */
function appServers(tiers: readonly Tier[], asked: readonly TierCount[]): number {
  return hostCounts(tiers, asked)[findAppTier(tiers).at]!.units;
}

/**
 * A closed loop reaches the app servers with every request and splits its clients evenly over
 * them: refuses tiers that answer requests above the app (an HTTP cache, static files) and a
 * count of clients the app servers do not divide.
 */
function checkClosedStack(
  tiers: readonly Tier[],
  asked: readonly TierCount[],
  clients: number,
): void {
  const model = "evaluateStack";
  for (const t of tiers) {
    if (t.kind === "http-cache" || (t.kind === "web" && t.staticFraction > 0)) {
      throw new ModelInputError(
        model,
        "load.clients",
        clients,
        `an open load (load.arrivalRatePerSec): the ${t.kind} tier "${t.name}" answers some requests above the app servers, which a closed loop of clients here does not follow`,
      );
    }
  }
  const servers = appServers(tiers, asked);
  if (clients % servers !== 0) {
    throw new ModelInputError(
      model,
      "load.clients",
      clients,
      `a multiple of the app's ${servers} servers (each server gets the same clients)`,
    );
  }
}
