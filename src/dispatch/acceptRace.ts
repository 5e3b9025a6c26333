import { seededRandom } from "../sim/random.js";

// How a burst of keep-alive connections lands on the workers that accept from one listening
// socket: an accept race, then the Pólya urn.
//
// The burst: wrk's thread opens all its connections one after the other before it sends a request
// (wrk.c, thread_main: connect_socket for each connection, then aeMain), and on loopback each
// connect() completes the handshake and queues the connection on the listener at once. Every
// worker waits in epoll on the shared socket without EPOLLEXCLUSIVE, so the kernel wakes them all
// for each connection (fs/eventpoll.c, ep_poll_callback), and whoever calls accept() first wins.
// On a machine whose cores are busy (wrk on one of two), the worker already running wins:
//   - the race: the first worker awake keeps taking the next connection while the others wait for
//     a core — an asyncio loop accepts every waiting connection per wake-up
//     (asyncio/selector_events.py, _accept_connection: up to `backlog` accepts in a loop), a
//     gthread worker one per pass of its loop (gunicorn/workers/gthread.py, accept), a gevent
//     worker one per readiness callback (gunicorn/workers/ggevent.py sets the StreamServer's
//     max_accept to 1 with more than one worker; gevent/baseserver.py, _do_read). With
//     probability `takeAllProbability` no other worker gets a core before the burst ends and the
//     first takes every connection; otherwise it takes a run of 1 + G connections, G geometric
//     with mean `headStartConnections`.
//   - then the urn: each later connection goes to the worker holding the fewest with probability
//     `balance` (a worker that took one on its last pass is busy starting it while the others
//     race — gevent runs the new greenlet at once), else to worker k with probability
//     (nₖ + a) ÷ (n + W·a), a = `affinity` ÷ W, nₖ counting the race's connections too.
// With takeAllProbability = headStartConnections = balance = 0 this is the urn of
// connectionSplit.ts; with balance = 1 and nothing else, a deal in turns.

/** The parameters of the accept race (see the file's comment). */
export interface AcceptRace {
  /** Probability that the first worker awake takes the whole burst. */
  takeAllProbability: number;
  /** Mean connections the first worker awake takes beyond its first before another joins. */
  headStartConnections: number;
  /** The urn's total weight of the idle workers A for the connections after the race. */
  affinity: number;
  /** Share of the connections after the race that go to the worker holding the fewest. */
  balance: number;
}

/** The pure Pólya urn with total affinity `affinity`: no race, no balance. */
export function urnOnly(affinity: number): AcceptRace {
  return { takeAllProbability: 0, headStartConnections: 0, affinity, balance: 0 };
}

/** Splits drawn from the race: counts per worker, largest first, and how often each came out. */
export interface SplitDraw {
  counts: number[];
  probability: number;
}

/** A source of uniform numbers on [0, 1). */
interface Uniform {
  next(): number;
}

/** One split drawn from the race: connections per worker, the first worker awake first. */
export function raceSplit(
  workers: number,
  connections: number,
  race: AcceptRace,
  random: Uniform,
): number[] {
  const counts = new Array<number>(workers).fill(0);
  if (connections === 0) return counts;
  let given = 1;
  counts[0] = 1;
  if (random.next() < race.takeAllProbability) {
    counts[0] = connections;
    return counts;
  }
  // A run of 1 + G, G geometric with mean h: each next connection stays with probability h ÷ (1 + h).
  const stay = race.headStartConnections / (1 + race.headStartConnections);
  while (given < connections && random.next() < stay) {
    counts[0]!++;
    given++;
  }
  const a = race.affinity / workers;
  for (; given < connections; given++) {
    counts[pickWorker(counts, given, a, race.balance, random)]!++;
  }
  return counts;
}

/** The worker the next connection goes to, `given` connections being held already. */
function pickWorker(
  counts: readonly number[],
  given: number,
  a: number,
  balance: number,
  random: Uniform,
): number {
  const workers = counts.length;
  if (balance > 0 && random.next() < balance) {
    const fewest = Math.min(...counts);
    const idle = counts.flatMap((n, k) => (n === fewest ? [k] : []));
    return idle[Math.min(idle.length - 1, Math.floor(random.next() * idle.length))]!;
  }
  const u = random.next();
  if (a === Infinity) return Math.min(workers - 1, Math.floor(u * workers));
  let target = u * (given + workers * a);
  let k = 0;
  while (k < workers - 1 && target >= counts[k]! + a) {
    target -= counts[k]! + a;
    k++;
  }
  return k;
}

/** Draws of the race, fixed so that every call gives the same answer. */
const DRAWS = 400;
const SEED = 19;

/**
 * The race's splits of `connections` over `workers`, as the distinct sorted splits (largest first)
 * of `draws` draws with their frequencies, most frequent first (a fixed sequence of draws: the
 * same inputs give the same answer).
 */
export function drawRaceSplits(
  workers: number,
  connections: number,
  race: AcceptRace,
  draws: number = DRAWS,
): SplitDraw[] {
  const random = seededRandom(SEED);
  const seen = new Map<string, { counts: number[]; times: number }>();
  for (let d = 0; d < draws; d++) {
    const counts = raceSplit(workers, connections, race, random).sort((x, y) => y - x);
    const key = counts.join(",");
    const found = seen.get(key);
    if (found) found.times++;
    else seen.set(key, { counts, times: 1 });
  }
  return [...seen.values()]
    .sort((x, y) => y.times - x.times)
    .map(({ counts, times }) => ({ counts, probability: times / draws }));
}

/**
 * P(the largest count ≤ m) for m = 0…C under the race, from `draws` draws (fixed seed).
 */
export function raceLargestCountCdf(
  workers: number,
  connections: number,
  race: AcceptRace,
  draws: number,
): number[] {
  const random = seededRandom(SEED);
  const times = new Float64Array(connections + 1);
  for (let d = 0; d < draws; d++) {
    times[Math.max(...raceSplit(workers, connections, race, random))]!++;
  }
  let sum = 0;
  return Array.from(times, (t) => (sum += t) / draws);
}
