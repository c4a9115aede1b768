#!/bin/bash
# test-migrations.sh: check the migrations on a throwaway database.
#
# Starts db alone under its own project name (and network), then in a
# one-off api container: upgrade to head, downgrade to base, upgrade again,
# and `flask db migrate` must find no model change without a revision.
# Everything it created is removed at the end, volume included (it is a
# throwaway database, never the stack's).
set -euo pipefail
cd "$(dirname "$0")"

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "test-migrations.sh: neither 'docker compose' nor 'docker-compose' found" >&2
  exit 1
fi
project="probeops-migrations-test-$$"
export PROBEOPS_NETWORK="$project-net"
export API_PORT=0
c() { "${compose[@]}" -p "$project" -f docker-compose.backend.yml "$@"; }
step() { printf '\n==> %s\n' "$*"; }
trap 'step "cleaning up"; c down -v --remove-orphans' EXIT

step "build"
c build
step "start db"
c up -d db
for _ in $(seq 1 60); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$(c ps -q db)")
  [ "$status" = healthy ] && break
  sleep 1
done
[ "$status" = healthy ] || { echo "db did not become healthy ($status)" >&2; c logs db; exit 1; }

step "upgrade, downgrade base, upgrade, migrate (no changes expected)"
out=$(c run --rm --no-deps -T api sh -c '
  set -e
  flask db upgrade
  flask db current
  flask db downgrade base
  flask db upgrade
  flask db current
  flask db migrate -m "should not be generated"
' 2>&1) || { echo "$out"; echo "FAIL: a migration command failed" >&2; exit 1; }
echo "$out"
head=$(c run --rm --no-deps -T api flask db heads 2>/dev/null | awk '{print $1}')
if ! grep -q "No changes in schema detected" <<<"$out"; then
  echo "FAIL: the models have changes that no revision covers" >&2
  exit 1
fi
echo
echo "OK: migrations upgrade, downgrade and match the models (head $head)"
