-- wrk script: POST /orders/ with a JSON order, each request for another product (1..5000), so
-- the writes spread over rows instead of queueing on one row's lock.
--   wrk -t1 -c4 -d3s -s lab/apps/post_order.lua http://127.0.0.1:PORT/orders/
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"product_id": %d, "quantity": 1, "customer": "wrk%d"}', 1 + (n * 97) % 5000, n)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
