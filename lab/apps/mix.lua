-- wrk script of the real-application grid (lab/apps/run.mjs): a closed loop over the shop's
-- endpoints mixed by weight, with raw per-request latencies. Each request carries
-- "X-Sent: <send time> <endpoint>", which the applications echo (shop/echo.py, instrument.py);
-- the response is paired with it (uvicorn's h11 sends the name in lower case), so latencies are measured, not wrk's "corrected" ones.
-- Environment:
--   LAB_MIX   weights, "list:20,detail:65,order:10,health:5"
--   LAB_HOT   detail ids: this share (percent) goes to products 1..500, the rest to 1..5000
--   LAB_SEED  the random generator's seed (a run's repetition)
--   LAB_OUT   where done() writes one line per response: "<endpoint> <status> <latency s> <end s>"
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
  thread:set("id", #threads)
end

local names, cumulative, total = {}, {}, 0
for name, weight in string.gmatch(os.getenv("LAB_MIX") or "list:20,detail:65,order:10,health:5", "(%a+):(%d+)") do
  total = total + tonumber(weight)
  table.insert(names, name)
  table.insert(cumulative, total)
end
local hot = tonumber(os.getenv("LAB_HOT") or "80")

lines = {}
local n, orders = 0, 0

function init(args)
  math.randomseed(tonumber(os.getenv("LAB_SEED") or "1") * 1000 + (id or 1))
end

local function pick()
  local r = math.random() * total
  for i, c in ipairs(cumulative) do
    if r < c then return names[i] end
  end
  return names[#names]
end

local headers = { ["Content-Type"] = "application/json" }
function request()
  local name = pick()
  headers["X-Sent"] = string.format("%.9f %s", now(), name)
  if name == "list" then
    return wrk.format("GET", string.format("/products/?page=%d", math.random(1, 10)), headers)
  elseif name == "detail" then
    local id = math.random() * 100 < hot and math.random(1, 500) or math.random(1, 5000)
    return wrk.format("GET", string.format("/products/%d/", id), headers)
  elseif name == "order" then
    orders = orders + 1
    local body = string.format('{"product_id": %d, "quantity": 1, "customer": "wrk%d"}', math.random(1, 5000), orders)
    return wrk.format("POST", "/orders/", headers, body)
  end
  return wrk.format("GET", "/health", headers)
end

function response(status, headers, body)
  local t = now()
  local sent, name = string.match(headers["X-Sent"] or headers["x-sent"] or "", "^(%S+) (%a+)$")
  n = n + 1
  if sent then
    lines[n] = string.format("%s %d %.6f %.6f", name, status, t - tonumber(sent), t)
  else
    lines[n] = string.format("unpaired %d 0 %.6f", status, t)
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("LAB_OUT") or "/dev/stdout", "w"))
  for _, thread in ipairs(threads) do
    local l = thread:get("lines")
    for i = 1, #l do out:write(l[i], "\n") end
  end
  local e = summary.errors
  out:write(string.format("errors %d %d %d %d %d\n", e.connect, e.read, e.write, e.status, e.timeout))
  out:close()
end
