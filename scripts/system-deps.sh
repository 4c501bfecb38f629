#!/usr/bin/env bash
# System packages, by what they are for:
#   main: the main job (`make demo`): a CJK font with TrueType outlines for the Chinese timeline.
#   test: the test suite (`make test`), the main job's font plus the real parts the tests use:
#         OpenLink Virtuoso (remote SPARQL), Graphviz (DOT export check), Chromium (pages) and
#         poppler-utils (pdffonts: the timeline PDF embeds its fonts).
# Installed from Debian's packages when missing and when this machine can (root + apt-get); the
# script says what it installs before installing it. A package must not start a server of its own:
# policy-rc.d forbids it during the install, and any service it registered is stopped and disabled
# afterwards (the tests start their own, on 127.0.0.1 only).
set -euo pipefail
profile="${1:-main}"
case "$profile" in
  main|test) ;;
  *) echo "system-deps: unknown profile '$profile' (main or test)" >&2; exit 2 ;;
esac
need=()
fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
if [ "$profile" = test ]; then
  command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || need+=(virtuoso-opensource)
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]}; install them with your package manager (Debian: apt-get install ${need[*]})" >&2
  exit 0
fi
echo "system-deps ($profile): installing Debian packages: ${need[*]}" >&2
policy="${POLICY_RC_D:-/usr/sbin/policy-rc.d}"
created=0
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
trap '[ "$created" = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
fi
service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
