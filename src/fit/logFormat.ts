/**
 * Access-log formats in the servers' own words: a gunicorn `--access-logformat` string
 * (`%(h)s … %(D)s`), an Apache `LogFormat` string (`%h … %D`) or an nginx `log_format` string
 * (`$remote_addr … $request_time`), compiled into a line reader. Internal to the access-log reader.
 */

/** The unit of a response-time atom, as units per second. */
interface TimeAtom {
  /** The atom as the server writes it, e.g. `%(D)s`. */
  name: string;
  unitsPerSecond: number;
  /** Finer atoms are preferred when a format has several: µs, then decimal seconds, ms, s. */
  rank: number;
}

/** What a compiled format reads from a line. */
export interface CompiledLogFormat {
  server: "gunicorn" | "apache" | "nginx";
  /** The response-time atom used (the finest the format has). */
  time: TimeAtom;
  /** Reads one line; undefined when it does not match the format. */
  read(line: string): ParsedLine | undefined;
}

/** The fields of one log line. */
export interface ParsedLine {
  /** `27/Nov/2026:03:08:02 +0000`, without brackets. */
  timestamp: string;
  responseTimeSec: number;
  status: number;
  method: string;
  path: string;
}

type Role = "time" | "timestamp" | "request" | "status" | "method" | "path" | "other";

interface Atom {
  pattern: string;
  role: Role;
  time?: TimeAtom;
}

const QUOTED = '[^"]*';
const WORD = "\\S+";
const TIMESTAMP = "\\[([^\\]]+)\\]";

const GUNICORN: Record<string, Atom> = {
  t: { pattern: TIMESTAMP, role: "timestamp" },
  r: { pattern: `(${QUOTED})`, role: "request" },
  s: { pattern: "(\\d{3})", role: "status" },
  m: { pattern: `(${WORD})`, role: "method" },
  U: { pattern: "(\\S*)", role: "path" },
  D: { pattern: "(\\d+)", role: "time", time: { name: "%(D)s", unitsPerSecond: 1e6, rank: 0 } },
  L: {
    pattern: "(\\d+\\.\\d+)",
    role: "time",
    time: { name: "%(L)s", unitsPerSecond: 1, rank: 1 },
  },
  M: { pattern: "(\\d+)", role: "time", time: { name: "%(M)s", unitsPerSecond: 1e3, rank: 2 } },
  T: { pattern: "(\\d+)", role: "time", time: { name: "%(T)s", unitsPerSecond: 1, rank: 3 } },
};

const APACHE: Record<string, Atom> = {
  t: { pattern: TIMESTAMP, role: "timestamp" },
  r: { pattern: `(${QUOTED})`, role: "request" },
  s: { pattern: "(\\d{3})", role: "status" },
  ">s": { pattern: "(\\d{3})", role: "status" },
  m: { pattern: `(${WORD})`, role: "method" },
  U: { pattern: "(\\S*)", role: "path" },
  D: { pattern: "(\\d+)", role: "time", time: { name: "%D", unitsPerSecond: 1e6, rank: 0 } },
  T: { pattern: "(\\d+)", role: "time", time: { name: "%T", unitsPerSecond: 1, rank: 3 } },
};

