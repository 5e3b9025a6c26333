import { ModelInputError } from "../errors.js";
import { assertKnownFields, assertNonNegative, assertObject, assertPositive } from "../validate.js";

/**
 * One row of PostgreSQL's `pg_stat_statements` over a measured window (the view reset at its
 * start, or the difference of two reads), in the view's own column names.
 */
export interface PgStatementRow {
  /** The statement's normalized text (`query`). */
  query: string;
  /** Times it ran (`calls`). */
  calls: number;
  /** Milliseconds spent executing it, all calls together (`total_exec_time`). */
  total_exec_time: number;
}

/** Input of {@link fitDatabaseTier}. */
export interface FitDatabaseTierInput {
  /** `pg_stat_statements` over the window. */
  statements: PgStatementRow[];
  /** Requests the application answered in the same window. */
  requests: number;
  /**
   * CPU seconds PostgreSQL's processes used in the window (the postmaster's and backends'
   * utime + stime from /proc, or `process_cpu_seconds_total` of a postgres exporter). Without
   * it, a query's CPU is taken to be its execution time.
   */
  cpuSec?: number;
}

/** A statement's share of a request. */
export interface FittedStatement {
  query: string;
  callsPerRequest: number;
  /** Mean execution time of a call, seconds. */
  execTimeSec: number;
  /** Whether it runs on the primary only (a write or transaction control). */
  write: boolean;
}

/** Result of {@link fitDatabaseTier}: the fields of a stack's `database` tier and how they were found. */
export interface FittedDatabaseTier {
  /** Statements per request (`queriesPerRequest`), transaction control included. */
  queriesPerRequest: number;
  /** Share of them that must run on the primary (`writeFraction`). */
  writeFraction: number;
  /** PostgreSQL's CPU per statement, seconds (`cpuTimeSec`). */
  cpuTimeSec: number;
  /** Time a statement spends executing off the cores (waits for I/O and locks), seconds (`nonCpuTimeSec`). */
  nonCpuTimeSec: number;
  /** Mean execution time of a statement, seconds (`total_exec_time` ÷ `calls`). */
  execTimeSec: number;
  /** CPU per statement outside its execution (parsing, the protocol, the backend's sockets), seconds; 0 without `cpuSec`. */
  overheadCpuSecPerQuery: number;
  /** Each statement, busiest first. */
  statements: FittedStatement[];
}

/** Statements that must run on the primary: writes, locks and transaction control. */
const WRITE =
  /^\s*(insert|update|delete|merge|begin|commit|rollback|savepoint|release|start|end|lock|select\b[\s\S]*\bfor\s+(update|share))/i;

/**
 * A stack's database tier from what PostgreSQL records: statements per request from
 * `pg_stat_statements`' calls, the share that must run on the primary (writes, row locks and
 * transaction control, by the statement's text), and the CPU per statement by the utilization
 * law — PostgreSQL's CPU over the window ÷ its statements (Lazowska et al., _Quantitative System
 * Performance_, 1984, §3.2). The part of that CPU outside execution (parsing, the wire protocol)
 * is reported apart; execution time beyond the CPU per statement is waiting (`nonCpuTimeSec`),
 * which the app sees as a delay that loads no core.
 *
 * @param input - The statements over the window, the requests answered in it, PostgreSQL's CPU.
 * @returns The tier's `queriesPerRequest`, `writeFraction`, `cpuTimeSec` and `nonCpuTimeSec`.
 * @throws {@link ModelInputError} naming the field, e.g. `statements[2].calls`.
 * @example
 * ```ts
 * const db = fitDatabaseTier({
 *   statements: [
 *     { query: "SELECT * FROM products WHERE id = $1", calls: 800, total_exec_time: 40 },
 *     { query: "UPDATE products SET stock = stock - $1 WHERE id = $2", calls: 200, total_exec_time: 20 },
 *   ],
 *   requests: 1000,
 *   cpuSec: 0.2,
 * });
 * db.queriesPerRequest; // => 1
 * db.writeFraction; // => 0.2
 * db.cpuTimeSec; // => 0.0002
 * db.overheadCpuSecPerQuery; // => 0.00014
 * ```
 */
export function fitDatabaseTier(input: FitDatabaseTierInput): FittedDatabaseTier {
  const model = "fitDatabaseTier";
  const o = assertObject(model, input, "input", ["statements", "requests", "cpuSec"]);
  const requests = assertPositive(model, "requests", o.requests);
  if (!Array.isArray(o.statements) || o.statements.length === 0) {
    throw new ModelInputError(model, "statements", o.statements, "a non-empty array of rows");
  }
  const rows = (o.statements as unknown[]).map((value, i) => {
    const field = `statements[${i}]`;
    const row = assertObject(model, value, field);
    assertKnownFields(model, row, ["query", "calls", "total_exec_time"], field);
    if (typeof row.query !== "string") {
      throw new ModelInputError(model, `${field}.query`, row.query, "the statement's text");
    }
    return {
      query: row.query,
      calls: assertNonNegative(model, `${field}.calls`, row.calls),
      execSec: assertNonNegative(model, `${field}.total_exec_time`, row.total_exec_time) / 1000,
    };
  });
  const calls = rows.reduce((a, r) => a + r.calls, 0);
  if (!(calls > 0)) {
    throw new ModelInputError(model, "statements", calls, "rows with at least one call");
  }
  const execSec = rows.reduce((a, r) => a + r.execSec, 0);
  const execTimeSec = execSec / calls;
  const cpuTimeSec =
    o.cpuSec === undefined ? execTimeSec : assertNonNegative(model, "cpuSec", o.cpuSec) / calls;
  const writes = rows.filter((r) => WRITE.test(r.query)).reduce((a, r) => a + r.calls, 0);
  return {
    queriesPerRequest: calls / requests,
    writeFraction: writes / calls,
    cpuTimeSec,
    nonCpuTimeSec: Math.max(0, execTimeSec - cpuTimeSec),
    execTimeSec,
    overheadCpuSecPerQuery: o.cpuSec === undefined ? 0 : Math.max(0, cpuTimeSec - execTimeSec),
    statements: rows
      .map((r) => ({
        query: r.query,
        callsPerRequest: r.calls / requests,
        execTimeSec: r.calls > 0 ? r.execSec / r.calls : 0,
        write: WRITE.test(r.query),
      }))
      .sort((a, b) => b.callsPerRequest * b.execTimeSec - a.callsPerRequest * a.execTimeSec),
  };
}
