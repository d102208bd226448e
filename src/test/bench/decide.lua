-- wrk script: POST /v1/decide with a unique commandId per request (a repeated id would be an
-- idempotent replay, not a decision), a realistic envelope, and p99.9 in the summary.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  run = tostring(os.time())
  auth = "Bearer " .. (os.getenv("ARBITER_TOKEN") or "")
end

-- MARKETS / CHANNELS (comma-separated) narrow the mix: http-signals.sh sends EU web orders, which
-- the bundled adaptive table decides on two signals.
local function list(env, default)
  local out = {}
  for item in string.gmatch(os.getenv(env) or default, "[^,]+") do
    table.insert(out, item)
  end
  return out
end
-- DECIDE_PATH: where to decide (http-signals.sh pins a revision: /v1/decide?revision=N).
local path = os.getenv("DECIDE_PATH") or "/v1/decide"
local markets = list("MARKETS", "EU,US,JP,UK")
local channels = list("CHANNELS", "web,store,marketplace")

function request()
  counter = counter + 1
  local body = string.format(
    '{"commandId":"bench-%s-%d-%d","type":"PlaceOrder","businessKey":"order-%d","tenant":"acme",' ..
    '"market":"%s","channel":"%s","attributes":{"giftWrap":"no"},"correlationId":"corr-%d"}',
    run, thread_id, counter, counter, markets[counter % #markets + 1], channels[counter % #channels + 1], counter)
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = auth}, body)
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  non-2xx %d  errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
