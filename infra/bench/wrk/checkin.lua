-- one check-in per request, each with its own Idempotency-Key. CHECK_OUT=1: each check-in's visit is then
-- checked out with one need heard (a thread's connections share its Lua state: a check-in's answer queues its
-- visit, the thread's next request checks the oldest queued one out). CONNECTION_CLOSE=1: every request on a
-- connection of its own, as separate phones, without Gatling.
local counter = 0
local thread_id = 0
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
  check_out = os.getenv("CHECK_OUT") == "1"
  close = os.getenv("CONNECTION_CLOSE") == "1"
end
local function post(path, body)
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. tid .. "-" .. counter
  }
  if close then headers["Connection"] = "close" end
  return wrk.format("POST", path, headers, body)
end
function request()
  local visit = table.remove(open, 1)
  if visit then
    return post("/api/v1/visits/" .. visit .. "/check-out",
      '{"location":{"lat":33.4372,"lng":113.6091,"accuracy":10},"peopleMet":5,"needs":["村里缺少篮球场"],"resolved":[]}')
  end
  return post("/api/v1/visits", '{"visitedOrgId":' .. org .. ',"location":{"lat":33.437,"lng":113.609,"accuracy":12}}')
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if check_out and status == 201 then
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
