import type { AppProfileInput } from "../python/appProfile.js";
import type { Tier, TierEvaluation } from "./stack.js";

/** More servers than this in one tier makes a plan implausible: a unit slip is likelier. */
const IMPLAUSIBLE_SERVERS = 1000;

/** An input behind a tier's load: its name in the scenario, value, and whether it is a time. */
interface Driver {
  name: string;
  value: number;
  seconds: boolean;
}

/** The inputs a tier's load is the product of (with the peak rate), by kind. */
function driversOf(tier: Tier, app: AppProfileInput): Driver[] {
  const time = (name: string, value: number): Driver => ({ name, value, seconds: true });
  switch (tier.kind) {
    case "http-cache":
      return [time("hitTimeSec", tier.hitTimeSec), time("missTimeSec", tier.missTimeSec)];
    case "web":
      return [
        time("proxyTimeSec", tier.serviceTimeSec),
        ...(tier.staticFraction > 0 ? [time("staticTimeSec", tier.staticTimeSec)] : []),
      ];
    case "app":
      return [time("cpuTimeSec", app.cpuTimeSec), time("ioTimeSec", app.ioTimeSec)];
    case "memcache":
      return [
        { name: "lookupsPerRequest", value: tier.lookupsPerRequest, seconds: false },
        time("serviceTimeSec", tier.serviceTimeSec),
      ];
    case "database":
      return [
        { name: "queriesPerRequest", value: tier.queriesPerRequest, seconds: false },
        time("serviceTimeSec", tier.serviceTimeSec),
      ];
    default:
      return [time("serviceTimeSec", tier.serviceTimeSec)];
  }
}

const count = (x: number): string => Math.round(x).toLocaleString("en-US");
const figure = (x: number): string => String(Number(x.toPrecision(4)));
const duration = (s: number): string => (s >= 1 ? `${figure(s)} s` : `${figure(s * 1000)} ms`);

/**
 * A warning for each tier the plan gives more than 1,000 servers (`IMPLAUSIBLE_SERVERS`):
 * `the database needs 2,819 servers: check the inputs — is serviceTimeSec 4 meant as 4 ms? Its
 * load: …`, naming the inputs its load is the product of. The question is asked of the tier's longest time
 * of a second or more (a time in milliseconds written as seconds is the usual slip).
 * @internal
 */
export function implausibleWarnings(
  tiers: readonly Tier[],
  planned: readonly TierEvaluation[],
  app: AppProfileInput,
  peakArrivalRatePerSec: number,
): string[] {
  const warnings: string[] = [];
  planned.forEach((t, i) => {
    if (!(t.servers > IMPLAUSIBLE_SERVERS)) return;
    const drivers = driversOf(tiers[i]!, app);
    const slip = drivers
      .filter((d) => d.seconds && d.value >= 1)
      .reduce<Driver | undefined>((a, d) => (a && a.value >= d.value ? a : d), undefined);
    const question = slip
      ? ` is ${slip.name} ${figure(slip.value)} meant as ${figure(slip.value)} ms? Its`
      : " its";
    const load = [
      `${peakArrivalRatePerSec >= 1000 ? count(peakArrivalRatePerSec) : figure(peakArrivalRatePerSec)} req/s at the peak`,
      ...drivers.map((d) => `${d.name} ${d.seconds ? duration(d.value) : figure(d.value)}`),
    ].join(", ");
    warnings.push(
      `the ${t.name} needs ${count(t.servers)} servers: check the inputs —${question} load: ${load}.`,
    );
  });
  return warnings;
}
