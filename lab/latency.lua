-- wrk script of the lab: sends GET <path> with an X-Sent header holding the send time, and
-- records for every response the raw latency (receive time minus the echoed send time, from
-- CLOCK_MONOTONIC through LuaJIT's FFI) and the worker process that served it. wrk's own
-- latency statistics are not used: wrk 4 "corrects" them by adding synthetic samples when a
-- request takes more than twice the mean. At the end it writes one line per request to the file
-- named by the LAB_OUT environment variable:
--   "<latency s> <worker pid> <completion time s> <app wall time s> <app CPU s> <client port>".
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } timespec_t;
  int clock_gettime(int clk_id, timespec_t *tp);
]]
local ts = ffi.new("timespec_t")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local path = os.getenv("LAB_PATH") or "/work"
latencies = {}
workers = {}
finished = {}
walls = {}
cpus = {}
ports = {}
local n = 0

function request()
  return wrk.format("GET", path, { ["X-Sent"] = string.format("%.9f", now()) })
end

-- A response header by its name as WSGI servers send it or in lower case (uvicorn's h11).
local function header(headers, name)
  return headers[name] or headers[string.lower(name)]
end

function response(status, headers, body)
  local t = now()
  local sent = tonumber(header(headers, "X-Sent") or "")
  if status == 200 and sent then
    n = n + 1
    latencies[n] = t - sent
    workers[n] = header(headers, "X-Worker") or "?"
    finished[n] = t
    walls[n] = tonumber(header(headers, "X-Wall") or "") or 0
    cpus[n] = tonumber(header(headers, "X-Cpu") or "") or 0
    ports[n] = header(headers, "X-Port") or "?"
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("LAB_OUT") or "/dev/stdout", "w"))
  for _, thread in ipairs(threads) do
    local l = thread:get("latencies")
    local w = thread:get("workers")
    local f = thread:get("finished")
    local wall = thread:get("walls")
    local cpu = thread:get("cpus")
    local port = thread:get("ports")
    for i = 1, #l do
      out:write(string.format("%.9f %s %.6f %.6f %.6f %s\n", l[i], w[i], f[i], wall[i], cpu[i], port[i]))
    end
  end
  out:close()
end
