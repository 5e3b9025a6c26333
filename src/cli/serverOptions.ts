import type { DeploymentInput, DeploymentKind, GilMode } from "../deploy/deployment.js";
import type { ServerCommand } from "../deploy/servers/serverCommand.js";
import type {
  AnyDeploymentInput,
  ModelExtras,
  ServerDeploymentInput,
} from "../deploy/servers/serverInputs.js";
import type { ServerName, SettingSpec } from "../deploy/servers/serverSpec.js";
import { SERVER_NAMES, SERVERS } from "../deploy/servers/serverTable.js";
import { readNumber, UsageError } from "./args.js";
import { opt, type OptionSpec } from "./command.js";
import type { Input } from "./deploymentOptions.js";

// How a deployment is named on the command line: in a server's words (`--server gunicorn
// --worker-class gthread --workers 4 --threads 4`) or in the model's (`--kind daemon
// --processes 4 --threads 4`). Every option's field is its flag, so the two can share flags.

export const PRELOAD_OPTION = opt(
  "preload",
  "preload",
  "flag",
  "import the application before forking the workers (copy-on-write sharing)",
  false,
);
export const GIL_OPTION = opt(
  "gil",
  "gil",
  "text",
  "shared (CPython's default), per-interpreter (3.12+ subinterpreters) or free-threaded (3.13t+)",
  false,
);

/** The model's own options, with how to choose each. */
const MODEL_OPTIONS: OptionSpec[] = [
  opt("kind", "kind", "text", "the model's words: threaded, prefork, daemon or async", false),
  opt("processes", "processes", "number", "worker processes (default 1)", false),
  opt("threads", "threads", "number", "threads per process (threaded, daemon)", false),
  opt(
    "concurrency",
    "concurrency",
    "number",
    "requests one event loop serves at once (async; default 1000)",
    false,
  ),
  opt(
    "dispatch",
    "dispatch",
    "text",
    "shared-queue (an idle worker takes the next request) or pinned (keep-alive connections stay with a worker); a server sets its own",
    false,
  ),
  opt(
    "process-weights",
    "process-weights",
    "text",
    "share of the requests each process gets when pinned, comma-separated (default even), e.g. from per-worker request counts",
    false,
  ),
  opt(
    "connection-affinity",
    "connection-affinity",
    "number",
    "when pinned: how unevenly connections land on the processes (small: the busy one takes the next; Infinity: even hash); a server sets its own, measured in the lab",
    false,
  ),
  opt(
    "hop-time",
    "hop-time",
    "seconds",
    "handover from the front end to a daemon process (default 0.2ms; mod_wsgi, uWSGI)",
    false,
  ),
  opt(
    "max-requests",
    "max-requests",
    "number",
    "requests after which a worker is recycled (0: never)",
    false,
  ),
  PRELOAD_OPTION,
  GIL_OPTION,
];

/** The servers that have a setting under this flag. */
const owners = (flag: string): ServerName[] =>
  SERVER_NAMES.filter((n) => SERVERS[n].settings.some((s) => s.cliFlag === flag));

/** Every server setting not already a model option, once per flag, its help naming the servers. */
function serverSettingOptions(): OptionSpec[] {
  const seen = new Set(MODEL_OPTIONS.map((o) => o.flag));
  const out: OptionSpec[] = [];
  for (const spec of Object.values(SERVERS)) {
    for (const s of spec.settings) {
      if (seen.has(s.cliFlag)) continue;
      seen.add(s.cliFlag);
      const kind = s.type === "integer" ? "number" : s.type === "boolean" ? "flag" : "text";
      out.push(
        opt(s.cliFlag, s.cliFlag, kind, `${owners(s.cliFlag).join(", ")}: ${s.help}`, false),
      );
    }
  }
  return out;
}

/** The flags of the server settings (not the model's), each once. */
export const SERVER_SETTING_OPTIONS: OptionSpec[] = serverSettingOptions();

/** The options naming a deployment: `--server`, every server's settings, and the model's words. */
export const DEPLOYMENT_OPTIONS: OptionSpec[] = [
  opt("server", "server", "text", `the server: ${SERVER_NAMES.join(", ")}`, false),
  ...SERVER_SETTING_OPTIONS,
  ...MODEL_OPTIONS,
  opt("app", "app", "text", "the application in the printed command (default app:app)", false),
];

