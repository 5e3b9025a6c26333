// The services the real applications (lab/apps/) need, started by the lab under a temporary
// directory the caller gives and removed by their stop(): a PostgreSQL 15 cluster on 127.0.0.1
// with the shop's schema and seed (schema.sql) and pg_stat_statements, and a memcached.
// Neither is the system's service: both listen on free ports that the lab picks.
//
//   node lab/apps/services.mjs --check        starts both, queries each, stops both (at most 60 s)
//   node lab/apps/services.mjs --serve [SEC]  starts both, prints the environment the applications
//                                             take, stops both on Ctrl-C, SIGTERM or after SEC
//                                             seconds (default 600): for running an app by hand
import { spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopEverything, stopOnSignals, track } from "./live.mjs";

const APPS = dirname(fileURLToPath(import.meta.url));
const PG_BIN = "/usr/lib/postgresql/15/bin";
const DATABASE = "shop";
const PG_USER = "lab";
const isRoot = process.getuid?.() === 0;

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A port nobody listens on at this moment (the kernel's choice for port 0).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs a command to its end (30 s at most); resolves with its output, or throws with it. Not
 * spawnSync: the callers' deadlines must be able to fire while it runs.
 * @param {string} command
 * @param {string[]} args
 * @param {{ asPostgres?: boolean; input?: string }} [options]
 * @returns {Promise<string>}
 */
function run(command, args, { asPostgres = false, input } = {}) {
  // initdb and postgres refuse to run as root: as root they run as the postgres system user.
  const [cmd, argv] =
    asPostgres && isRoot
      ? ["runuser", ["-u", "postgres", "--", command, ...args]]
      : [command, args];
  return new Promise((resolve, reject) => {
    const stdin = input === undefined ? "ignore" : "pipe";
    const child = spawn(cmd, argv, { stdio: [stdin, "pipe", "pipe"], timeout: 30_000 });
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr?.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(`${command} ${args.join(" ")} failed (${code ?? signal}): ${err}${out}`),
          ),
    );
    // A command that fails early closes its input: its exit status tells why, not EPIPE.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

/**
 * @typedef {object} Postgres
 * @property {string} host
 * @property {number} port
 * @property {string} database
 * @property {string} user
 * @property {string} dsn       libpq / asyncpg URL, e.g. postgresql://lab@127.0.0.1:5433/shop
 * @property {Record<string, string>} env  PGHOST, PGPORT, PGDATABASE, PGUSER for the applications
 * @property {(sql: string) => Promise<string>} query  runs SQL with psql: its unaligned output
 * @property {() => Promise<void>} stop  stops the cluster and removes its files
 */

/**
 * Creates and starts a PostgreSQL 15 cluster in `<dir>/pg`, with trust authentication on
 * 127.0.0.1 only, the database "shop" loaded from schema.sql and pg_stat_statements.
 * @param {string} dir  a directory the caller owns; as root it is opened to the postgres user
 * @returns {Promise<Postgres>}
 */
export async function startPostgres(dir) {
  const base = join(dir, "pg");
  const data = join(base, "data");
  mkdirSync(base, { recursive: true });
  // From here on there are files to remove, and soon a server to stop.
  const stop = track(async () => {
    // pg_ctl's postmaster has left our process tree: stop it by its data directory, and if it
    // does not go, by the pid it wrote.
    try {
      await run(`${PG_BIN}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "-t", "20", "stop"], {
        asPostgres: true,
      });
    } catch {
      try {
        const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
        if (pid > 0) process.kill(pid, "SIGKILL");
        await sleep(200);
      } catch {}
    }
    rmSync(base, { recursive: true, force: true });
  });
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${base}`,
    "-c listen_addresses=127.0.0.1",
    "-c shared_preload_libraries=pg_stat_statements",
    // Room for gevent workers, which open a connection per greenlet (100 is the default).
    "-c max_connections=300",
  ].join(" ");
  try {
    if (isRoot) {
      // The postgres user must reach <dir>/pg: open the caller's directory for traversal.
      chmodSync(dir, 0o711);
      const uid = Number((await run("id", ["-u", "postgres"])).trim());
      const gid = Number((await run("id", ["-g", "postgres"])).trim());
      chownSync(base, uid, gid);
    }
    await run(
      `${PG_BIN}/initdb`,
      ["-D", data, "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
      { asPostgres: true },
    );
    await run(
      `${PG_BIN}/pg_ctl`,
      ["-D", data, "-l", join(base, "server.log"), "-w", "-t", "30", "-o", options, "start"],
      { asPostgres: true },
    );
    /** @param {string} database @param {string[]} args @param {string} [input] */
    const psql = (database, args, input) =>
      run(
        `${PG_BIN}/psql`,
        ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port)]
          .concat(["-U", PG_USER, "-d", database, "-A", "-t"])
          .concat(args),
        input === undefined ? {} : { input },
      );
    await psql("postgres", ["-c", `CREATE DATABASE ${DATABASE}`]);
    await psql(DATABASE, ["-c", "CREATE EXTENSION pg_stat_statements"]);
    await psql(DATABASE, [], readFileSync(join(APPS, "schema.sql"), "utf8"));
    // The seed's own statements are not the applications' work: start their statistics at zero.
    await psql(DATABASE, ["-c", "SELECT pg_stat_statements_reset()"]);
    return {
      host: "127.0.0.1",
      port,
      database: DATABASE,
      user: PG_USER,
      dsn: `postgresql://${PG_USER}@127.0.0.1:${port}/${DATABASE}`,
      env: { PGHOST: "127.0.0.1", PGPORT: String(port), PGDATABASE: DATABASE, PGUSER: PG_USER },
      query: (sql) => psql(DATABASE, ["-c", sql]),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * @typedef {object} Memcached
 * @property {string} host
 * @property {number} port
 * @property {string} address  "127.0.0.1:PORT", as the applications' MEMCACHED variable takes it
 * @property {Record<string, string>} env  MEMCACHED for the applications
 * @property {number} pid
 * @property {() => Promise<void>} stop  stops memcached and removes its log
 */

/**
 * Starts memcached on a free 127.0.0.1 port (TCP only), logging to `<dir>/memcached.log`.
 * @param {string} dir
 * @param {{ megabytes?: number }} [options]
 * @returns {Promise<Memcached>}
 */
export async function startMemcached(dir, { megabytes = 64 } = {}) {
  const port = await freePort();
  const log = join(dir, "memcached.log");
  const args = ["-l", "127.0.0.1", "-p", String(port), "-U", "0", "-m", String(megabytes)];
  if (isRoot) args.push("-u", "nobody"); // memcached refuses to run as root without -u
  const fd = openSync(log, "a");
  const child = spawn("memcached", args, { detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const stop = track(async () => {
    try {
      process.kill(/** @type {number} */ (child.pid), "SIGTERM");
    } catch {}
    for (let i = 0; i < 40 && child.exitCode === null && child.signalCode === null; i++)
      await sleep(50);
    try {
      process.kill(/** @type {number} */ (child.pid), "SIGKILL");
    } catch {}
    rmSync(log, { force: true });
  });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if (await memcachedCommand(port, "version\r\n").catch(() => undefined))
      return {
        host: "127.0.0.1",
        port,
        address: `127.0.0.1:${port}`,
        env: { MEMCACHED: `127.0.0.1:${port}` },
        pid: /** @type {number} */ (child.pid),
        stop,
      };
    await sleep(50);
  }
  const output = readFileSync(log, "utf8");
  await stop();
  throw new Error(`memcached did not start on port ${port}: ${output}`);
}

/**
 * Sends one text-protocol command to memcached; resolves with the reply up to its last line
 * (a line of END, STORED, VERSION …, ERROR …).
 * @param {number} port
 * @param {string} command
 * @returns {Promise<string>}
 */
export function memcachedCommand(port, command) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("memcached timed out")));
    socket.on("error", reject);
    socket.on("connect", () => socket.write(command));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (
        /(^|\r\n)(END|STORED|NOT_STORED|DELETED|NOT_FOUND|VERSION [^\r]*|\w*ERROR[^\r]*)\r\n$/.test(
          reply,
        )
      ) {
        socket.end();
        resolve(reply);
      }
    });
  });
}

/** Starts both services, uses each once, stops both, and says what it did. */
async function check() {
  const dir = mkdtempSync(join(tmpdir(), "pywebperf-services-"));
  const stopAll = async () => {
    await stopEverything();
    rmSync(dir, { recursive: true, force: true });
  };
  stopOnSignals(() => rmSync(dir, { recursive: true, force: true }));
  // Whatever happens, nothing outlives 60 s: stop everything and fail.
  const deadline = setTimeout(async () => {
    console.error("services --check: 60 s passed, stopping everything");
    await stopAll();
    process.exit(1);
  }, 60_000);
  try {
    let t = Date.now();
    const pg = await startPostgres(dir);
    console.log(`postgres: started on ${pg.dsn} in ${Date.now() - t} ms`);
    const counts = (
      await pg.query(
        "SELECT (SELECT count(*) FROM categories), (SELECT count(*) FROM authors), " +
          "(SELECT count(*) FROM products), (SELECT count(*) FROM orders)",
      )
    ).trim();
    console.log(`postgres: categories|authors|products|orders = ${counts}`);
    const statements = (await pg.query("SELECT count(*) FROM pg_stat_statements")).trim();
    console.log(`postgres: pg_stat_statements answers (${statements} statements recorded)`);
    t = Date.now();
    const mc = await startMemcached(dir);
    console.log(`memcached: started on ${mc.address} in ${Date.now() - t} ms`);
    const stored = await memcachedCommand(mc.port, "set check 0 60 5\r\nhello\r\n");
    const got = await memcachedCommand(mc.port, "get check\r\n");
    console.log(`memcached: set -> ${stored.trim()}, get -> ${JSON.stringify(got.trim())}`);
    if (!counts.startsWith("20|400|5000|") || !got.includes("hello"))
      throw new Error("unexpected answers");
    await stopAll();
    console.log("stopped both, removed", dir);
  } catch (e) {
    await stopAll();
    throw e;
  } finally {
    clearTimeout(deadline);
  }
}

/**
 * Starts both services and keeps them until a signal or `seconds` pass.
 * @param {number} seconds
 */
async function serve(seconds) {
  const dir = mkdtempSync(join(tmpdir(), "pywebperf-services-"));
  const stopAll = async () => {
    await stopEverything();
    rmSync(dir, { recursive: true, force: true });
  };
  const [pg, mc] = await startPostgres(dir)
    .then(async (pg) => /** @type {const} */ ([pg, await startMemcached(dir)]))
    .catch(async (e) => {
      await stopAll();
      throw e;
    });
  const env = { ...pg.env, ...mc.env };
  console.log(
    Object.entries(env)
      .map(([k, v]) => `export ${k}=${v}`)
      .join("\n"),
  );
  console.error(`# services up for ${seconds} s (Ctrl-C stops them); DSN ${pg.dsn}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    console.error("# services stopped");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  setTimeout(stop, seconds * 1000);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const serveAt = process.argv.indexOf("--serve");
  const main = process.argv.includes("--check")
    ? check()
    : serveAt > 0
      ? serve(Number(process.argv[serveAt + 1] ?? 600) || 600)
      : Promise.reject(new Error("usage: node lab/apps/services.mjs --check | --serve [seconds]"));
  main.catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
