import { ModelInputError } from "../errors.js";
import { assertObject } from "../validate.js";
import { readDeployment, type DeploymentInput, type GilMode } from "./deployment.js";
import { readServerSettings, withExtras } from "./servers/readServerDeployment.js";
import type { ServerDeploymentInput } from "./servers/serverInputs.js";
import type { ServerName, ServerSpec, Settings } from "./servers/serverSpec.js";
import { SERVER_NAMES, SERVERS } from "./servers/serverTable.js";
import { genericCandidate, type CandidateFunction } from "./sizeCandidate.js";

// Sizing on one server: every point of the search in the server's own settings, so that what is
// evaluated is what the server runs (gunicorn's gthread workers pinned, uvicorn's unlimited
// concurrency, …) and every configuration carries its command. Internal.

/**
 * The server a sizing runs on: its name, or its name with the settings it keeps as given (a
 * worker class, preload, recycling, …) and `app`, the application in the printed command; the
 * sizing chooses the counts (workers, threads, connections).
 */
export type SizingServerInput =
  ServerName | ({ server: ServerName; app?: string } & Record<string, unknown>);

/** A configuration in the server's words. */
export interface ServerRun {
  /** The settings, defaults filled in (`{ server: "gunicorn", workerClass: "gthread", … }`). */
  settings: ServerDeploymentInput;
  /** The command (or configuration line) that starts it. */
  command: string;
}

/** The sizing's server, read: the candidate of each point and each deployment's run. */
export interface SizingServer {
  name: ServerName;
  candidate: CandidateFunction;
  /** The server's settings and command for a deployment, or undefined when it cannot run it. */
  run(deployment: DeploymentInput): ServerRun | undefined;
}

const defaultsOf = (spec: ServerSpec): Settings =>
  Object.fromEntries(spec.settings.map((s) => [s.field, s.default]));

/** The counts of a deployment: what a sizing chooses. */
const counts = (spec: ServerSpec, settings: Settings) => shape(spec.toDeployment(settings));

/** The counts of a model deployment, as {@link counts} writes them. */
const shape = (deployment: DeploymentInput) => {
  const d = readDeployment("sizeDeployment", "deployment", deployment);
  return `${d.kind} ${d.processes} ${d.threads} ${d.slots}`;
};

/** {@link sizedSettings} of each server, found once. */
const SIZED = new WeakMap<ServerSpec, readonly string[]>();

/**
 * The server's settings a sizing chooses: the integer settings that change the deployment's
 * processes, threads or concurrency under some worker class (gunicorn's `workers`, `threads`,
 * `workerConnections`; uvicorn's `workers`, `limitConcurrency`; …), found by changing each
 * once per server (the specs are constants).
 */
export function sizedSettings(spec: ServerSpec): readonly string[] {
  let fields = SIZED.get(spec);
  if (fields === undefined) {
    fields = findSizedSettings(spec);
    SIZED.set(spec, fields);
  }
  return fields;
}

function findSizedSettings(spec: ServerSpec): string[] {
  const choices = spec.settings.filter((s) => s.type === "choice");
  const variants: Settings[] = [defaultsOf(spec)];
  for (const c of choices) {
    for (const v of variants.splice(0)) {
      for (const choice of c.choices!) variants.push({ ...v, [c.field]: choice });
    }
  }
  return spec.settings
    .filter(
      (s) =>
        s.type === "integer" &&
        variants.some((v) => {
          // min + 2: uvicorn's --limit-concurrency 1 is refused (it serves nothing).
          const other = (v[s.field] as number) === s.min ? s.min! + 2 : s.min!;
          return counts(spec, v) !== counts(spec, { ...v, [s.field]: other });
        }),
    )
    .map((s) => s.field);
}

/** The model's words a sizing's server may carry (the GIL is the sizing's own `gil`). */
const EXTRAS = ["dispatch", "hopTimeSec"];

/**
 * Reads the sizing's server: refuses a count the sizing chooses and the extras it cannot keep
 * (`processWeights` name one share per process), and builds the candidate of each point — the
 * generic deployment, in the server's settings (`fromDeployment`) with the kept ones over them,
 * back to the model; undefined where the server has no way to run the kind.
 */
export function readSizingServer(
  model: string,
  value: unknown,
  gil: GilMode,
  preload: boolean,
): SizingServer {
  const o = typeof value === "string" ? { server: value } : assertObject(model, value, "server");
  if (typeof o.server !== "string" || !Object.hasOwn(SERVERS, o.server)) {
    throw new ModelInputError(
      model,
      "server.server",
      o.server,
      `one of ${SERVER_NAMES.map((n) => `"${n}"`).join(", ")}`,
    );
  }
  const spec = SERVERS[o.server as ServerName];
  const app = o.app ?? "app:app";
  if (typeof app !== "string" || !/^[\w.:/-]+$/.test(app)) {
    throw new ModelInputError(model, "server.app", o.app, 'a module and name such as "app:app"');
  }
  const given = Object.fromEntries(Object.entries(o).filter(([k]) => k !== "app"));
  for (const field of ["gil", "processWeights"]) {
    if (given[field] !== undefined) {
      const why =
        field === "gil"
          ? "absent: the sizing's own gil applies"
          : "absent: the sizing chooses the processes";
      throw new ModelInputError(model, `server.${field}`, given[field], why);
    }
  }
  const sized = sizedSettings(spec);
  for (const field of sized) {
    if (given[field] !== undefined) {
      throw new ModelInputError(
        model,
        `server.${field}`,
        given[field],
        "absent: the sizing chooses it",
      );
    }
  }
  const { extras } = readServerSettings(model, "server", given);
  const kept: Settings = Object.fromEntries(
    Object.entries(given).filter(([k]) => k !== "server" && !EXTRAS.includes(k)),
  ) as Settings;
  const generic = genericCandidate(gil, preload);
  // The generic candidate runs every kind.
  const settingsFor = (d: DeploymentInput): Settings | undefined => {
    const read = readDeployment(model, "deployment", d);
    const own = spec.fromDeployment(read);
    return own === undefined ? undefined : { ...defaultsOf(spec), ...own, ...kept };
  };
  const toModel = (settings: Settings): DeploymentInput =>
    withExtras(spec.toDeployment(settings), { ...extras, ...(gil === "shared" ? {} : { gil }) });
  return {
    name: spec.name,
    candidate(kind, processes, n) {
      const settings = settingsFor(generic(kind, processes, n)!);
      if (settings === undefined) return undefined;
      const d = toModel(settings);
      return d.kind === kind ? d : undefined;
    },
    run(deployment) {
      const settings = settingsFor(deployment);
      // Only what the server runs as this deployment's kind and counts (a kept worker class may
      // turn gunicorn's gthread settings into another kind).
      if (settings === undefined) return undefined;
      if (counts(spec, settings) !== shape(deployment)) return undefined;
      return {
        settings: { server: spec.name, ...settings, ...extras } as ServerDeploymentInput,
        command: spec.command(settings, app),
      };
    },
  };
}
