#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; its own browser download is
# not reachable offline), with a CJK font so the Chinese words of chapters 13 and 14 draw as
# glyphs, not empty boxes, in the screenshots. Installs only what is missing.
set -euo pipefail
PKGS=""
if [ ! -x /usr/bin/chromium ]; then PKGS="chromium fonts-dejavu-core"; fi
if ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then PKGS="$PKGS fonts-wqy-microhei"; fi
if [ -z "$PKGS" ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $PKGS
