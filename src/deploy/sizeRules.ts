import { MAX_WORKERS, type DeploymentKind } from "./deployment.js";
import { assess, type SizedDeployment, type SizingQuestion } from "./sizeCandidates.js";

// gunicorn's rules of thumb, evaluated against a sizing question. Internal.

/** A rule of thumb placed against the search. */
export interface RuleOfThumb {
  rule: string;
  configurations: SizedDeployment[];
}

/**
 * gunicorn's "(2 × cores) + 1" sync workers, as many gthread workers with 1–4 threads each, and
 * gunicorn's "2–4 × cores" threads per worker, each evaluated on one machine of the question.
 * @see gunicorn documentation, "How Many Workers?" (design) and the `workers`/`threads` settings.
 */
export function rulesOfThumb(q: SizingQuestion): RuleOfThumb[] {
  const cores = q.machine.cores;
  // The rules' figures, capped at what a deployment may have (a machine of 2,500+ cores).
  const workers = Math.min(2 * cores + 1, MAX_WORKERS);
  const perCore = (k: number): number => Math.min(k * cores, MAX_WORKERS);
  const { gil, preload } = q;
  // On a server, as it runs them (gunicorn's gthread workers keep their connections); else in
  // the model's words.
  const onServer = (kind: DeploymentKind, threads: number) =>
    q.server === undefined ? undefined : q.candidate(kind, workers, threads);
  const gthread = (threads: number[]): SizedDeployment[] =>
    threads.map((threads) =>
      assess(
        q,
        onServer("daemon", threads) ?? {
          kind: "daemon",
          processes: workers,
          threads,
          gil,
          preload,
          hopTimeSec: 0,
        },
      ),
    );
  return [
    {
      rule: `gunicorn: (2 × cores) + 1 = ${workers} sync workers`,
      configurations: [
        assess(q, onServer("prefork", 1) ?? { kind: "prefork", processes: workers, gil, preload }),
      ],
    },
    {
      rule: `${workers} gthread workers × 1–4 threads`,
      configurations: gthread([1, 2, 3, 4]),
    },
    {
      rule: `gunicorn threads: 2–4 × cores = ${perCore(2)}–${perCore(4)} per worker`,
      configurations: gthread([perCore(2), perCore(4)]),
    },
  ];
}
