import { describe, expect, it } from "vitest";
import { evaluateDeployment, sizeDeployment, type DeploymentSizing } from "../../src/index.js";
import { expectSame, figures, onPage, origin, useSite } from "./site.js";

// The sizing page (docs/playground/sizing.html) against sizeDeployment, in Chromium.
useSite();

/** The figures the page shows, from the API (NaN where nothing is recommended). */
function expected(s: DeploymentSizing): Record<string, number> {
  const r = s.recommended;
  return {
    "recommended.capacityPerSec": r?.capacityPerSec ?? NaN,
    "recommended.quantileSec": r?.quantileSec ?? NaN,
    "recommended.meanResponseTimeSec": r?.meanResponseTimeSec ?? NaN,
    "recommended.coreUtilization": r?.coreUtilization ?? NaN,
    "recommended.pssBytes": r?.pssBytes ?? NaN,
    feasible: s.feasible.length,
  };
}

const question = {
  server: { server: "gunicorn", workerClass: "gthread" },
  app: { cpuTimeSec: 0.01, ioTimeSec: 0.04 },
  machine: { cores: 2, memoryBytes: 2 * 2 ** 30 },
  load: { arrivalRatePerSec: 100 },
  slo: { responseTimeSec: 0.25, quantile: 0.99 },
} as const;

describe("playground: sizing", () => {
  it("shows sizeDeployment's recommendation, what fits and the rules of thumb", async () => {
    await onPage("sizing", async (page, errors) => {
      await page.goto(`${origin}/playground/sizing.html`);
      const answer = sizeDeployment(question);
      expectSame(await figures(page), expected(answer));
      await expect(page.textContent("#command")).resolves.toBe(answer.recommended?.command);
      // What answers and how exactly: the search, and the recommendation's evaluation, which is
      // the one the sizing reports.
      const r = answer.recommended;
      if (r?.settings === undefined)
        throw new Error("expected a recommendation in gunicorn's words");
      const { app, machine, load } = question;
      const e = evaluateDeployment({ app, machine, load, deployment: r.settings });
      expect(Math.abs(e.meanResponseTimeSec - r.meanResponseTimeSec)).toBeLessThanOrEqual(
        1e-12 * r.meanResponseTimeSec,
      );
      const method = await page.textContent("#method");
      expect(method).toMatch(/^sizeDeployment answers: .*galloping and bisection/);
      expect(method).toMatch(
        e.method === "exact"
          ? /the recommendation's means are exact/
          : /the recommendation's means are an approximation/,
      );
      expect(method).toMatch(/its quantile a two-moment approximation/);
      expect(await page.$$("#feasible tr[data-command]")).toHaveLength(answer.feasible.length);
      const rules = answer.rulesOfThumb.flatMap((r) => r.configurations);
      expect(await page.$$("#rules tr[data-command]")).toHaveLength(rules.length);

      // Ten times the load on the same 2 cores: nothing fits, and the page says what would.
      await page.fill("input[name='load.arrivalRatePerSec']", "1000");
      const none = sizeDeployment({ ...question, load: { arrivalRatePerSec: 1000 } });
      expect(none.recommended).toBeUndefined();
      expectSame(await figures(page), expected(none));
      await expect(page.textContent("#about")).resolves.toMatch(
        /^Nothing meets the SLO\. It would with/,
      );
      await expect(page.textContent("#method")).resolves.not.toMatch(/recommendation/);
      expect(new URL(page.url()).searchParams.get("load.arrivalRatePerSec")).toBe("1000");

      await page.fill("input[name='slo.quantile']", "1.5");
      await expect(page.textContent("label[data-field='slo.quantile'] output")).resolves.toMatch(
        /`slo\.quantile` must be/,
      );
      expect(errors).toEqual([]);
    });
  });
});
