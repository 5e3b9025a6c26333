import { ModelInputError } from "../../errors.js";
import { assertObject, assertTimeSec } from "../../validate.js";
import {
  evaluateDeployment,
  readQuestion,
  type EvaluateDeploymentInput,
} from "../evaluateDeployment.js";
import { serverCommand } from "../servers/serverCommand.js";
import type { ServerDeploymentInput } from "../servers/serverInputs.js";
import type { ServerName } from "../servers/serverSpec.js";
import { SERVERS } from "../servers/serverTable.js";
import type { SpikeAnswer } from "./overloadAnswer.js";
import { figure, share, spikeWords } from "./overloadWords.js";

/** Options of {@link overloadAdvice}. */
export interface OverloadAdviceOptions {
  /** The spikes' heights, multiples of the load; each >= 1, at most 10 of them. @defaultValue [2, 5] */
  spikes?: number[];
  /** How long each spike lasts, seconds. @defaultValue 30 */
  durationSec?: number;
}

/** One setting tried: the server's values and what each spike does with them. */
export interface OverloadOption {
  /** The settings tried, in the server's fields (`{ backlog: 64, timeout: 30 }`). */
  settings: Record<string, number>;
  /** The same in the server's own flags: `"--backlog 64 --timeout 30"`. */
  flags: string;
  /** True for the deployment's own settings. */
  current: boolean;
  /** What each spike does (in the order of `options.spikes`). */
  spikes: SpikeAnswer[];
  /** The least, over the spikes, of the goodput ÷ what could be served (min(spike rate, capacity)). */
  worstGoodputShare: number;
  /** In words: the flags, then one clause per spike. */
  words: string;
}

/** What the clients' retries cost at the deployment's own settings. */
export interface RetryCost {
  maxRetries: number;
  /** Attempts per second over new requests, less 1, at the healthy point. */
  extraLoadShare: number;
  /** Two stable points: a spike can leave it failing on its own retries. */
  metastable: boolean;
  /** Goodput at the failing point (the healthy one's when not metastable), req/s. */
  badGoodputPerSec: number;
  /** New requests per second not served in time at that point. */
  goodputLostPerSec: number;
  /** For each spike, how long it must last to tip the deployment over (`Infinity`: never). */
  tipAfterSec: number[];
  words: string;
}

/** Result of {@link overloadAdvice}. */
export interface OverloadAdvice {
  server: ServerName;
  capacityPerSec: number;
  arrivalRatePerSec: number;
  /** Every setting tried, best first (the most goodput under the worst spike). */
  options: OverloadOption[];
  /** The deployment's own settings. */
  current: OverloadOption;
  /** With `overload.maxRetries` above 0 in the question. */
  retries?: RetryCost;
  /** The advice in lines: the best, the current, and the retries' cost. */
  words: string[];
}

/** The settings each server is tried with (its listen backlog, worker timeout, concurrency limit). */
function grid(server: ServerName, perWorker: number, sync: boolean): Record<string, number>[] {
  const each = (field: string, values: number[]) => values.map((v) => ({ [field]: v }));
  if (server === "gunicorn") {
    // The timeout limits one request's hold, and only a sync worker's.
    const timeouts = sync ? [30, 5] : [];
    return [16, 64, 256, 2048].flatMap((backlog) =>
      timeouts.length === 0 ? [{ backlog }] : timeouts.map((timeout) => ({ backlog, timeout })),
    );
  }
  if (server === "uvicorn")
    return each(
      "limitConcurrency",
      // L = k·perWorker + 1 serves k·perWorker at once (uvicorn counts the asking connection).
      [0, 1, 2, 4, 16].map((k) => (k === 0 ? 0 : k * perWorker + 1)),
    );
  if (server === "uwsgi") return each("listen", [16, 100, 1024, 4096]);
  if (server === "granian") return each("backlog", [128, 1024, 4096]);
  return [{}]; // waitress and mod_wsgi: no such setting in pywebperf's table
}

