import { ModelInputError } from "../../errors.js";
import { assertInteger, assertObject } from "../../validate.js";
import type { DeploymentInput } from "../deployment.js";
import type { ModelExtras, ServerDeploymentInput } from "./serverInputs.js";
import type { ServerSpec, Settings } from "./serverSpec.js";
import { SERVER_NAMES, SERVERS } from "./serverTable.js";

/** The model's words a server's settings may carry beside its own. */
const EXTRAS = [
  "gil",
  "dispatch",
  "processWeights",
  "connectionAffinity",
  "acceptRace",
  "hopTimeSec",
] as const;

/** A server's settings read and checked, every default filled in, and the model's extras. */
export interface ReadServerSettings {
  spec: ServerSpec;
  settings: Settings;
  extras: ModelExtras;
}

/** Validates a deployment in a server's words; `field` prefixes the names in errors. @internal */
export function readServerSettings(
  model: string,
  field: string,
  value: unknown,
): ReadServerSettings {
  const o = assertObject(model, value, field);
  const name = o.server;
  if (typeof name !== "string" || !Object.hasOwn(SERVERS, name)) {
    throw new ModelInputError(
      model,
      `${field}.server`,
      name,
      `one of ${SERVER_NAMES.map((n) => `"${n}"`).join(", ")}`,
    );
  }
  const spec = SERVERS[name as keyof typeof SERVERS];
  assertObject(model, o, field, ["server", ...spec.settings.map((s) => s.field), ...EXTRAS]);
  const settings: Settings = {};
  for (const s of spec.settings) {
    const path = `${field}.${s.field}`;
    const v = o[s.field];
    if (v === undefined) settings[s.field] = s.default;
    else if (s.type === "integer") {
      settings[s.field] = assertInteger(model, path, v, s.min!, s.max!);
      const instead = s.refuse?.(v as number);
      if (instead !== undefined) throw new ModelInputError(model, path, v, instead);
    } else if (s.type === "boolean") {
      if (typeof v !== "boolean") throw new ModelInputError(model, path, v, "true or false");
      settings[s.field] = v;
    } else {
      if (typeof v !== "string" || !s.choices!.includes(v)) {
        const words = s.choices!.map((c) => `"${c}"`).join(", ");
        throw new ModelInputError(model, path, v, `one of ${name}'s ${s.field} values: ${words}`);
      }
      settings[s.field] = v;
    }
  }
  const extras: ModelExtras = {};
  for (const key of EXTRAS) if (o[key] !== undefined) Object.assign(extras, { [key]: o[key] });
  return { spec, settings, extras };
}

/**
 * A server's deployment with the model's extras over it. The model checks the combination when
 * it reads the deployment (`hopTimeSec` belongs to daemon deployments only).
 * @internal
 */
export function withExtras(deployment: DeploymentInput, extras: ModelExtras): DeploymentInput {
  // Shares given for the processes, a shared queue, or an urn or race of one's own replace the
  // server's own law of how connections land.
  const { connectionAffinity: _, acceptRace: __, ...rest } = deployment;
  const own =
    extras.processWeights === undefined &&
    extras.dispatch !== "shared-queue" &&
    extras.connectionAffinity === undefined &&
    extras.acceptRace === undefined;
  const base = own ? deployment : rest;
  return { ...base, ...extras } as DeploymentInput;
}

/**
 * The model's deployment for a deployment given in a server's words; a deployment in the
 * model's words is returned as it is (both are then checked by the model).
 * @internal
 */
export function modelDeployment(model: string, field: string, value: unknown): DeploymentInput {
  if (typeof value !== "object" || value === null || !("server" in value)) {
    return value as DeploymentInput;
  }
  const { spec, settings, extras } = readServerSettings(model, field, value);
  return withExtras(spec.toDeployment(settings), extras);
}

/**
 * The model's deployment for a server's settings: gunicorn's worker classes, uvicorn's workers,
 * granian's interfaces, mod_wsgi's daemon and embedded modes, uWSGI's processes, threads and
 * gevent, and Waitress's threads, each mapped onto one of the four kinds with the server's own
 * defaults and its way of spreading connections (docs/servers.md has the table).
 *
 * @param settings - The server's name and its settings in its own words.
 * @returns The deployment {@link evaluateDeployment} takes (which also takes the settings as they are).
 * @throws {@link ModelInputError} naming the setting, e.g. `deployment.workerClass`.
 * @example
 * ```ts
 * serverDeployment({ server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 }).kind; // => "daemon"
 * serverDeployment({ server: "uvicorn", workers: 4 }).kind; // => "async"
 * serverDeployment({ server: "mod_wsgi", processes: 2 }).threads; // => 15
 * ```
 */
export function serverDeployment(settings: ServerDeploymentInput): DeploymentInput {
  const {
    spec,
    settings: read,
    extras,
  } = readServerSettings("serverDeployment", "deployment", settings);
  return withExtras(spec.toDeployment(read), extras);
}
