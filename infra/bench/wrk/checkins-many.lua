-- keep-alive check-ins by many cadres (run.sh's keep-alive stage): each request the next visitor of
-- visitors.csv (token, orgId, lat, lng) at their own village, each with its own Idempotency-Key
local visitors = {}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  local path = os.getenv("VISITORS")
  for line in io.lines(path) do
    local token, org, lat, lng = line:match("^([^,]+),([^,]+),([^,]+),([^,]+)$")
    if token and token ~= "token" then
      table.insert(visitors, {token = token, org = org, lat = lat, lng = lng})
    end
  end
  prefix = (os.getenv("PREFIX") or "k") .. tid
  counter = tid * 100003
end
function request()
  counter = counter + 1
  local v = visitors[(counter % #visitors) + 1]
  local body = '{"visitedOrgId":' .. v.org .. ',"location":{"lat":' .. v.lat .. ',"lng":' .. v.lng .. ',"accuracy":12}}'
  return wrk.format("POST", "/api/v1/visits", {
    ["Authorization"] = "Bearer " .. v.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. counter
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