/**
 * Which listen backlog, worker timeout and concurrency limit keep goodput up under spikes: the
 * deployment is evaluated with each setting of a small grid in its server's words (gunicorn
 * `--backlog` 16–2048 × `--timeout` 5 and 30; uvicorn `--limit-concurrency` none and 1–16
 * times the requests a worker progresses at once; uWSGI `--listen` 16–4096; granian `--backlog`)
 * under each spike, with the clients of `question.overload` (their timeout and retries), and
 * the settings are ranked by the goodput under the worst spike. A deployment in the model's words
 * is tried on the server {@link serverCommand} runs it on. The figures are those of
 * {@link evaluateDeployment}'s `overload`: approximations, see {@link OverloadAnswer}.
 *
 * @param question - The deployment question of {@link evaluateDeployment}, with an open load
 *   above 0 and optionally `overload` for the clients' timeout and retries (not its spike).
 * @param options - The spikes' heights and length.
 * @returns The settings tried, best first, the current ones, the retries' cost, and words.
 * @throws {@link ModelInputError} naming the field, e.g. `options.spikes`.
 * @example
 * ```ts
 * const advice = overloadAdvice({
 *   deployment: { server: "gunicorn", workers: 4 },
 *   app: { cpuTimeSec: 0.1, ioTimeSec: 0 },
 *   machine: { cores: 4, memoryBytes: GiB(8) },
 *   load: { arrivalRatePerSec: 30 },
 *   overload: { clientTimeoutSec: 5 },
 * });
 * advice.options[0].flags; // => "--backlog 64 --timeout 30"
 * ```
 */
export function overloadAdvice(
  question: EvaluateDeploymentInput,
  options: OverloadAdviceOptions = {},
): OverloadAdvice {
  const model = "overloadAdvice";
  const { o, d, load } = readQuestion(model, question, ["overload"]);
  const opts = assertObject(model, options, "options", ["spikes", "durationSec"]);
  const factors = readFactors(model, opts.spikes);
  const durationSec =
    opts.durationSec === undefined
      ? 30
      : assertTimeSec(model, "options.durationSec", opts.durationSec, 0, true);
  if (!("arrivalRatePerSec" in load) || !(load.arrivalRatePerSec > 0)) {
    throw new ModelInputError(
      model,
      "load.arrivalRatePerSec",
      question.load,
      "an open load above 0",
    );
  }
  const client = assertObject(model, o.overload ?? {}, "overload");
  if (client.spike !== undefined) {
    throw new ModelInputError(
      model,
      "overload.spike",
      client.spike,
      "absent: the spikes are `options.spikes`",
    );
  }
  const own = serverCommand(question.deployment).settings;
  const spec = SERVERS[own.server];
  const base = evaluateDeployment({ ...question, overload: { ...client } });
  const perWorker = Math.max(1, Math.ceil(base.overload!.station.servers / d.processes));
  const ownValues = (fields: string[]) =>
    Object.fromEntries(
      fields.map((f) => [
        f,
        (own as unknown as Record<string, number>)[f] ??
          (spec.settings.find((s) => s.field === f)!.default as number),
      ]),
    );
  const tried = grid(own.server, perWorker, d.kind === "prefork");
  const mine = ownValues(Object.keys(tried[0] ?? {}));
  if (!tried.some((t) => sameSettings(t, mine))) tried.push(mine);
  const flagOf = (field: string) => spec.settings.find((s) => s.field === field)!.serverFlag;
  // The settings are compared on the spikes alone; the retries' cost is reported once, below.
  const { maxRetries: _, retryProbability: __, ...once } = client;
  const all = tried.map((settings): OverloadOption => {
    const deployment = { ...own, ...settings } as ServerDeploymentInput;
    const spikes = factors.map((factor) => {
      const e = evaluateDeployment({
        ...question,
        deployment,
        overload: { ...once, spike: { factor, durationSec } },
      });
      return e.overload!.spike!;
    });
    const flags = Object.entries(settings)
      .map(([f, v]) => `${flagOf(f)} ${v}`)
      .join(" ");
    const worst = Math.min(
      ...spikes.map((s) => s.goodputPerSec / Math.min(s.arrivalRatePerSec, base.capacityPerSec)),
    );
    const name = `${own.server}${flags === "" ? "" : ` ${flags}`}`;
    return {
      settings,
      flags,
      current: sameSettings(settings, mine),
      spikes,
      worstGoodputShare: worst,
      words: `${name}: ${spikes.map((s) => spikeWords(s, base.capacityPerSec)).join("; ")}`,
    };
  });
  // The most goodput under the worst spike; then the fewest failed; then the settings as they are.
  const failed = (x: OverloadOption) =>
    x.spikes.reduce((sum, a) => sum + a.refusedShare + a.timedOutShare + a.killedShare, 0);
  const ranked = [...all].sort(
    (a, b) =>
      Math.round(1e6 * (b.worstGoodputShare - a.worstGoodputShare)) ||
      Math.round(1e6 * (failed(a) - failed(b))) ||
      Number(b.current) - Number(a.current),
  );
  const current = all.find((x) => x.current)!;
  const retries = retryCost(question, client, own, factors, durationSec, base.capacityPerSec);
  const best = ranked[0]!;
  const words = [
    best.current ? `Best as it is — ${best.words}` : `Best — ${best.words}`,
    ...(best.current ? [] : [`As it is — ${current.words}`]),
    ...(retries === undefined ? [] : [retries.words]),
  ];
  return {
    server: own.server,
    capacityPerSec: base.capacityPerSec,
    arrivalRatePerSec: load.arrivalRatePerSec,
    options: ranked,
    current,
    ...(retries === undefined ? {} : { retries }),
    words,
  };
}

