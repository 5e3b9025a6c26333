import { describe, expect, it } from "vitest";
import { recoverySec } from "../../src/index.js";

describe("recoverySec", () => {
  it("counts from the spike's end to the first bin below the threshold", () => {
    const waiting = [0.1, 0.3, 5, 8, 3, 1.5, 0.4, 0];
    expect(recoverySec(waiting, 4)).toBe(2); // bin 6 is the first from 4 s under 0.5
    expect(recoverySec(waiting, 4, 2)).toBe(1); // half of four workers: bin 5
    expect(recoverySec(waiting, 3.5, 2)).toBe(1.5); // bins start on whole seconds
    expect(recoverySec(waiting, 0)).toBe(0); // a quiet station has recovered at once
  });

  it("reads bins of any width", () => {
    expect(recoverySec([0, 9, 9, 0.2], 4, 0.5, 2)).toBe(2); // bin 3 starts at 6 s
  });

  it("is Infinity when the queue never falls below the threshold after the spike", () => {
    expect(recoverySec([0, 6, 9, 9], 2)).toBe(Infinity);
    expect(recoverySec([], 0)).toBe(Infinity);
  });
});
