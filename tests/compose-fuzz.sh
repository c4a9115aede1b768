#!/bin/bash
# compose-fuzz.sh: a short, bounded libFuzzer run of the compose loader.
# Compiles tests/fuzz/fuzz-compose.c with clang (-fsanitize=fuzzer,address,
# undefined) against the compose sources directly, seeds it with the fixture
# corpus, and runs it for BERTH_FUZZ_SECONDS (default 20).  A crash fails the
# test and leaves the input in the printed path: copy it into
# tests/compose/fuzz-regressions/ so the replay test keeps it fixed.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

src=${BERTH_SOURCE_ROOT:?run through meson test}
build=${BERTH_BUILD_ROOT:?run through meson test}
seconds=${BERTH_FUZZ_SECONDS:-20}

clang=$(command -v clang || true)
if [ -z "$clang" ]; then
  echo "compose-fuzz: clang is needed for the fuzz run (apt-get install clang)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/berth-compose-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

pkgs="glib-2.0 gio-2.0 gio-unix-2.0 json-glib-1.0 yaml-0.1"
# shellcheck disable=SC2046
"$clang" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -D_GNU_SOURCE -DGETTEXT_PACKAGE='"berth"' -I"$build" -I"$src/src/core" $(pkg-config --cflags $pkgs) \
  "$src/tests/fuzz/fuzz-compose.c" \
  "$src"/src/core/berth-compose-yaml.c "$src"/src/core/berth-compose-interpolate.c \
  "$src"/src/core/berth-compose-loader.c "$src"/src/core/berth-compose-loader-values.c \
  "$src"/src/core/berth-compose-loader-lists.c "$src"/src/core/berth-compose-loader-fields.c \
  "$src"/src/core/berth-compose-service.c \
  "$src"/src/core/berth-compose-project.c "$src"/src/core/berth-util.c \
  $(pkg-config --libs $pkgs) -lm -o "$work/fuzz-compose"

mkdir -p "$work/corpus" "$work/artifacts"
find "$src/tests/compose" -type f \( -name '*.yml' -o -name '*.yaml' -o -name 'crash-*' \) \
  -exec cp --backup=numbered -t "$work/corpus" {} +

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1
if ! "$work/fuzz-compose" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
     -artifact_prefix="$work/artifacts/" -print_final_stats=1 -dict="$src/tests/fuzz/compose.dict" \
     "$work/corpus" 2>"$work/log"; then
  tail -n 60 "$work/log" >&2
  mkdir -p "$build/compose-fuzz-artifacts"
  cp "$work"/artifacts/* "$build/compose-fuzz-artifacts/" 2>/dev/null || true
  echo "compose-fuzz: the fuzzer found a failure; inputs saved in $build/compose-fuzz-artifacts" >&2
  exit 1
fi
grep -E '^stat::number_of_executed_units|^Done' "$work/log" || true
echo "compose-fuzz: no crash in ${seconds}s"
