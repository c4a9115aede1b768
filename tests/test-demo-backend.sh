#!/bin/bash
# The demo backend (data/demo/probeops-backend) really runs: brought up with
# Debian's docker-compose on the test engine, api answers /health with 200
# from the host through its published port and from inside the network, the
# schema is at the newest revision, and `down -v` leaves nothing behind.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${BERTH_TEST_DOCKER_HOST:-}" ] || fail "BERTH_TEST_DOCKER_HOST is not set (run the tests through tests/run)"
src=${BERTH_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
demo="$src/data/demo/probeops-backend"
export DOCKER_HOST=$BERTH_TEST_DOCKER_HOST
unset DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_CONTEXT COMPOSE_FILE COMPOSE_PROJECT_NAME

project="berth-test-demo-$$-$RANDOM"
export PROBEOPS_NETWORK="$project-net"
export API_PORT=0            # any free host port
c() { docker-compose -p "$project" -f "$demo/docker-compose.backend.yml" "$@"; }
api() { curl -sS --fail-with-body --unix-socket "${DOCKER_HOST#unix://}" "http://localhost/v1.41$1"; }

teardown() {
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "--- compose ps / logs (test failed) ---" >&2
    c ps >&2 || true
    c logs --no-color --tail 60 >&2 || true
  fi
  c down -v --remove-orphans >&2 || true
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

# Reuses probeops-backend-{api,db} when tests/run built them; the layer
# cache makes this a no-op then, and it keeps the images in step with the
# sources on a long-lived engine.
echo "# build" >&2
c build >&2

echo "# up -d" >&2
c up -d >&2

echo "# waiting for api /health" >&2
port=
code=
for _ in $(seq 1 180); do
  if [ -z "$port" ]; then
    port=$(c port api 5000 2>/dev/null | sed -n 's/.*:\([0-9][0-9]*\)$/\1/p' | head -1)
  fi
  if [ -n "$port" ]; then
    code=$(curl -s -o /tmp/$project.health -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health" || true)
    [ "$code" = 200 ] && break
  fi
  sleep 1
done
[ -n "$port" ] || fail "api publishes no host port for 5000"
[ "$code" = 200 ] || fail "api /health on host port $port answered '$code', not 200"
body=$(cat /tmp/$project.health); rm -f /tmp/$project.health
echo "# /health: $body" >&2
grep -q '"database":"ok"' <<<"$body" || fail "/health body lacks database ok: $body"

# The head revision in migrations/versions is what the database is at.
head=$(python3 - "$demo/api/migrations/versions" <<'PY'
import re, sys, pathlib
revs, downs = set(), set()
for f in pathlib.Path(sys.argv[1]).glob("*.py"):
    t = f.read_text()
    revs.add(re.search(r"^revision = '(\w+)'", t, re.M).group(1))
    d = re.search(r"^down_revision = (.*)$", t, re.M).group(1)
    downs.update(re.findall(r"'(\w+)'", d))
heads = revs - downs
assert len(revs) >= 3, revs
assert len(heads) == 1, heads
print(heads.pop())
PY
)
grep -q "\"revision\":\"$head\"" <<<"$body" || fail "/health reports a revision other than the head $head: $body"
current=$(c exec -T api flask db current 2>/dev/null | tr -d '\r')
[ "$current" = "$head (head)" ] || fail "flask db current says '$current', expected '$head (head)'"

# From inside the network too, and the network carries the configured name.
c exec -T api curl -fsS -o /dev/null http://127.0.0.1:5000/health || fail "api /health fails inside the container"
api "/networks/$PROBEOPS_NETWORK" | grep -q "\"Name\":\"$PROBEOPS_NETWORK\"" || fail "network $PROBEOPS_NETWORK does not exist"
api "/containers/json?filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3D$project%22%5D%7D" > /tmp/$project.ps
for svc in api db; do
  grep -q "\"com.docker.compose.service\":\"$svc\"" /tmp/$project.ps || fail "no running $svc container"
done
rm -f /tmp/$project.ps
for svc in api db; do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$(c ps -q $svc)" 2>/dev/null || api "/containers/$(c ps -q $svc)/json" | grep -oE '"Health":\{"Status":"[a-z]+"' | cut -d'"' -f6)
  # api's own healthcheck may still be in its start period; db must be healthy
  # since api waited for it.
  if [ "$svc" = db ]; then [ "$status" = healthy ] || fail "db is '$status', not healthy"; fi
done

echo "# down -v" >&2
c down -v --remove-orphans >&2
trap - EXIT
left=$(api "/containers/json?all=1&filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3D$project%22%5D%7D")
[ "$left" = "[]" ] || fail "containers left after down -v: $left"
api "/volumes/${project}_db-data" >/dev/null 2>&1 && fail "volume ${project}_db-data left after down -v"
api "/networks/$PROBEOPS_NETWORK" >/dev/null 2>&1 && fail "network $PROBEOPS_NETWORK left after down"
echo "PASS: demo backend up, /health 200 at revision $head, down -v clean"
