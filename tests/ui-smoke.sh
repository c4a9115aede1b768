#!/bin/bash
# ui-smoke.sh: the real `berth` binary on the demo backend.
#
# Checks that the window appears, that a second launch is handed to the
# running instance (which opens the new project in its window), that
# --action reaches the running instance, and saves a screenshot to
# $BERTH_BUILD_ROOT/tests/output/.  Runs on its own session bus, so a
# Berth the user has open is never involved.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

: "${BERTH_APP:?run through meson test}" "${BERTH_BUILD_ROOT:?}" "${BERTH_SOURCE_ROOT:?}"

if [ -z "${BERTH_UI_SMOKE_BUS:-}" ]; then
  export BERTH_UI_SMOKE_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi

out="$BERTH_BUILD_ROOT/tests/output"
mkdir -p "$out"
tmp=$(mktemp -d -t berth-ui-smoke-XXXXXX)
app_pid=
notify_pid=
cleanup () {
  if [ -n "$notify_pid" ]; then
    kill "$notify_pid" 2>/dev/null || true
  fi
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
export XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"
export GSETTINGS_BACKEND=memory GSK_RENDERER=cairo
# The accessibility bus would be activated on this private bus and print to
# our TAP stream; this test reads X windows, not the accessibility tree.
export GTK_A11Y=none
if [ -n "${BERTH_TEST_DOCKER_HOST:-}" ]; then
  export DOCKER_HOST="$BERTH_TEST_DOCKER_HOST"
fi

fail () { echo "not ok: $*" >&2; echo "--- berth log ---" >&2; cat "$tmp/berth.log" >&2 || true; exit 1; }

# Polls until a top-level window whose title contains $1 exists.
wait_for_window () {
  for _ in $(seq 1 150); do
    if xwininfo -root -tree 2>/dev/null | grep -F -q -- "$1"; then
      return 0
    fi
    if ! kill -0 "$app_pid" 2>/dev/null; then
      fail "berth exited while waiting for the window \"$1\""
    fi
    sleep 0.2
  done
  fail "no window titled \"$1\" after 30 s"
}

demo="$BERTH_SOURCE_ROOT/data/demo/probeops-backend"
other="$tmp/second-project"
mkdir -p "$other"

"$BERTH_APP" --project "$demo" >"$tmp/berth.log" 2>&1 &
app_pid=$!
wait_for_window "probeops-backend"
echo "ok 1 - the window opens on the demo project"

# A second launch is handed over to the running instance and returns.
timeout 20 "$BERTH_APP" --project "$other" || fail "second launch failed ($?)"
wait_for_window "second-project"
n=$(xwininfo -root -tree | grep -c -- '– Berth"' || true)
[ "$n" -eq 1 ] || fail "expected one Berth window, found $n"
kill -0 "$app_pid" || fail "the first instance is gone"
echo "ok 2 - a second launch opens its project in the existing window"

# Unknown actions are refused with a usage error.
set +e
timeout 20 "$BERTH_APP" --action=no-such-action 2>"$tmp/action.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--action=no-such-action exited $rc, expected 2"
grep -q "no-such-action" "$tmp/action.err" || fail "no message for the unknown action"
echo "ok 3 - an unknown action is refused"

timeout 20 "$BERTH_APP" --project "$demo" || fail "third launch failed"
wait_for_window "probeops-backend"
# Give the engine probe time to answer (or to fail) before the screenshot.
sleep 3
import -window root "$out/ui-smoke-window.png"
[ -s "$out/ui-smoke-window.png" ] || fail "no screenshot"
echo "ok 4 - screenshot saved to $out/ui-smoke-window.png"

# The actions the desktop file and scripts use are exported on D-Bus.
app_id="${BERTH_APP_ID:-org.berth.Berth}"
# gapplication finds applications through their desktop file, which GLib
# only accepts when its Exec program is in PATH.
export PATH="$(dirname "$BERTH_APP"):$PATH"
mkdir -p "$XDG_DATA_HOME/applications"
cp "$BERTH_BUILD_ROOT/data/$app_id.desktop" "$XDG_DATA_HOME/applications/" || fail "no built desktop file"
desktop_actions=$(timeout 20 gapplication list-actions "$app_id") || fail "gapplication list-actions failed"
for a in rebuild migrate troubleshoot; do
  echo "$desktop_actions" | grep -qx "$a" || fail "desktop action $a is missing (got: $(echo $desktop_actions))"
done
object_path="/$(echo "$app_id" | tr . /)"
exported=$(timeout 20 gdbus call --session --dest "$app_id" --object-path "$object_path" \
           --method org.gtk.Actions.List) || fail "cannot list the exported actions"
for a in open-project open-demo rebuild migrate troubleshoot open-terminal show-workflow preferences about quit; do
  echo "$exported" | grep -q "'$a'" || fail "action app.$a is not exported (got: $exported)"
done
timeout 20 gapplication action "$app_id" troubleshoot || fail "gapplication action troubleshoot failed"
sleep 4
import -window root "$out/ui-smoke-troubleshoot.png"
kill -0 "$app_pid" || fail "berth died running Troubleshoot"
echo "ok 5 - the exported actions run (screenshot: $out/ui-smoke-troubleshoot.png)"

# app.quit through --action ends the running instance cleanly.
timeout 20 "$BERTH_APP" --action=quit || fail "--action=quit failed"
for _ in $(seq 1 100); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then
  fail "berth still runs after app.quit"
fi
set +e
wait "$app_pid"
rc=$?
set -e
app_pid=
[ "$rc" -eq 0 ] || fail "berth exited with $rc"
if grep -E -q "CRITICAL|WARNING" "$tmp/berth.log"; then
  fail "berth logged warnings"
fi
echo "ok 6 - app.quit ends the instance with status 0"

# A desktop action while Berth is not running: the session bus starts it
# as a service (--gapplication-service), and the workflow runs on the last
# project without showing a window; the notification's action shows it.
# The last project must survive a restart here, so a keyfile backend.
export GSETTINGS_BACKEND=keyfile
# Somewhere for the notification to go, and to read it back from.
/usr/bin/python3 "$BERTH_SOURCE_ROOT/tests/fake-notifications.py" "$tmp/notifications" &
notify_pid=$!
for _ in $(seq 1 100); do
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications 2>/dev/null | grep -q true && break
  sleep 0.1
done
timeout 60 "$BERTH_APP" --project "$demo" --action=quit >>"$tmp/berth.log" 2>&1 || fail "could not record the last project"
"$BERTH_APP" --gapplication-service >>"$tmp/berth.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 100); do
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$app_id" 2>/dev/null | grep -q true && break
  sleep 0.1
done
timeout 20 gapplication action "$app_id" troubleshoot || fail "gapplication action troubleshoot (service) failed"
sleep 4
if xwininfo -root -tree | grep -F -q -- "– Berth"; then
  fail "a window appeared for a background workflow"
fi
kill -0 "$app_pid" || fail "berth exited during the background workflow"
for _ in $(seq 1 100); do
  [ -s "$tmp/notifications" ] && break
  sleep 0.1
done
grep -q "^Troubleshoot" "$tmp/notifications" 2>/dev/null || fail "no notification for the background workflow"
timeout 20 gapplication action "$app_id" show-workflow || fail "app.show-workflow failed"
wait_for_window "probeops-backend"
sleep 1
import -window root "$out/ui-smoke-background.png"
echo "ok 7 - a desktop action runs without a window, and shows its output on request"

timeout 20 gapplication action "$app_id" quit || fail "app.quit (service) failed"
for _ in $(seq 1 100); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
set +e
wait "$app_pid"
rc=$?
set -e
app_pid=
[ "$rc" -eq 0 ] || fail "the service instance exited with $rc"
if grep -E -q "CRITICAL|WARNING" "$tmp/berth.log"; then
  fail "berth logged warnings"
fi
kill "$notify_pid" 2>/dev/null || true
echo "ok 8 - the service instance quits cleanly"
echo "1..8"
