-- keep-alive GETs of one path (run.sh's keep-alive stage) with the token in TOKEN
function init(args)
  token = os.getenv("TOKEN")
end
function request()
  return wrk.format("GET", os.getenv("WRK_PATH"), { ["Authorization"] = "Bearer " .. token })
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
