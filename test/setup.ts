// Property tests draw new random inputs on every local run, to keep finding edge cases; CI sets
// FAST_CHECK_SEED so that its result depends on the code alone.
import fc from "fast-check";

const seed = process.env.FAST_CHECK_SEED;
if (seed !== undefined && seed !== "") fc.configureGlobal({ seed: Number(seed) });
