import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  describePlanStep,
  parseScenario,
  planCapacity,
  type CapacityPlan,
} from "../../src/index.js";
import { allFigures, expectSame, fileOrigin, onPage, origin, useSite } from "./site.js";

// The stack planner (docs/playground/stack.html) against planCapacity, in Chromium.
useSite();

const CLASSIC = readFileSync(
  join(import.meta.dirname, "..", "..", "docs", "scenarios", "classic.yaml"),
  "utf8",
);

/** Every figure the page shows, from the API's plan: the summary, each tier, each step. */
function expected(plan: CapacityPlan): Record<string, number> {
  const q = plan.quantile;
  const figures: Record<string, number> = {
    arrivalRatePerSec: plan.arrivalRatePerSec,
    peakArrivalRatePerSec: plan.peakArrivalRatePerSec,
    responseTimeSec: plan.responseTimeSec,
    "peak.quantileSec": plan.peak.responseTimeQuantileSec(q),
    "peak.meanResponseTimeSec": plan.peak.meanResponseTimeSec,
    "mean.quantileSec": plan.mean.responseTimeQuantileSec(q),
    maxUtilization: plan.maxUtilization,
    "peak.capacityPerSec": plan.peak.capacityPerSec,
    "peak.memoryBytes": plan.peak.memoryBytes,
    costPerMonth: plan.costPerMonth,
  };
  for (const t of plan.tiers) {
    for (const k of [
      "utilization",
      "limitPerSec",
      "headroomFactor",
      "meanResponseTimeSec",
      "memoryBytes",
      "costPerMonth",
    ] as const)
      figures[`tiers.${t.name}.${k}`] = t[k];
  }
  plan.trace.forEach((s, i) => {
    for (const k of ["utilization", "responseTimeQuantileSec", "costPerMonth"] as const)
      figures[`trace[${i}].${k}`] = s[k];
  });
  return figures;
}

/** The page's tiers and steps: their words and counts, as the API's plan has them. */
async function expectRows(page: Page, plan: CapacityPlan) {
  const rows = (selector: string) =>
    page.$$eval(selector, (trs) =>
      trs.map((tr) => ({
        cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
        counts: [
          tr.getAttribute("data-servers"),
          tr.getAttribute("data-shards"),
          tr.getAttribute("data-read-replicas"),
        ].map(Number),
      })),
    );
  const tiers = await rows("#tiers tr:has(td)");
  expect(tiers.map((r) => r.cells[0])).toEqual(plan.tiers.map((t) => t.name));
  expect(tiers.map((r) => r.counts)).toEqual(
    plan.tiers.map((t) => [t.servers, t.shards, t.readReplicas]),
  );
  const steps = await rows("#trace tr:has(td)");
  expect(steps.map((r) => r.cells[1])).toEqual(plan.trace.map((s) => describePlanStep(s)));
  expect(steps.map((r) => r.counts)).toEqual(
    plan.trace.map((s) => [s.servers, s.shards, s.readReplicas]),
  );
}

/** The tier chart's bars, once drawn. */
async function bars(page: Page): Promise<number> {
  await page.waitForSelector("#tier-chart svg .mark-rect path");
  return page.$$eval("#tier-chart svg .mark-rect path", (paths) => paths.length);
}

/** Types `text` into the editor, as one input event; returns how long the page's update took. */
async function edit(page: Page, text: string): Promise<number> {
  return page.$eval(
    "#scenario",
    (editor, value) => {
      const t0 = performance.now();
      (editor as unknown as { value: string }).value = value;
      editor.dispatchEvent(new Event("input", { bubbles: true }));
      return performance.now() - t0;
    },
    text,
  );
}

/** The 1-based number of the first line of `text` that contains `part`. */
const lineOf = (text: string, part: string) =>
  text.split("\n").findIndex((l) => l.includes(part)) + 1;

