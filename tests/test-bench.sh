#!/bin/bash
# The benchmark runner works: `bench/run --size tiny` on the test engine,
# with this build, writes a results.json with every section (rebuild may be
# skipped in tiny size, but must say so) and a PERFORMANCE.md with the
# machine and the table.  No timing is asserted: figures only have to be
# there and be sane (positive, min <= median <= max).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "${BERTH_TEST_DOCKER_HOST:-}" ] || fail "BERTH_TEST_DOCKER_HOST is not set (run the tests through tests/run)"
src=${BERTH_SOURCE_ROOT:?run through meson test}
build=${BERTH_BUILD_ROOT:?run through meson test}
out=$(mktemp -d /tmp/berth-test-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT

"$src/bench/run" --size tiny --build-dir "$build" --output "$out" || fail "bench/run --size tiny failed"

[ -s "$out/PERFORMANCE.md" ] || fail "no PERFORMANCE.md written"
grep -q '^| Kernel |' "$out/PERFORMANCE.md" || fail "PERFORMANCE.md lacks the machine description"
grep -q '^| Measurement | Reference' "$out/PERFORMANCE.md" || fail "PERFORMANCE.md lacks the results table"

python3 - "$out/results.json" <<'PY'
import json, sys

r = json.load(open(sys.argv[1]))
errors = []

def check(cond, what):
    if not cond:
        errors.append(what)

def dist(d, what, positive=True):
    check(isinstance(d, dict) and d.get("n", 0) >= 2, what + ": fewer than 2 samples")
    if isinstance(d, dict) and d.get("n"):
        check(d["min"] <= d["median"] <= d["max"], what + ": min <= median <= max")
        if positive:
            check(d["min"] > 0, what + ": not positive")

check(r.get("size") == "tiny", "size is tiny")
check(r.get("failed") == [], "failed sections: %s" % r.get("failed"))
for k in ("nproc", "memory", "kernel", "engine_version", "load_start", "load_end"):
    check(r["machine"].get(k), "machine." + k)
s = r["sections"]
for name in ("rebuild", "status", "events", "logs", "startup", "context"):
    check(name in s, "section " + name)
    check("error" not in s.get(name, {}), "section %s: %s" % (name, s.get(name, {}).get("error")))

rb = s["rebuild"]
check("skipped" in rb or "berth_rebuild_s" in rb, "rebuild measured or skipped with a reason")

st = s["status"]
check(st["berth_rows"] == st["services"], "berth-cli ps --json lists every service")
for cmd in ("berth-cli ps --json", "docker-compose ps", "docker ps -a --filter", "curl /containers/json (floor)"):
    dist(st["commands"][cmd]["wall_s"], "status " + cmd)
check(st["verdict"] in ("met", "missed"), "status verdict")

ev = s["events"]
check(ev["missing"] == 0, "every kill reached the model")
check(ev["model_ms"]["n"] == ev["kills"] > 0, "one model latency per kill")
check(ev["raw_ms"]["n"] >= ev["kills"], "one raw latency per kill")
check(ev["verdict"] in ("met", "missed"), "events verdict")

lg = s["logs"]
check(len(lg["sizes"]) == 2, "two log sizes")
for n, z in lg["sizes"].items():
    for k in ("curl_floor_s", "docker_logs_s", "berth_stream_s", "peak_rss_kib"):
        dist(z[k], "logs %s %s" % (n, k))
    dist(z["stall_max_ms"], "logs %s stall_max_ms" % n, positive=False)
    check(z["throughput_vs_floor"] > 0, "logs %s throughput ratio" % n)
    # The log view (VTE) and its reference, VTE alone.
    for k in ("view_s", "view_peak_rss_kib", "vte_alone_s"):
        dist(z[k], "logs %s %s" % (n, k))
    dist(z["view_frame_gap_p95_ms"], "logs %s view_frame_gap_p95_ms" % n)
    check(z["view_throughput_vs_docker_logs"] > 0, "logs %s view throughput ratio" % n)
check(lg["rss_growth_large_vs_small"] > 0, "rss growth")

su = s["startup"]
dist(su["berth_cli_ps"]["cpu_s"], "startup cpu", positive=False)
dist(su["berth_cli_ps"]["peak_rss_kib"], "startup rss")
w = su["window"]
dist(w["first_frame_ms"], "window first frame")
dist(w["badges_frame_ms"], "window first frame with badges")
dist(w["badges_frame_software_gl_ms"], "window first frame with badges, software GL")
check(w["rows"] >= 2, "the window showed the demo's services")
check(w["idle_rss_kib"] > 0 and w["idle_rss_software_gl_kib"] > 0, "window idle rss")

cx = s["context"]
dist(cx["tar_s"], "context tar")
dist(cx["berth_s"], "context berth")
# The 20 MB file is excluded: the tarball is far smaller.
check(0 < cx["berth_bytes"] < cx["excluded_big_file_mb"] * 1048576, "context excludes the big file")

if errors:
    print("\n".join("FAIL: " + e for e in errors), file=sys.stderr)
    sys.exit(1)
print("results.json: all sections present and sane")
PY
