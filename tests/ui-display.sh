#!/bin/sh
# Runs a UI test on the display tests/run provides, or on a private Xvfb
# when there is none (meson test run by hand).
# SPDX-License-Identifier: GPL-3.0-or-later
if [ -n "$DISPLAY" ] || [ -n "$WAYLAND_DISPLAY" ]; then
  exec "$@"
fi
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$@"
