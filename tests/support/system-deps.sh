#!/usr/bin/env bash
# System packages for the real parts: OpenLink Virtuoso (remote SPARQL, tests), a CJK font with
# TrueType outlines (the Chinese timeline), Graphviz (DOT export check), Chromium (HTML check) and
# poppler-utils (pdffonts: the timeline PDF embeds its fonts).
# Installed from Debian's packages when missing and when this machine can (root + apt-get).
# The package must not start a server of its own: policy-rc.d forbids it during the install, and
# any service it registered is stopped and disabled afterwards (the tests start their own, on
# 127.0.0.1 only).
set -euo pipefail
need=()
command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || need+=(virtuoso-opensource)
fc-list 2>/dev/null | grep -q "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${need[*]}; install them with your package manager (Debian: apt-get install ${need[*]})" >&2
  exit 0
fi
policy=/usr/sbin/policy-rc.d
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
