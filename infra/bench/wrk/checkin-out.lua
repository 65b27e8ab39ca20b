-- a cadre's visit: a check-in, then its check-out with one need heard, each with its own Idempotency-Key
-- (probe-checkins.sh with PROBE_SCRIPT=checkin-out.lua). A thread's connections share its Lua state: each
-- check-in's answer queues its visit, and the next request the thread sends checks the oldest queued one out.
local counter = 0
local threads = {}
local open = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  token = os.getenv("TOKEN")
  org = os.getenv("ORG")
  prefix = os.getenv("PREFIX") or "k"
end
local function send(path, body)
  counter = counter + 1
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. tid .. "-" .. counter
  }, body)
end
function request()
  local visit = table.remove(open, 1)
  if visit then
    return send("/api/v1/visits/" .. visit .. "/check-out",
      '{"location":{"lat":33.4372,"lng":113.6091,"accuracy":10},"peopleMet":5,"needs":["村里缺少篮球场"],"resolved":[]}')
  end
  return send("/api/v1/visits", '{"visitedOrgId":' .. org .. ',"location":{"lat":33.437,"lng":113.609,"accuracy":12}}')
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    local id = string.match(body, '^{"id":(%d+)')
    if id then table.insert(open, id) end
  end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do io.write("status " .. k .. ": " .. v .. "\n") end
  end
end
