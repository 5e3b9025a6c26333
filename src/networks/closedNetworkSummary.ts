// The shapes of a closed network's solution at one population, shared by `closedNetwork` and
// the exact and approximate MVA that compute it.

/** One station at one population. */
export interface ClosedNetworkStation {
  name: string;
  /** Utilization per server (0 for a delay station). */
  utilization: number;
  /** Mean requests at the station, waiting or in service. */
  queueLength: number;
  /** Time per request at this station over all its visits. */
  residenceTimeSec: number;
}

/** The network at one population. */
export interface ClosedNetworkSummary {
  population: number;
  throughputPerSec: number;
  /** Time per request in the stations (excluding think time): N/X − Z. */
  responseTimeSec: number;
  stations: ClosedNetworkStation[];
}
