#!/usr/bin/env bash
# The README's test command: set up a fresh Debian 12 machine, build, and run every test.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/setup.sh"
"$root/tools/build.sh"
build="${DM_BUILD_DIR:-$root/build}"
ctest --test-dir "$build" --output-on-failure --parallel "$(nproc)" --output-junit "$build/junit.xml"
