#!/bin/sh
# Bring the schema to the newest revision, then serve the app.
set -e
export FLASK_APP="${FLASK_APP:-probeops:create_app}"
# As PID 1, sh ignores SIGTERM unless told: let `stop` end the retry loop.
trap "exit 143" TERM INT

# depends_on waits for db to be healthy; retry anyway for `docker run` users.
tries=0
until flask db upgrade; do
  tries=$((tries + 1))
  if [ "$tries" -ge 10 ]; then
    echo "api: flask db upgrade failed $tries times, giving up" >&2
    exit 1
  fi
  echo "api: database not ready, retrying in 2s" >&2
  sleep 2
done

exec gunicorn --bind "0.0.0.0:${PORT:-5000}" --workers "${GUNICORN_WORKERS:-2}" \
     --access-logfile - --error-logfile - "probeops:create_app()"
