-- POST /predict-batch with ROWS rows (env, default 1000), cycling through the six rows of predict.lua.
local rows = {
  "[5.1,3.5,1.4,0.2]", "[4.9,3.0,1.4,0.2]",
  "[5.9,3.0,4.2,1.5]", "[6.3,3.3,4.7,1.6]",
  "[6.7,3.0,5.2,2.3]", "[6.3,2.5,5.0,1.9]",
}
local n = tonumber(os.getenv("ROWS") or "1000")
local parts = {}
for i = 1, n do
  parts[i] = rows[(i - 1) % #rows + 1]
end
wrk.method = "POST"
wrk.path = "/predict-batch"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"rows":[' .. table.concat(parts, ",") .. ']}'

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
  io.write(string.format("rows/s: %.0f\n", summary.requests / (summary.duration / 1e6) * n))
end
