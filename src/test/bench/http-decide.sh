#!/usr/bin/env bash
# HTTP benchmark of POST /v1/decide with the durable audit log on, against two baselines measured
# in the same run: the same server's cheapest JSON endpoint (the ceiling) and PostgreSQL's own
# COPY rate for the same rows. Load: wrk, 2 threads / 16 connections / 30 s, on loopback.
# Usage: src/test/bench/http-decide.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../../.."
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-60s}   # the decide path needs about a minute of load before the JIT settles on 2 cores

source src/test/bench/service.sh

echo "warming up (JIT) ..."
wrk -t2 -c16 -d10s "$BASE/v1/version" >/dev/null
wrk -t2 -c16 -d"$WARMUP" -s src/test/bench/decide.lua "$BASE" >/dev/null

echo "== ceiling: GET /v1/version (same server, event loop)"
wrk -t2 -c16 -d"$DURATION" -s src/test/bench/latency.lua "$BASE/v1/version" | tee "$DATA/ceiling.txt"

ROWS0=$(metric arbiter_audit_records_committed_total); SECS0=$(metric arbiter_audit_commit_seconds_sum)
BATCH0=$(metric arbiter_audit_batch_size_sum); BATCHES0=$(metric arbiter_audit_batch_size_count)
echo "== decide: POST /v1/decide, durable audit on"
wrk -t2 -c16 -d"$DURATION" -s src/test/bench/decide.lua "$BASE" | tee "$DATA/decide.txt"
ROWS1=$(metric arbiter_audit_records_committed_total); SECS1=$(metric arbiter_audit_commit_seconds_sum)
BATCH1=$(metric arbiter_audit_batch_size_sum); BATCHES1=$(metric arbiter_audit_batch_size_count)

MEAN_BATCH=$(python3 -c "print(max(1, round(($BATCH1-$BATCH0)/max(1,$BATCHES1-$BATCHES0))))")
WRITER=$(python3 -c "print(round(($ROWS1-$ROWS0)/max(1e-9,$SECS1-$SECS0)))")
echo "== audit writer: $((${ROWS1%.*}-${ROWS0%.*})) rows committed, mean batch $MEAN_BATCH, rows per second of commit time: $WRITER"
echo "== PostgreSQL COPY of the same rows, same batch size"
COPY_LINE=$(java -cp "$CP" io.arbiter.bench.CopyRateBenchmark \
  "jdbc:postgresql://127.0.0.1:$PGPORT/postgres" 200000 "$MEAN_BATCH" 2>/dev/null | grep '^copy')
echo "$COPY_LINE"
COPY_RATE=$(echo "$COPY_LINE" | sed 's/.*rows_per_s=//')
# wrk's 16 connections each wait for their answer, and an answer waits for its record's commit:
# at most 16 records are ever uncommitted. PostgreSQL's own COPY under that bound — 16 rows a
# commit on one connection, or 8 on each of two at once — is the ceiling for a writer that answers
# only after its commit, at this load on this machine.
echo "== PostgreSQL COPY with at most 16 rows uncommitted (the bound wrk's 16 connections set)"
BOUND_RATE=0
for SHAPE in "16 1" "8 2"; do
  LINE=$(java -cp "$CP" io.arbiter.bench.CopyRateBenchmark \
    "jdbc:postgresql://127.0.0.1:$PGPORT/postgres" 100000 $SHAPE 2>/dev/null | grep '^copy')
  echo "$LINE"
  BOUND_RATE=$(python3 -c "print(max($BOUND_RATE, float('${LINE##*rows_per_s=}')))")
done
CEIL=$(awk '/Requests\/sec/ {print $2}' "$DATA/ceiling.txt"); DEC=$(awk '/Requests\/sec/ {print $2}' "$DATA/decide.txt")
echo "== summary"
python3 - "$CEIL" "$DEC" "$WRITER" "$COPY_RATE" "$BOUND_RATE" <<'PY'
import sys
ceil, dec, writer, copy, bound = map(float, sys.argv[1:])
print(f"decide {dec:,.0f} req/s = {dec/ceil:.0%} of the ceiling ({ceil:,.0f} req/s)")
print(f"audit writer {writer:,.0f} rows/s = {writer/copy:.0%} of PostgreSQL COPY ({copy:,.0f} rows/s)")
print(f"decide {dec:,.0f} req/s = {dec/bound:.0%} of PostgreSQL COPY with <= 16 rows uncommitted ({bound:,.0f} rows/s)")
PY
