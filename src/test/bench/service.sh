# Sourced by the HTTP benchmarks: builds the service, starts it on the embedded PostgreSQL with
# security on, and sets BASE (its URL), DATA (the run's directory), PGPORT, CP (the test classpath)
# and ARBITER_TOKEN (a decider's bearer token); stops it, and deletes the database, when the run ends.
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
./mvnw -q -B package -DskipTests
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port); PGPORT=$(free_port)
DATA=$(mktemp -d "$PWD/target/bench-http-XXXX")
# Decide is measured as in production: every request carries a bearer token that is verified (here
# against the test key, the same RS256 check as against a Keycloak realm's key, without the network).
PUBKEY=$(grep '^%test.quarkus.oidc.public-key=' src/main/resources/application.properties | cut -d= -f2-)
ARBITER_TOKEN=$(java -cp "$CP" io.arbiter.bench.BenchToken 2>/dev/null)
export ARBITER_TOKEN
java -Darbiter.embedded.data-dir="$DATA" -Darbiter.embedded.port="$PGPORT" -Dquarkus.http.port="$PORT" \
  -Dquarkus.oidc.public-key="$PUBKEY" -jar target/quarkus-app/quarkus-run.jar >"$DATA/service.log" 2>&1 &
SERVICE=$!
# The database (1–2 GB of WAL a run) goes when the run ends; the service log stays.
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true; rm -rf "$DATA/pgdata"' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"
metric() { curl -s "$BASE/q/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