describe("playground: the stack planner", () => {
  it("plans the built-in classic stack as planCapacity does, with its trace and tier chart", async () => {
    await onPage("stack-classic", async (page, errors) => {
      await page.goto(`${origin}/playground/stack.html`);
      expect(await page.inputValue("#scenario")).toBe(CLASSIC);
      const plan = planCapacity(parseScenario(CLASSIC, "yaml"));
      expectSame(await allFigures(page), expected(plan));
      await expectRows(page, plan);
      expect(await bars(page)).toBe(plan.tiers.length);
      await expect(page.textContent("#about")).resolves.toMatch(/planCapacity.*approximation/);
      expect(new URL(page.url()).search).toBe("");
      expect(errors).toEqual([]);
    });
  });

  it("follows an edit, keeps it in the address, and the address reproduces it (over HTTP and from file://)", async () => {
    await onPage("stack-edit", async (page, errors) => {
      await page.goto(`${origin}/playground/stack.html`);
      await bars(page);
      const text = CLASSIC.replace("arrivalRatePerSec: 400", "arrivalRatePerSec: 1000");
      const ms = await edit(page, text);
      console.log(`playground stack: an update after an edit took ${ms.toFixed(1)} ms`);
      const plan = planCapacity(parseScenario(text, "yaml"));
      const before = planCapacity(parseScenario(CLASSIC, "yaml"));
      expect(plan.costPerMonth).not.toBe(before.costPerMonth);
      expectSame(await allFigures(page), expected(plan));
      await expectRows(page, plan);
      expect(await bars(page)).toBe(plan.tiers.length);
      await page.waitForSelector("#scenario[data-saved=true]");
      const search = new URL(page.url()).search;
      expect(search).toMatch(/^\?scenario=[\w-]+$/);
      for (const link of [
        `${origin}/playground/stack.html${search}`,
        `${fileOrigin}/playground/stack.html${search}`,
      ]) {
        await onPage("stack-link", async (again, againErrors) => {
          await again.goto(link);
          await again.waitForSelector("[data-figure]");
          expect(await again.inputValue("#scenario")).toBe(text);
          expectSame(await allFigures(again), expected(plan));
          expect(againErrors).toEqual([]);
        });
      }
      // Back to the classic stack: the address forgets the edit.
      await page.click("#classic");
      expectSame(await allFigures(page), expected(before));
      await page.waitForSelector("#scenario[data-saved=true]");
      expect(new URL(page.url()).search).toBe("");
      expect(errors).toEqual([]);
    });
  });

  it("shows a bad field and a YAML syntax error at their lines", async () => {
    await onPage("stack-errors", async (page, errors) => {
      await page.goto(`${origin}/playground/stack.html`);
      await bars(page);
      const cases = [
        // A value the planner refuses: the field's path, and the line it is on.
        {
          text: CLASSIC.replace("threads: 4 }", "threads: -4 }"),
          says: "`stack.tiers[3].deployment.threads`",
          part: "threads: -4",
        },
        // A syntax error: the line YAML stops at.
        {
          text: CLASSIC.replace("\nmachine:", "\n machine:"),
          says: "valid YAML",
          part: " machine:",
        },
        // A missing field: shown at the object that lacks it.
        {
          text: CLASSIC.replace("arrivalRatePerSec: 400, ", ""),
          says: "(in `load`): planCapacity: `load.arrivalRatePerSec`",
          part: "load:",
        },
      ];
      for (const { text, says, part } of cases) {
        await edit(page, text);
        const line = lineOf(text, part);
        const message = await page.textContent("#scenario-error");
        expect(message).toContain(says);
        expect(message).toMatch(new RegExp(`^line ${line}\\b`));
        await expect(page.getAttribute("#scenario", "data-error-line")).resolves.toBe(String(line));
        await expect(page.getAttribute("#scenario", "aria-invalid")).resolves.toBe("true");
        expect(await page.textContent("#backdrop mark")).toBe(text.split("\n")[line - 1]);
        expect(await page.$$("[data-figure]")).toHaveLength(0);
        expect(await page.$$("#tier-chart svg")).toHaveLength(0);
        // The line's button selects it in the editor.
        await page.click("#scenario-error button");
        const selected = await page.$eval("#scenario", (e) => {
          const t = e as unknown as { value: string; selectionStart: number; selectionEnd: number };
          return t.value.slice(t.selectionStart, t.selectionEnd);
        });
        expect(selected).toBe(text.split("\n")[line - 1]);
      }
      // Mended, the plan is back and the mark gone.
      await edit(page, CLASSIC);
      expectSame(await allFigures(page), expected(planCapacity(parseScenario(CLASSIC, "yaml"))));
      expect(await page.$$("#backdrop mark")).toHaveLength(0);
      expect(await page.getAttribute("#scenario", "aria-invalid")).toBeNull();
      expect(errors).toEqual([]);
    });
  });
});
