#!/usr/bin/env bash
# HTTP benchmark of what signals cost decide: POST /v1/decide of EU web orders against two stored
# revisions, each pinned (?revision=N, so both take the same path): the bundled rule set, whose
# adaptive table (decision-tables/25-adaptive-fulfilment.drl.csv) has three rows that match EU web
# orders and test two signals (inventory-confidence.EU, fulfillment-planner.backlogged), and the
# same rule set without that table. With the signals healthy neither table's rows win, so both
# revisions route every order alike (checked); the difference is the adaptive table — its three rows
# matched, the signals read, tested and recorded — an upper bound on what signals cost. Same server,
# same run, alternating windows (A B, B A, …) so the machine's drift reaches both alike. The signals
# are pushed fresh before every window. Load: wrk, 2 threads / 16 connections.
# Usage: src/test/bench/http-signals.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../../.."
WINDOW=${WINDOW:-20s}
ROUNDS=${ROUNDS:-3}     # each round one window of each, their order swapped round to round
WARMUP=${WARMUP:-60s}   # the decide path needs about a minute of load before the JIT settles on 2 cores

source src/test/bench/service.sh
WRITER_TOKEN=$(java -cp "$CP" io.arbiter.bench.BenchToken signal-writer 2>/dev/null)
ANALYST_TOKEN=$(java -cp "$CP" io.arbiter.bench.BenchToken analyst 2>/dev/null)

push_signals() {
  local now
  now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
  curl -sf -XPUT -H "Authorization: Bearer $WRITER_TOKEN" -H 'content-type: application/json' \
    "$BASE/v1/signals/inventory-confidence.EU" -d "{\"value\": \"HIGH\", \"observedAt\": \"$now\"}" >/dev/null
  # The planner's lag; fulfillment-planner.backlogged is the latch derived from it (false below 1000).
  curl -sf -XPUT -H "Authorization: Bearer $WRITER_TOKEN" -H 'content-type: application/json' \
    "$BASE/v1/signals/fulfillment-planner.lag" -d "{\"value\": 300, \"observedAt\": \"$now\"}" >/dev/null
}
decide_once() {
  curl -sf -XPOST -H "Authorization: Bearer $ARBITER_TOKEN" -H 'content-type: application/json' "$BASE/v1/decide?revision=$1" \
    -d "{\"commandId\":\"probe-$1-$(date +%s%N)\",\"type\":\"PlaceOrder\",\"businessKey\":\"order-1\",\"tenant\":\"acme\",\"market\":\"EU\",\"channel\":\"web\"}"
}

# Revision 1 is the bundled rule set; revision 2 the same without the adaptive table (a draft: pinning needs no activation).
WITH=1
WITHOUT=$(curl -sf -H "Authorization: Bearer $ANALYST_TOKEN" -F remove=25-adaptive-fulfilment.drl.csv -F note="bench: no signals" \
  "$BASE/v1/rulesets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')

push_signals
echo "== signals as decide reads them"
curl -sf -H "Authorization: Bearer $WRITER_TOKEN" "$BASE/v1/signals" || true
echo
echo "== one EU web order with revision $WITH (reads the signals) and one with revision $WITHOUT (reads none)"
decide_once "$WITH"; echo
decide_once "$WITHOUT"; echo
python3 - "$(decide_once "$WITH")" "$(decide_once "$WITHOUT")" <<'PY'
import json, sys
a, b = (json.loads(x) for x in sys.argv[1:])
same = all(a.get(k) == b.get(k) for k in ("outcome", "owner", "implementation", "mode"))
print("both revisions route EU web orders alike:", same)
if not same:
    sys.exit("the revisions decide differently: the comparison would not be of signals alone")
PY

echo "== load before: $(uptime)"
echo "warming up (JIT) ..."
push_signals
DECIDE_PATH="/v1/decide?revision=$WITH" MARKETS=EU CHANNELS=web wrk -t2 -c16 -d"$WARMUP" -s src/test/bench/decide.lua "$BASE" >/dev/null
for ROUND in $(seq "$ROUNDS"); do
  ORDER="WITH WITHOUT"; [ $((ROUND % 2)) -eq 0 ] && ORDER="WITHOUT WITH"
  for VARIANT in $ORDER; do
    push_signals
    echo "== round $ROUND, EU web orders, revision ${!VARIANT} ($VARIANT signals)"
    DECIDE_PATH="/v1/decide?revision=${!VARIANT}" MARKETS=EU CHANNELS=web \
      wrk -t2 -c16 -d"$WINDOW" -s src/test/bench/decide.lua "$BASE" | tee "$DATA/$VARIANT-$ROUND.txt"
  done
done
echo "== load after: $(uptime)"
echo "== signals after the run"
curl -sf -H "Authorization: Bearer $WRITER_TOKEN" "$BASE/v1/signals" || true
echo
echo "== summary (median over the rounds)"
python3 - "$DATA" "$ROUNDS" <<'PY'
import re, statistics, sys
data, rounds = sys.argv[1], int(sys.argv[2])
def figures(market):
    out = []
    for r in range(1, rounds + 1):
        text = open(f"{data}/{market}-{r}.txt").read()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
        p50, p99 = map(float, re.search(r"p50 ([\d.]+) ms  p99 ([\d.]+) ms", text).groups())
        non2xx = int(re.search(r"non-2xx (\d+)", text).group(1))
        out.append((rps, p50, p99, non2xx))
    return out
eu, us = figures("WITH"), figures("WITHOUT")
for name, f in (("with the adaptive table, 2 signals", eu), ("without it, no signal", us)):
    print(f"{name}: req/s {[round(x[0]) for x in f]} median {statistics.median(x[0] for x in f):,.0f};"
          f" p50 median {statistics.median(x[1] for x in f):.2f} ms; p99 median {statistics.median(x[2] for x in f):.2f} ms;"
          f" non-2xx {sum(x[3] for x in f)}")
ratios = [e[0] / u[0] for e, u in zip(eu, us)]
print(f"with / without req/s, round by round: {[round(r, 3) for r in ratios]}, median {statistics.median(ratios):.3f}")
PY
