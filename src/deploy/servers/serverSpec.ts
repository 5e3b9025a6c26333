import type { Deployment, DeploymentInput } from "../deployment.js";

/** The servers whose settings pywebperf reads and writes. */
export type ServerName = "gunicorn" | "uvicorn" | "granian" | "mod_wsgi" | "uwsgi" | "waitress";

/** A setting's value once read: a count, a choice among words, or on/off. */
export type SettingValue = number | string | boolean;

/** Validated settings of one server, every default filled in. */
export type Settings = Record<string, SettingValue>;

/** One setting of a server, in its own words. */
export interface SettingSpec {
  /** The field in pywebperf's API and scenario files (`workers`, `workerClass`). */
  field: string;
  /** The option of pywebperf's command line (`--workers`, `--worker-class`). */
  cliFlag: string;
  /** How the server itself spells it (`-w`, `--threads`, `processes=`). */
  serverFlag: string;
  /** The server's default, from its documentation or source. */
  default: SettingValue;
  /** A whole number within [min, max]; a word among `choices`; or true/false. */
  type: "integer" | "choice" | "boolean";
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** A whole number within [min, max] that the server still cannot run: what to give instead. */
  refuse?: (value: number) => string | undefined;
  /** What it is and how to choose it, in a line. */
  help: string;
}

/**
 * A server in the vocabulary: its settings and defaults, how they map onto the model's
 * deployment kinds, how it spreads connections over its workers, and back to its command line.
 */
export interface ServerSpec {
  name: ServerName;
  settings: readonly SettingSpec[];
  /** How connections reach workers, in words for the documentation and the CLI. */
  dispatch: string;
  /** The model's deployment for validated settings. */
  toDeployment(settings: Settings): DeploymentInput;
  /**
   * The settings that run a validated model deployment on this server, or undefined when the
   * server has no way to run its kind (e.g. uvicorn and prefork).
   */
  fromDeployment(deployment: Deployment): Settings | undefined;
  /** The command (or configuration line) that starts it; `app` is the WSGI/ASGI application. */
  command(settings: Settings, app: string): string;
}

/** The value of a validated setting, typed. @internal */
export const num = (s: Settings, field: string): number => s[field] as number;

/**
 * The server's own options for the settings that differ from its defaults, in the order the
 * spec lists them, each rendered by `show` (`-w 4`, `--threads 4`, `processes=4`); `always`
 * lists fields shown even at their default.
 * @internal
 */
export function changedOptions(
  spec: readonly SettingSpec[],
  settings: Settings,
  show: (flag: string, value: SettingValue) => string,
  always: readonly string[] = [],
): string[] {
  return spec
    .filter((s) => always.includes(s.field) || settings[s.field] !== s.default)
    .map((s) => show(s.serverFlag, settings[s.field]!));
}

/** `--flag value`, or the bare flag for a boolean that is on. @internal */
export const dashOption = (flag: string, value: SettingValue): string =>
  value === true ? flag : `${flag} ${String(value)}`;

/** `workerConnections` → `worker-connections`. */
const kebab = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A whole-number setting: `min` 1 and `max` 10,000 (a process or thread count) unless given;
 * the CLI flag is the field in kebab case unless given.
 * @internal
 */
export const integerSetting = (
  field: string,
  serverFlag: string,
  defaultValue: number,
  help: string,
  range: {
    min?: number;
    max?: number;
    cliFlag?: string;
    refuse?: (value: number) => string | undefined;
  } = {},
): SettingSpec => ({
  field,
  cliFlag: range.cliFlag ?? kebab(field),
  serverFlag,
  default: defaultValue,
  type: "integer",
  min: range.min ?? 1,
  max: range.max ?? 10_000,
  ...(range.refuse ? { refuse: range.refuse } : {}),
  help,
});

/** A count of requests after which a worker is replaced; 0 never. @internal */
export const recycleSetting = (field: string, serverFlag: string, help: string): SettingSpec =>
  integerSetting(field, serverFlag, 0, `${help} (0: never)`, {
    min: 0,
    max: 1e12,
    cliFlag: "max-requests",
  });

/** An on/off setting, off by default. @internal */
export const flagSetting = (field: string, serverFlag: string, help: string): SettingSpec => ({
  field,
  cliFlag: kebab(field),
  serverFlag,
  default: false,
  type: "boolean",
  help,
});
