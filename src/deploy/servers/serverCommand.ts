import { ModelInputError } from "../../errors.js";
import { assertObject } from "../../validate.js";
import { readDeployment, type Deployment } from "../deployment.js";
import { readServerSettings } from "./readServerDeployment.js";
import type { AnyDeploymentInput, ServerDeploymentInput } from "./serverInputs.js";
import type { ServerName, ServerSpec, Settings } from "./serverSpec.js";
import { SERVER_NAMES, SERVERS } from "./serverTable.js";

/** Options of {@link serverCommand}. */
export interface ServerCommandOptions {
  /** The server to run it on. @defaultValue the first of {@link SERVERS} that runs it as it is */
  server?: ServerName;
  /** The application, as the server names it. @defaultValue "app:app" */
  app?: string;
}

/** The command that runs a deployment, and how closely it matches. */
export interface ServerCommand {
  server: ServerName;
  /** The deployment in the server's words (with the model's GIL mode when not the default). */
  settings: ServerDeploymentInput;
  /** The command line, or for mod_wsgi the Apache directive. */
  command: string;
  /**
   * The model's figures that the server's own way differs in (`"dispatch"`, `"hopTimeSec"`,
   * `"kind"`…): empty when the server runs the deployment exactly as the model describes it.
   */
  differences: string[];
}

/** The model's figures of a deployment that a server's settings reproduce or not. */
const FIGURES = [
  "kind",
  "processes",
  "threads",
  "slots",
  "hopTimeSec",
  "preload",
  "maxRequestsPerProcess",
] as const;

function differences(a: Deployment, b: Deployment): string[] {
  const out: string[] = FIGURES.filter((k) => a[k] !== b[k]);
  if ((a.weights === undefined) !== (b.weights === undefined)) out.push("dispatch");
  return out;
}

/** The server's settings for a model deployment and what they change, or undefined. */
function onServer(spec: ServerSpec, d: Deployment) {
  const settings = spec.fromDeployment(d);
  if (settings === undefined) return undefined;
  const back = readDeployment("serverCommand", "deployment", spec.toDeployment(settings));
  return { spec, settings, differences: differences(d, back) };
}

function asInput(spec: ServerSpec, settings: Settings, d: Deployment): ServerDeploymentInput {
  return {
    server: spec.name,
    ...settings,
    ...(d.gil === "shared" ? {} : { gil: d.gil }),
  } as ServerDeploymentInput;
}

/**
 * The command that runs a deployment: for one given in a server's words, that server's command
 * line; for one in the model's words, the settings and command of the named server, or of the
 * first server that runs it exactly as described (gunicorn, uvicorn, mod_wsgi, uWSGI, Waitress,
 * granian), or else of the first that runs its kind at all, with the figures it differs in.
 *
 * @param deployment - A deployment in the model's words (`kind`) or a server's (`server`).
 * @param options - The server to use and the application's name.
 * @returns The server, its settings, the command and the differences from the model.
 * @throws {@link ModelInputError} naming the field, or `server` when it cannot run the kind.
 * @example
 * ```ts
 * serverCommand({ server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 }).command; // => "gunicorn -w 4 -k gthread --threads 4 app:app"
 * serverCommand({ kind: "prefork", processes: 9 }).command; // => "gunicorn -w 9 app:app"
 * serverCommand({ kind: "daemon", processes: 2, threads: 15 }).command; // => "WSGIDaemonProcess app processes=2 threads=15"
 * serverCommand({ kind: "async", processes: 4 }, { server: "uvicorn" }).command; // => "uvicorn --workers 4 --limit-concurrency 1001 app:app"
 * ```
 */
export function serverCommand(
  deployment: AnyDeploymentInput,
  options: ServerCommandOptions = {},
): ServerCommand {
  const model = "serverCommand";
  const o = assertObject(model, options, "options", ["server", "app"]);
  const app = o.app ?? "app:app";
  if (typeof app !== "string" || !/^[\w.:/-]+$/.test(app)) {
    throw new ModelInputError(model, "options.app", o.app, 'a module and name such as "app:app"');
  }
  if (o.server !== undefined && !Object.hasOwn(SERVERS, o.server as string)) {
    throw new ModelInputError(
      model,
      "options.server",
      o.server,
      `one of ${SERVER_NAMES.map((n) => `"${n}"`).join(", ")}`,
    );
  }
  if (typeof deployment === "object" && deployment !== null && "server" in deployment) {
    const { spec, settings, extras } = readServerSettings(model, "deployment", deployment);
    if (o.server !== undefined && o.server !== spec.name) {
      throw new ModelInputError(model, "options.server", o.server, `"${spec.name}" or absent`);
    }
    const input = { server: spec.name, ...settings, ...extras } as ServerDeploymentInput;
    return {
      server: spec.name,
      settings: input,
      command: spec.command(settings, app),
      differences: [],
    };
  }
  const d = readDeployment(model, "deployment", deployment);
  const specs = o.server === undefined ? Object.values(SERVERS) : [SERVERS[o.server as ServerName]];
  const runs = specs.map((spec) => onServer(spec, d)).filter((r) => r !== undefined);
  const best = runs.find((r) => r.differences.length === 0) ?? runs[0];
  if (best === undefined) {
    throw new ModelInputError(
      model,
      "options.server",
      o.server,
      `a server that runs ${d.kind} deployments`,
    );
  }
  return {
    server: best.spec.name,
    settings: asInput(best.spec, best.settings, d),
    command: best.spec.command(best.settings, app),
    differences: best.differences,
  };
}
