-- probe-floor.sh: keep-alive requests to the floor app, WRK_METHOD (GET or POST) of WRK_PATH; a POST carries a
-- check-in's body. Each wrk connection is its own user (X-User), as the check-in probe's one cadre is not: the
-- floor's read then finds that connection's own last row.
local conn = 0
function setup(thread)
  conn = conn + 1
  thread:set("user", conn)
end
function init(args)
  method = os.getenv("WRK_METHOD") or "GET"
  path = os.getenv("WRK_PATH")
end
function request()
  if method == "POST" then
    return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["X-User"] = tostring(user) },
      '{"visitedOrgId":41,"location":{"lat":33.437,"lng":113.609,"accuracy":12}}')
  end
  return wrk.format("GET", path, { ["X-User"] = tostring(user) })
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
