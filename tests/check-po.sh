#!/bin/bash
# check-po.sh: every translation is complete for the current sources.
#
# Builds a fresh template with xgettext from po/POTFILES.in (not from the
# build's berth.pot, which may be stale), merges each language in po/LINGUAS
# into it and fails on any untranslated or fuzzy message.  Also fails when a
# source file with translatable strings is missing from POTFILES.in.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root="${BERTH_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"
tmp=$(mktemp -d -t berth-check-po-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$root"

status=0
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.in > "$tmp/files"

while read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist" >&2
    status=1
  fi
done < "$tmp/files"

# Sources with translatable strings that POTFILES.in forgot.
{
  grep -rlE '(^|[^A-Za-z0-9_])(N|C|NC)?_ ?\("' src --include='*.c' || true
  grep -rl 'translatable="yes"' resources --include='*.ui' || true
} | sort -u > "$tmp/marked"
while read -r f; do
  if ! grep -qxF "$f" "$tmp/files"; then
    echo "$f has translatable strings but is not in po/POTFILES.in" >&2
    status=1
  fi
done < "$tmp/marked"
[ "$status" -eq 0 ] || exit 1

# The same keywords as meson's i18n.gettext(preset: 'glib').
xgettext --from-code=UTF-8 --add-comments --package-name=berth \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_printerr:1:c-format --flag=g_print:1:c-format \
  -f "$tmp/files" -o "$tmp/berth.pot"

[ -s "$tmp/berth.pot" ] || { echo "xgettext extracted no strings" >&2; exit 1; }
total=$(msgfmt --statistics -o /dev/null "$tmp/berth.pot" 2>&1 | grep -oE '[0-9]+ untranslated' | grep -oE '[0-9]+')
echo "# $total messages in the template"

n=0
while read -r lang; do
  lang="${lang%%#*}"
  lang="$(echo "$lang" | tr -d '[:space:]')"
  [ -n "$lang" ] || continue
  n=$((n + 1))
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "po/$lang.po" "$tmp/berth.pot"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "# $lang: $stats"
  if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    echo "po/$lang.po is not complete for the current sources:" >&2
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep '^msgid' | head -20 >&2 || true
    status=1
  fi
  if ! msgfmt --check -o /dev/null "po/$lang.po"; then
    echo "po/$lang.po does not compile" >&2
    status=1
  fi
done < po/LINGUAS

[ "$n" -gt 0 ] || { echo "po/LINGUAS lists no language" >&2; exit 1; }
exit "$status"
