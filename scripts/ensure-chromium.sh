#!/bin/sh
# The class report's browser tests (tests/test_report_browser.py) lay the HTML report out in
# Chromium. Install Debian's chromium where it is missing (CI runs as root on Debian); where it
# cannot be installed, stop with what to do rather than let the tests be skipped.
set -eu
if [ -n "${STUDYDECK_CHROMIUM:-}" ] && [ -x "$STUDYDECK_CHROMIUM" ]; then
    exit 0
fi
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "make test: installing Debian's chromium for the report's browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "make test: Chromium is missing and could not be installed here (that needs root and" \
     "apt-get). Install it (apt-get install chromium), or set STUDYDECK_CHROMIUM to a" \
     "Chromium binary; the report's browser tests need it." >&2
exit 1
