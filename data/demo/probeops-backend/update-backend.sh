#!/bin/bash
# update-backend.sh [-m MESSAGE] [--no-migrate]
#
# The manual process Berth's Rebuild and Migrate buttons replace: stop the
# stack, rebuild the images without cache, start it again, then generate a
# migration for any model change inside the api container and apply it.
# Uses `docker compose` when present, else `docker-compose`.  Never removes
# the database volume.
set -euo pipefail
cd "$(dirname "$0")"

message="update $(date -u +%Y-%m-%d)"
migrate=1
while [ $# -gt 0 ]; do
  case $1 in
    -m|--message) message=$2; shift 2 ;;
    --no-migrate) migrate=0; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "update-backend.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "update-backend.sh: neither 'docker compose' nor 'docker-compose' found" >&2
  exit 1
fi
c() { "${compose[@]}" -f docker-compose.backend.yml "$@"; }
step() { printf '\n==> %s\n' "$*"; }

step "compose down"
c down
step "compose build --no-cache"
c build --no-cache
step "compose up -d"
c up -d
step "compose ps"
c ps

step "waiting for api to answer /health"
for _ in $(seq 1 60); do
  if c exec -T api curl -fsS -o /dev/null http://127.0.0.1:5000/health 2>/dev/null; then
    break
  fi
  sleep 2
done
c exec -T api curl -fsS http://127.0.0.1:5000/health; echo

if [ "$migrate" = 1 ]; then
  step "flask db migrate -m \"$message\""
  c exec -T api flask db migrate -m "$message"
  step "flask db upgrade"
  c exec -T api flask db upgrade
fi
step "flask db current"
c exec -T api flask db current
