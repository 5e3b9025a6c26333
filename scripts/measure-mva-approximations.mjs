// The worst throughput errors of the approximate MVA methods (Schweitzer, Linearizer) against
// exact MVA, quoted in docs/networks.md: random networks from the property test's generator
// (seeded, so every run prints the same), then the worst case they point to — one c-server
// station holding exactly N = c requests — swept over c and N.
//
//   npm run build && node scripts/measure-mva-approximations.mjs   (about a minute)
import fc from "fast-check";
import { closedNetwork } from "../dist/index.js";
import { randomNetwork as network } from "../test/fixtures/randomNetwork.mjs";

/** @typedef {"schweitzer" | "linearizer"} Method */
/** @type {Method[]} */
const methods = ["schweitzer", "linearizer"];
/**
 * @param {import("../dist/index.js").ClosedNetworkInput} input
 * @param {Method} method
 */
const error = (input, method) =>
  Math.abs(
    closedNetwork({ ...input, method }).throughputPerSec / closedNetwork(input).throughputPerSec -
      1,
  );

/** @type {Record<"single" | "multi", Record<Method, number>>} */
const worst = { single: { schweitzer: 0, linearizer: 0 }, multi: { schweitzer: 0, linearizer: 0 } };
let count = 0;
for (const input of fc.sample(network, { numRuns: 40_000, seed: 7 })) {
  const kind = input.stations.every((s) => s.servers === 1 || s.servers === Infinity)
    ? "single"
    : "multi";
  for (const m of methods) worst[kind][m] = Math.max(worst[kind][m], error(input, m));
  count++;
}
/** @param {number} e */
const pct = (e) => `${(e * 100).toFixed(1)} %`;
console.log(`${count} random networks (seed 7), worst |throughput error| against exact MVA:`);
for (const kind of /** @type {const} */ (["single", "multi"])) {
  console.log(
    `  ${kind === "single" ? "single-server" : "multi-server "} stations: Schweitzer ${pct(worst[kind].schweitzer)}, Linearizer ${pct(worst[kind].linearizer)}`,
  );
}
console.log("One c-server station (D = 0.1 s), N requests, no think time:");
for (const c of [2, 3, 4, 5, 6]) {
  for (const n of [c - 1, c, c + 1, 2 * c]) {
    const input = { stations: [{ name: "s", serviceTimeSec: 0.1, servers: c }], population: n };
    console.log(
      `  c = ${c}, N = ${String(n).padStart(2)}: Schweitzer ${pct(error(input, "schweitzer")).padStart(7)}, Linearizer ${pct(error(input, "linearizer")).padStart(7)}`,
    );
  }
}
