-- one check-in per request, each with its own Idempotency-Key, each on a connection of its own (Connection: close)
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  token = os.getenv("TOKEN")
  org = os.getenv("ORG")
  prefix = os.getenv("PREFIX") or "k"
end
function request()
  counter = counter + 1
  local body = '{"visitedOrgId":' .. org .. ',"location":{"lat":33.437,"lng":113.609,"accuracy":12}}'
  return wrk.format("POST", "/api/v1/visits", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. tid .. "-" .. counter, ["Connection"] = "close"
  }, body)
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do io.write("status " .. k .. ": " .. v .. "\n") end
  end
end
