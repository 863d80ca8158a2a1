#!/bin/sh
# Checks that every source file with strings marked for translation is listed in
# po/POTFILES.in: a file missing there leaves its strings in English in every language.
#
# Usage: check-potfiles.sh SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later

cd "$1" || exit 1
status=0

for file in $(grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|ngettext) ?\(' app --include='*.c') \
            $(grep -rl 'translatable="yes"' ui --include='*.ui'); do
  if ! grep -qx "$file" po/POTFILES.in; then
    echo "$file: has strings to translate but is not listed in po/POTFILES.in" >&2
    status=1
  fi
done

exit $status
