-- POST /predict, cycling through six Iris rows (two per class). The requests are formatted once,
-- in init, so wrk spends its CPU on the socket, not on Lua.
local rows = {
  "[5.1,3.5,1.4,0.2]", "[4.9,3.0,1.4,0.2]",
  "[5.9,3.0,4.2,1.5]", "[6.3,3.3,4.7,1.6]",
  "[6.7,3.0,5.2,2.3]", "[6.3,2.5,5.0,1.9]",
}
local requests = {}
local next = 1

function init(args)
  for i, row in ipairs(rows) do
    requests[i] = wrk.format("POST", "/predict", { ["Content-Type"] = "application/json" },
      '{"features":' .. row .. '}')
  end
end

function request()
  local r = requests[next]
  next = next % #requests + 1
  return r
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
