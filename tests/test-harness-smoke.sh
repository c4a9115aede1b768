#!/bin/bash
# Smoke test of the test harness: the engine at BERTH_TEST_DOCKER_HOST
# answers, has the base image the other tests build on, and berth-cli
# version reports that engine's version and the negotiated API version.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
host=${BERTH_TEST_DOCKER_HOST:-}
[ -n "$host" ] || fail "BERTH_TEST_DOCKER_HOST is not set (run the tests through tests/run)"
cli=${BERTH_CLI:?BERTH_CLI is not set (run through meson test)}

case $host in
  unix://*) to=(--unix-socket "${host#unix://}") base=http://localhost ;;
  tcp://*)  to=() base="http://${host#tcp://}" ;;
  *) fail "unsupported BERTH_TEST_DOCKER_HOST $host" ;;
esac

ping=$(curl -sS --max-time 10 "${to[@]}" "$base/_ping") || fail "no engine answers at $host"
[ "$ping" = OK ] || fail "/_ping answered '$ping'"

version_json=$(curl -sS --max-time 10 "${to[@]}" "$base/version")
read -r engine_version api_version min_api < <(python3 -c '
import json, sys
v = json.loads(sys.argv[1])
print(v["Version"], v["ApiVersion"], v.get("MinAPIVersion", "1.12"))' "$version_json")
echo "# engine $engine_version, API $api_version (min $min_api)"

# When tests/run started the daemon, it really is the isolated one.
if [ -n "${BERTH_TEST_HARNESS_DIR:-}" ]; then
  root=$(curl -sS "${to[@]}" "$base/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["DockerRootDir"])')
  [ "$root" = "$BERTH_TEST_HARNESS_DIR/data" ] || fail "engine data-root is $root, not the harness's $BERTH_TEST_HARNESS_DIR/data"
  [ "$host" = "unix://$BERTH_TEST_HARNESS_DIR/docker.sock" ] || fail "BERTH_TEST_DOCKER_HOST $host is not the harness socket"
fi

# The base image every test Dockerfile starts from.
curl -sS --fail "${to[@]}" "$base/images/debian:bookworm-slim/json" >/dev/null \
  || fail "debian:bookworm-slim is missing from the engine (tests/harness/base-image)"

set +e
out=$(env -u DOCKER_HOST -u DOCKER_CONTEXT "$cli" -H "$host" version 2>&1)
rc=$?
set -e
echo "$out" | sed 's/^/# berth-cli: /'
[ $rc -eq 0 ] || fail "berth-cli -H $host version exited $rc"
grep -qE '^Berth [0-9]+\.[0-9]+\.[0-9]+' <<<"$out" || fail "no 'Berth X.Y.Z' line"
grep -qxF "Engine: $engine_version" <<<"$out" || fail "no 'Engine: $engine_version' line"
api=$(sed -n 's/^API: //p' <<<"$out")
[ -n "$api" ] || fail "no 'API: ' line"
python3 - "$api" "$min_api" "$api_version" <<'PY' || fail "negotiated API $api is outside the engine's $min_api..$api_version"
import sys
v = lambda s: tuple(int(x) for x in s.split("."))
api, lo, hi = map(v, sys.argv[1:])
sys.exit(0 if lo <= api <= hi else 1)
PY
echo "PASS: engine $engine_version at $host, berth-cli reports it (API $api)"
