#!/usr/bin/env bash
# Installs Debian's chromium, which prints the PDF report (`make pdf`) and runs the browser tests.
# Only as root on a system with apt-get (Debian, Ubuntu; CI runs it from .ci/run); elsewhere it
# says what to do. A test tool's own browser download is not used: it fails on closed networks.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  echo "Chromium is already installed."
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is not installed. On Debian or Ubuntu run this script as root (sudo $0);" >&2
  echo "elsewhere install Chromium from your system's packages." >&2
  exit 1
fi
echo "Installing Debian's chromium…"
if { apt-get update -qq && apt-get install -y -qq chromium; } >/dev/null 2>&1; then
  echo "Chromium installed."
else
  echo "Could not install chromium with apt-get (no network, or no package of that name here)." >&2
  exit 1
fi