function sameSettings(a: Record<string, number>, b: Record<string, number>): boolean {
  return Object.keys(a).every((k) => a[k] === b[k]);
}

function readFactors(model: string, value: unknown): number[] {
  if (value === undefined) return [2, 5];
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
    throw new ModelInputError(model, "options.spikes", value, "an array of 1 to 10 spike heights");
  }
  return value.map((h: unknown, i) => {
    if (!(typeof h === "number" && h >= 1 && h <= 1000)) {
      throw new ModelInputError(model, `options.spikes[${i}]`, h, "a number in [1, 1000]");
    }
    return h;
  });
}

/** The retries' cost at the deployment's own settings, when the clients retry. */
function retryCost(
  question: EvaluateDeploymentInput,
  client: Record<string, unknown>,
  deployment: ServerDeploymentInput,
  factors: number[],
  durationSec: number,
  capacityPerSec: number,
): RetryCost | undefined {
  if (!(
    (client.maxRetries as number | undefined) !== undefined && (client.maxRetries as number) > 0
  ))
    return undefined;
  const rate = (question.load as { arrivalRatePerSec: number }).arrivalRatePerSec;
  const answers = factors.map(
    (factor) =>
      evaluateDeployment({
        ...question,
        deployment,
        overload: { ...client, spike: { factor, durationSec } },
      }).overload!.retries!,
  );
  const r = answers[0]!;
  const bad = r.bad;
  const tips = answers.map((a) => a.tipAfterSec ?? Infinity);
  const tipWords = factors
    .map((h, i) => `a ${figure(h)}× spike tips it over after ${figure(tips[i]!)} s`)
    .join(", ");
  const words = r.metastable
    ? `Retries (${String(client.maxRetries)}): ${share(r.good.amplification - 1)} extra load when healthy, but metastable — ${tipWords}; it then stays at ${figure(bad.attemptRatePerSec)} attempts/s with goodput ${figure(bad.goodputPerSec)} of ${figure(rate)} req/s (${share(bad.requestFailedShare)} of requests fail) until the load falls.`
    : `Retries (${String(client.maxRetries)}): ${share(r.good.amplification - 1)} extra load, goodput ${figure(r.good.goodputPerSec)} of ${figure(rate)} req/s (capacity ${figure(capacityPerSec)}); no spike leaves it failing on its own retries.`;
  return {
    maxRetries: client.maxRetries as number,
    extraLoadShare: r.good.amplification - 1,
    metastable: r.metastable,
    badGoodputPerSec: bad.goodputPerSec,
    goodputLostPerSec: Math.max(0, rate - bad.goodputPerSec),
    tipAfterSec: tips,
    words,
  };
}
