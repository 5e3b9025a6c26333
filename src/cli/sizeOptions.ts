import type { DeploymentKind, GilMode } from "../deploy/deployment.js";
import type { SizingServerInput } from "../deploy/sizeServer.js";
import { sizedSettings } from "../deploy/sizeServer.js";
import type { ServerName } from "../deploy/servers/serverSpec.js";
import { SERVER_NAMES, SERVERS } from "../deploy/servers/serverTable.js";
import { UsageError } from "./args.js";
import { opt, type OptionSpec } from "./command.js";
import type { Input } from "./deploymentOptions.js";
import {
  GIL_OPTION,
  PRELOAD_OPTION,
  SERVER_SETTING_OPTIONS,
  serverDeploymentFrom,
} from "./serverOptions.js";

// What `pywebperf size` takes beside the application, machine and load: the kinds or the server
// to size for (`--server gunicorn --worker-class gthread`), the GIL mode and preload.

/** The flags of the counts a sizing chooses, on every server that has them. */
const CHOSEN = new Set(
  Object.values(SERVERS).flatMap((spec) =>
    spec.settings.filter((s) => sizedSettings(spec).includes(s.field)).map((s) => s.cliFlag),
  ),
);

export const SIZE_SERVER_OPTIONS: OptionSpec[] = [
  opt(
    "server",
    "server",
    "text",
    `size for this server, in its words: ${SERVER_NAMES.join(", ")} (default: the model's kinds)`,
    false,
  ),
  ...SERVER_SETTING_OPTIONS.map((o) =>
    CHOSEN.has(o.flag) ? { ...o, help: `${o.help.split(":")[0]}: chosen by the sizing` } : o,
  ),
  // Settings several servers share with the model's words: refused as counts, or kept.
  opt("processes", "processes", "number", "mod_wsgi, uwsgi: chosen by the sizing", false),
  opt(
    "threads",
    "threads",
    "number",
    "gunicorn, mod_wsgi, uwsgi, waitress: chosen by the sizing",
    false,
  ),
  opt(
    "max-requests",
    "max-requests",
    "number",
    "gunicorn, uwsgi: requests after which a worker is recycled (kept as given)",
    false,
  ),
  PRELOAD_OPTION,
  GIL_OPTION,
  opt("app", "app", "text", "the application in the printed commands (default app:app)", false),
];

const KINDS = ["threaded", "prefork", "daemon", "async"];

/** A server's word for a kind given to `--kinds`, and the flags that say it. */
function serverWord(word: string): string | undefined {
  const gunicorn = SERVERS.gunicorn.settings.find((s) => s.field === "workerClass")!;
  if (gunicorn.choices!.includes(word)) return `--server gunicorn --worker-class ${word}`;
  if (Object.hasOwn(SERVERS, word)) return `--server ${word}`;
  return undefined;
}

/** `--kinds prefork,daemon` → the kinds; a server's word is refused with the flags that say it. */
export function kindsFrom(i: Input): DeploymentKind[] | undefined {
  if (i.kinds === undefined) return undefined;
  const kinds = String(i.kinds)
    .split(",")
    .map((k) => k.trim());
  for (const k of kinds) {
    const instead = KINDS.includes(k) ? undefined : serverWord(k);
    if (instead !== undefined) {
      throw new UsageError(
        `--kinds takes the model's words (threaded, prefork, daemon, async); for ${k} give ${instead}`,
      );
    }
  }
  return kinds as DeploymentKind[];
}

/**
 * The server `--server` names, with the settings to keep (`--worker-class`, `--preload`,
 * `--max-requests`…); a count the sizing chooses (`--workers`, `--threads`…) is refused.
 */
export function sizingServerFrom(i: Input): SizingServerInput | undefined {
  const given = SIZE_SERVER_OPTIONS.map((o) => o.flag).filter(
    (f) => i[f] !== undefined && f !== "gil",
  );
  if (i.server === undefined) {
    const stray = given.find((f) => f !== "preload" && f !== "app");
    if (stray !== undefined)
      throw new UsageError(`--${stray} is a server's setting: give --server too`);
    return undefined;
  }
  const { gil: _gil, ...rest } = i; // the sizing's own --gil, not a server setting
  const settings = serverDeploymentFrom(rest, given) as unknown as Record<string, unknown>;
  const spec = SERVERS[settings.server as ServerName];
  const sized = sizedSettings(spec);
  const chosen = spec.settings.filter((s) => sized.includes(s.field));
  const fixed = chosen.find((s) => settings[s.field] !== undefined);
  if (fixed !== undefined) {
    const kept = spec.settings.filter((s) => !chosen.includes(s)).map((s) => `--${s.cliFlag}`);
    throw new UsageError(
      `--${fixed.cliFlag} is what size chooses: leave it out (${spec.name} keeps ${kept.join(", ") || "no other setting"})`,
    );
  }
  return {
    ...settings,
    server: spec.name,
    ...(i.app === undefined ? {} : { app: String(i.app) }),
  } as SizingServerInput;
}

/** `--gil`, passed on to be checked. */
export const gilFrom = (i: Input): { gil?: GilMode } =>
  i.gil === undefined ? {} : { gil: i.gil as GilMode };