/** The model's options that go with a server's settings too. */
const EXTRAS = new Set([
  "gil",
  "dispatch",
  "process-weights",
  "connection-affinity",
  "hop-time",
  "app",
]);
const MODEL_ONLY = new Set(["kind", "concurrency"]);

/** `--process-weights 3,1` → [3, 1]. */
function weights(text: string): number[] {
  return text.split(",").map((w) => readNumber("process-weights", w.trim()));
}

/** The model's extras given on the command line, in the model's field names. */
function extras(i: Input): ModelExtras {
  return {
    ...(i.gil === undefined ? {} : { gil: i.gil as GilMode }),
    ...(i.dispatch === undefined ? {} : { dispatch: i.dispatch as "shared-queue" | "pinned" }),
    ...(i["hop-time"] === undefined ? {} : { hopTimeSec: i["hop-time"] as number }),
    ...(i["process-weights"] === undefined
      ? {}
      : { processWeights: weights(String(i["process-weights"])) }),
    ...(i["connection-affinity"] === undefined
      ? {}
      : { connectionAffinity: i["connection-affinity"] as number }),
  };
}

/** The settings of `--server NAME`, refusing flags that server does not have. */
export function serverDeploymentFrom(i: Input, given: string[]): ServerDeploymentInput {
  const name = String(i.server);
  if (!Object.hasOwn(SERVERS, name)) {
    throw new UsageError(`--server must be one of ${SERVER_NAMES.join(", ")} (got '${name}')`);
  }
  const spec = SERVERS[name as ServerName];
  const mine = new Map<string, SettingSpec>(spec.settings.map((s) => [s.cliFlag, s]));
  const settings: Record<string, unknown> = { server: name };
  for (const flag of given) {
    if (flag === "server" || EXTRAS.has(flag)) continue;
    const setting = mine.get(flag);
    if (setting === undefined) {
      const others = owners(flag);
      const theirs = others.length > 0 ? `it is ${others.join(", ")}'s` : "it is the model's word";
      const ours = [...mine.keys()].map((f) => `--${f}`).join(", ");
      throw new UsageError(`--${flag} is not a ${name} setting (${theirs}; ${name} takes ${ours})`);
    }
    settings[setting.field] = i[flag];
  }
  return { ...settings, ...extras(i) } as ServerDeploymentInput;
}

/** The deployment the command line names: `--server` and its settings, or `--kind`. */
export function deploymentFrom(i: Input): AnyDeploymentInput {
  const given = DEPLOYMENT_OPTIONS.map((o) => o.flag).filter((f) => i[f] !== undefined);
  if (i.server !== undefined) {
    const modelWord = given.find((f) => MODEL_ONLY.has(f));
    if (modelWord !== undefined) {
      throw new UsageError(`give --server with its own settings, or --${modelWord} without it`);
    }
    return serverDeploymentFrom(i, given);
  }
  if (i.kind === undefined) {
    throw new UsageError(
      `needs --server (${SERVER_NAMES.join(", ")}) with its settings, or --kind (threaded, prefork, daemon, async)`,
    );
  }
  const serverWord = given.find(
    (f) => owners(f).length > 0 && !MODEL_OPTIONS.some((o) => o.flag === f),
  );
  if (serverWord !== undefined) {
    throw new UsageError(
      `--${serverWord} is ${owners(serverWord).join(", ")}'s setting: give --server too`,
    );
  }
  const maxRequests = i["max-requests"] as number | undefined;
  const number = (flag: string) => (i[flag] === undefined ? {} : { [flag]: i[flag] as number });
  return {
    kind: i.kind as DeploymentKind,
    ...number("processes"),
    ...number("threads"),
    ...number("concurrency"),
    ...(i.preload === true ? { preload: true } : {}),
    ...(maxRequests === undefined || maxRequests === 0
      ? {}
      : { maxRequestsPerProcess: maxRequests }),
    ...extras(i),
  } as DeploymentInput;
}

/** The command, with what the server's own way changes when it is not the model's exactly. */
export function commandLine(run: ServerCommand): string {
  return run.differences.length === 0
    ? run.command
    : `${run.command}  (the closest: ${run.server} differs in ${run.differences.join(", ")})`;
}
