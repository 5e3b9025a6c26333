import { ModelInputError } from "../errors.js";
import { assertInteger, assertNonNegative, assertObject, assertPositive } from "../validate.js";

/** One service center of a network. */
export interface StationInput {
  /** A name to report the station by, e.g. `"db"`; unique within the network. */
  name: string;
  /** Mean service time of one visit on one server, in seconds; > 0. */
  serviceTimeSec: number;
  /**
   * Number of identical servers: an integer >= 1, or `Infinity` for a pure delay (no queueing,
   * e.g. network latency or a remote call that scales out freely).
   * @defaultValue 1
   */
  servers?: number;
  /**
   * Mean visits a request makes to this station (closed networks, and open networks described by
   * visits); >= 0.
   * @defaultValue 1
   */
  visits?: number;
}

/** A validated station. */
export interface Station {
  name: string;
  serviceTimeSec: number;
  servers: number;
  visits: number;
}

/** Validates a list of stations; `visits` are read only where the network is given by visits. */
export function readStations(model: string, value: unknown): Station[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ModelInputError(model, "stations", value, "a non-empty array of stations");
  }
  const names = new Set<string>();
  return value.map((raw: unknown, i) => {
    const field = `stations[${i}]`;
    const s = assertObject(model, raw, field, ["name", "serviceTimeSec", "servers", "visits"]);
    if (typeof s.name !== "string" || s.name === "" || names.has(s.name)) {
      throw new ModelInputError(model, `${field}.name`, s.name, "a unique non-empty string");
    }
    names.add(s.name);
    const servers =
      s.servers === undefined || s.servers === Infinity
        ? ((s.servers as number | undefined) ?? 1)
        : assertInteger(model, `${field}.servers`, s.servers, 1);
    return {
      name: s.name,
      serviceTimeSec: assertPositive(model, `${field}.serviceTimeSec`, s.serviceTimeSec),
      servers,
      visits: s.visits === undefined ? 1 : assertNonNegative(model, `${field}.visits`, s.visits),
    };
  });
}

/** D/c, a station's busy time per request per server (0 for a delay, which never saturates). */
export function demandPerServer(servers: number, visits: number, serviceTimeSec: number): number {
  return servers === Infinity ? 0 : (visits * serviceTimeSec) / servers;
}

/**
 * The name of the station with the largest demand per server — the one that saturates first as
 * load grows (the first of equals).
 */
export function bottleneckName(
  stations: readonly { name: string; demandPerServerSec: number }[],
): string {
  let best = stations[0];
  for (const s of stations)
    if (best === undefined || s.demandPerServerSec > best.demandPerServerSec) best = s;
  return best?.name ?? "";
}
