#!/usr/bin/env bash
# The README's main job: set up, build, then stage the sample folder and burn it on the default
# virtual recorder (a virtual CD-R drive), printing what happened.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/tools/setup.sh"
"$root/tools/build.sh"
build="${DM_BUILD_DIR:-$root/build}"
out="$build/demo"
mkdir -p "$out"
echo
echo "== discmaster burn scenarios/samples/hello (virtual CD-R) =="
"$build/bin/discmaster" burn --volume-name HELLO --export-image "$out/hello.iso" --trace "$out/hello.trace" \
  "$root/scenarios/samples/hello"
echo
echo "== what an independent reader finds on the burned disc (bsdtar -tvf, Joliet names) =="
LC_ALL=C.UTF-8 bsdtar -tvf "$out/hello.iso"
echo
echo "The medium's data track is in $out/hello.iso; the emulator's event trace is in $out/hello.trace."
