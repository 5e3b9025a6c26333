import { littlesLaw } from "../laws/littlesLaw.js";
import { erlangB } from "../queueing/erlangB.js";
import { erlangC } from "../queueing/erlangC.js";
import { finiteSource } from "../queueing/finiteSource.js";
import { ggc } from "../queueing/ggc.js";
import { mg1 } from "../queueing/mg1.js";
import { mm1 } from "../queueing/mm1.js";
import { mmc } from "../queueing/mmc.js";
import { mmck } from "../queueing/mmck.js";
import { mmInf } from "../queueing/mmInf.js";
import { GLOBAL_FLAGS, readBytes, readNumber, readSeconds, UsageError } from "./args.js";
import { opt, type Command } from "./command.js";

const ARRIVAL = opt("arrival-rate", "arrivalRatePerSec", "number", "requests per second arriving");
const SERVICE = opt("service-time", "serviceTimeSec", "seconds", "mean service time (0.02, 20ms)");
const SERVERS = opt("servers", "servers", "number", "number of servers (workers)");

/** Every calculator of the CLI, in the order `--help` lists them. */
export const COMMANDS: Command[] = [
  {
    name: "mm1",
    summary: "M/M/1 queue: one server, Poisson arrivals, exponential service",
    options: [ARRIVAL, SERVICE],
    run: (i) => mm1(i as never),
  },
  {
    name: "mmc",
    summary: "M/M/c queue: c servers sharing one FIFO queue",
    options: [ARRIVAL, SERVICE, SERVERS],
    run: (i) => mmc(i as never),
  },
  {
    name: "mminf",
    summary: "M/M/∞: a server for every request (pure delay)",
    options: [ARRIVAL, SERVICE],
    run: (i) => mmInf(i as never),
  },
  {
    name: "mmck",
    summary: "M/M/c/K: c servers, at most K requests in the system (listen backlog)",
    options: [
      ARRIVAL,
      SERVICE,
      SERVERS,
      opt("capacity", "capacity", "number", "K, most requests in the system"),
    ],
    run: (i) => mmck(i as never),
  },
  {
    name: "finite-source",
    summary: "M/M/c/K/K: N clients in a closed loop with think time (a load generator)",
    options: [
      opt("population", "population", "number", "N, number of clients (connections)"),
      opt("think-time", "thinkTimeSec", "seconds", "mean think time between requests (0 = none)"),
      SERVICE,
      SERVERS,
      opt("capacity", "capacity", "number", "K, most requests in the system (default N)", false),
    ],
    run: (i) => finiteSource(i as never),
  },
  {
    name: "mg1",
    summary: "M/G/1 (Pollaczek–Khinchine): one server, any service-time variability",
    options: [
      ARRIVAL,
      SERVICE,
      opt(
        "service-scv",
        "serviceTimeScv",
        "number",
        "service-time SCV (0 fixed, 1 exponential; default 1)",
        false,
      ),
    ],
    run: (i) => mg1(i as never),
  },
  {
    name: "ggc",
    summary: "G/G/c (Allen–Cunneen approximation)",
    options: [
      ARRIVAL,
      SERVICE,
      SERVERS,
      opt("arrival-scv", "arrivalScv", "number", "inter-arrival SCV (1 Poisson; default 1)", false),
      opt("service-scv", "serviceTimeScv", "number", "service-time SCV (default 1)", false),
    ],
    run: (i) => ggc(i as never),
  },
  erlangCommand(
    "erlang-b",
    "Erlang B: blocking probability of a loss system",
    "blockingProbability",
    erlangB,
  ),
  erlangCommand(
    "erlang-c",
    "Erlang C: probability of waiting in an M/M/c queue",
    "probabilityOfWaiting",
    erlangC,
  ),
  {
    name: "little",
    summary: "Little's law L = λ·R: give two of rate, response time, in-flight",
    options: [
      opt("arrival-rate", "arrivalRatePerSec", "number", "requests per second", false),
      opt("response-time", "responseTimeSec", "seconds", "mean response time", false),
      opt("in-flight", "inFlight", "number", "mean requests in flight", false),
    ],
    run: (i) => ({ ...littlesLaw(i as never) }),
  },
];

/** A calculator of one Erlang formula of `servers` and `offeredLoad`. */
function erlangCommand(
  name: string,
  summary: string,
  result: string,
  formula: (servers: number, offeredLoad: number) => number,
): Command {
  return {
    name,
    summary,
    options: [
      SERVERS,
      opt("offered-load", "offeredLoad", "number", "offered load in erlangs (λ·S)"),
    ],
    run: (i) => ({
      [result]: formula(Number(i.servers ?? Number.NaN), Number(i.offeredLoad ?? Number.NaN)),
    }),
  };
}

/**
 * Turns parsed options and bare flags into the model input of a command, rejecting unknown or
 * missing ones; `--raw-units` lets plain numbers stand for seconds and bytes at any size.
 */
export function commandInput(
  command: Command,
  options: Map<string, string>,
  flags: ReadonlySet<string> = new Set(),
): Record<string, number | string | boolean> {
  const input: Record<string, number | string | boolean> = {};
  const known = (name: string) => command.options.some((o) => o.flag === name);
  for (const name of [...options.keys(), ...flags]) {
    if (!known(name) && !GLOBAL_FLAGS.has(name)) {
      throw new UsageError(
        `${command.name} has no option --${name} (see pywebperf ${command.name} --help)`,
      );
    }
  }
  const raw = flags.has("raw-units");
  for (const o of command.options) {
    if (o.kind === "flag") {
      if (options.has(o.flag)) throw new UsageError(`--${o.flag} takes no value`);
      if (flags.has(o.flag)) input[o.field] = true;
      continue;
    }
    const text = options.get(o.flag);
    if (text === undefined) {
      if (o.required) throw new UsageError(`${command.name} needs --${o.flag} (${o.help})`);
      continue;
    }
    input[o.field] = o.read
      ? o.read(o.flag, text)
      : o.kind === "seconds"
        ? readSeconds(o.flag, text, o.bareSecondsMax ?? 10, raw)
        : o.kind === "bytes"
          ? readBytes(o.flag, text, raw)
          : o.kind === "text"
            ? text
            : readNumber(o.flag, text);
  }
  return input;
}