const NGINX: Record<string, Atom> = {
  time_local: { pattern: "([^\\]]+)", role: "timestamp" },
  request: { pattern: `(${QUOTED})`, role: "request" },
  status: { pattern: "(\\d{3})", role: "status" },
  request_method: { pattern: `(${WORD})`, role: "method" },
  uri: { pattern: "(\\S*)", role: "path" },
  request_time: {
    pattern: "(\\d+\\.\\d+)",
    role: "time",
    time: { name: "$request_time", unitsPerSecond: 1, rank: 1 },
  },
  // One time per upstream tried ("0.012, 0.034"); the last is the one that answered.
  upstream_response_time: {
    pattern: "((?:\\d+\\.\\d+, )*\\d+\\.\\d+)",
    role: "time",
    time: { name: "$upstream_response_time", unitsPerSecond: 1, rank: 2 },
  },
};

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The atoms of a format string and the literal text between them. */
function tokens(format: string): { server: CompiledLogFormat["server"]; parts: (string | Atom)[] } {
  const gunicorn = /%\((\{[^}]*\}[ioe]|\w)\)s/g;
  const apache = /%(>?[a-zA-Z]|\{[^}]*\}[a-zA-Z])/g;
  const nginx = /\$([a-z_]+)/g;
  const server = gunicorn.test(format) ? "gunicorn" : nginx.test(format) ? "nginx" : "apache";
  const [re, table] =
    server === "gunicorn"
      ? [gunicorn, GUNICORN]
      : server === "nginx"
        ? [nginx, NGINX]
        : [apache, APACHE];
  re.lastIndex = 0;
  const parts: (string | Atom)[] = [];
  let at = 0;
  for (const m of format.matchAll(re)) {
    parts.push(format.slice(at, m.index));
    const key = m[1] ?? "";
    // Any other atom: one word, or anything up to the next quote inside quotes.
    const quoted = format[(m.index ?? 0) - 1] === '"';
    parts.push(table[key] ?? { pattern: quoted ? QUOTED : WORD, role: "other" });
    at = (m.index ?? 0) + m[0].length;
  }
  parts.push(format.slice(at));
  return { server, parts };
}

/**
 * Compiles a server's log-format string into a reader of its lines, or says in words what is
 * missing (a response time, a timestamp, a status).
 */
export function compileLogFormat(format: string): CompiledLogFormat | string {
  const { server, parts } = tokens(format.replace(/\\"/g, '"'));
  const atoms = parts.filter((p): p is Atom => typeof p !== "string");
  const times = atoms.filter((a) => a.time !== undefined);
  if (times.length === 0) {
    return "no response-time atom (gunicorn %(D)s, %(L)s, %(M)s or %(T)s; Apache %D or %T; nginx $request_time or $upstream_response_time)";
  }
  if (!atoms.some((a) => a.role === "timestamp")) return "no timestamp (%(t)s, %t, $time_local)";
  if (!atoms.some((a) => a.role === "status")) return "no status (%(s)s, %>s, $status)";
  const time = times.reduce((best, a) => (a.time!.rank < best.time!.rank ? a : best));
  const roles: { role: Role; used: boolean }[] = [];
  let pattern = "^";
  for (const p of parts) {
    if (typeof p === "string") {
      pattern += escape(p).replace(/ +/g, "\\s+");
      continue;
    }
    if (p.role === "other") {
      pattern += p.pattern;
      continue;
    }
    roles.push({ role: p.role, used: p === time || p.role !== "time" });
    pattern += p.pattern; // each role atom has exactly one capturing group
  }
  const re = new RegExp(`${pattern}\\s*$`);
  return {
    server,
    time: time.time!,
    read(line) {
      const m = re.exec(line);
      if (!m) return undefined;
      const out: ParsedLine = {
        timestamp: "",
        responseTimeSec: NaN,
        status: 0,
        method: "",
        path: "",
      };
      roles.forEach(({ role, used }, i) => {
        const v = m[i + 1] ?? "";
        if (role === "timestamp") out.timestamp = v;
        else if (role === "status") out.status = Number(v);
        else if (role === "method") out.method = v;
        else if (role === "path") out.path = v.split("?")[0] ?? "";
        else if (role === "request") {
          const [method = "", target = ""] = v.split(" ");
          out.method ||= method;
          out.path ||= target.split("?")[0] ?? "";
        } else if (role === "time" && used) {
          const last = v.split(", ").at(-1) ?? "";
          out.responseTimeSec = Number(last) / time.time!.unitsPerSecond;
        }
      });
      return out;
    },
  };
}
