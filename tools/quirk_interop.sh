#!/bin/sh
# Runs unmodified burning programs (cdrskin = libburn, wodim = cdrkit) through the SG_IO bridge
# against the virtual recorder with each firmware quirk switched on, and prints a Markdown table
# of who copes with what: emulator/quirks/INTEROP.md is this script's output.
#   tools/quirk_interop.sh BUILD_DIR > emulator/quirks/INTEROP.md
# Each quirk gets the run that reaches it: cue sheet quirks an audio Session-At-Once burn with an
# ISRC (the cue sheet carries ISRC entries only then), test-write quirks a simulation, the rest a
# Track-At-Once data burn. A data run copes when the program exits 0 and the disc holds the image
# (or, for a test write, stays blank); an audio run when it exits 0 and cdrdao read-toc, reading
# the disc back through the bridge, finds the track's ISRC and copy flag. "fails" quotes the
# program's last complaint; "silent damage" is exit 0 with a wrong disc.
set -u
build=${1:?usage: tools/quirk_interop.sh BUILD_DIR}
dm="$build/bin/discmaster"
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
genisoimage -quiet -R -J -V QUIRKS -o "$work/hello.iso" "$src/scenarios/samples/hello"
size=$(stat -c %s "$work/hello.iso")
# Five seconds of a 440 Hz tone, as a WAV for the programs and as a CDRWIN BIN + cue for the engine.
isrc=DEA123400001
python3 - "$work" <<'PY'
import math, struct, sys, wave
frames = b"".join(struct.pack("<hh", v, v) for v in (int(8000 * math.sin(2 * math.pi * 440 * i / 44100)) for i in range(5 * 44100)))
with wave.open(sys.argv[1] + "/tone.wav", "wb") as w:
    w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100); w.writeframes(frames)
open(sys.argv[1] + "/tone.bin", "wb").write(frames)
PY
printf 'FILE "tone.bin" BINARY\n  TRACK 01 AUDIO\n    FLAGS DCP\n    ISRC %s\n    INDEX 01 00:00:00\n' "$isrc" > "$work/tone.cue"

# Which run reaches the quirk: audio (SAO with ISRC), dummy (a test write) or data.
run_for() {  # quirk
  case $1 in
    cue_sheet_*) echo audio ;;
    test_write_ignored|close_session_fails_in_test_write) echo dummy ;;
    *) echo data ;;
  esac
}

# Whether the disc in medium file $1 holds the audio track with its ISRC and copy flag, read back
# by cdrdao (an independent reader) through the bridge.
audio_on_disc() {  # medium_file
  rm -f "$work/read.toc"
  "$dm" emulate --medium-file "$1" -- cdrdao read-toc --device /dev/sr0 "$work/read.toc" > /dev/null 2>&1 || return 1
  grep -q "ISRC \"$isrc\"" "$work/read.toc" && grep -qx "COPY" "$work/read.toc"
}

# The engine's own burn (`discmaster burn`, in process, on the same quirk): prints the table cell.
engine_cell() {  # quirk
  quirk=$1
  run=$(run_for "$quirk")
  rm -f "$work/engine.vrec"
  if [ "$run" = audio ]; then
    "$dm" burn --json --audio --dao --quirk "$quirk" --medium-file "$work/engine.vrec" "$work/tone.cue" > "$work/engine" 2>&1
    rc=$?
    [ $rc -eq 0 ] && ! audio_on_disc "$work/engine.vrec" && rc=99
  else
    dummy=""
    [ "$run" = dummy ] && dummy="--simulate"
    # shellcheck disable=SC2086
    "$dm" burn --json --quirk "$quirk" $dummy --volume-name Q "$src/scenarios/samples/hello" > "$work/engine" 2>&1
    rc=$?
  fi
  result=$(tail -1 "$work/engine" | sed -n 's/.*"result":"\([A-Z_]*\)".*/\1/p')
  met=$(tail -1 "$work/engine" | grep -o '"quirks":\[[^]]*\]' | grep -c "$quirk")
  handled=""
  [ "$met" -gt 0 ] && handled=", quirk named in the burn report"
  if [ $rc -eq 0 ]; then echo "copes ($result$handled)"
  elif [ $rc -eq 99 ]; then echo "silent damage: exit 0, cdrdao finds no ISRC $isrc on the disc"
  else echo "fails (exit $rc): $result$handled"; fi
}

# One program run: prints the table cell.
cell() {  # quirk program
  quirk=$1 prog=$2
  rm -f "$work/disc.vrec" "$work/out.iso"
  run=$(run_for "$quirk")
  dummy=""
  [ "$run" = dummy ] && dummy="-dummy"
  written=no
  if [ "$run" = audio ]; then
    "$dm" emulate --quirk "$quirk" --medium-file "$work/disc.vrec" -- \
      "$prog" dev=/dev/sr0 -sao -audio -copy "isrc=$isrc" "$work/tone.wav" > "$work/log" 2>&1
    rc=$?
    [ $rc -eq 0 ] && audio_on_disc "$work/disc.vrec" && written=yes
  else
    # shellcheck disable=SC2086
    "$dm" emulate --quirk "$quirk" --medium-file "$work/disc.vrec" --export-image "$work/out.iso" -- \
      "$prog" dev=/dev/sr0 $dummy -data -tao "$work/hello.iso" > "$work/log" 2>&1
    rc=$?
    [ -s "$work/out.iso" ] && cmp -s -n "$size" "$work/hello.iso" "$work/out.iso" && written=yes
  fi
  if [ -n "$dummy" ]; then want=no; else want=yes; fi
  if [ $rc -eq 0 ] && [ $written = $want ]; then echo "copes"; return; fi
  if [ $rc -eq 0 ]; then
    if [ -n "$dummy" ]; then echo "silent damage: exit 0, the test write recorded the disc"
    elif [ "$run" = audio ]; then echo "silent damage: exit 0, cdrdao finds no ISRC $isrc on the disc"
    else echo "silent damage: exit 0, the disc does not hold the image"; fi
    return
  fi
  # The reason: libburn's first FAILURE/SORRY message, else cdrkit's last "Cannot …", else the
  # last command the drive rejected (as the bridge logs it).
  tr '\r' '\n' < "$work/log" > "$work/lines"
  why=$(grep -E "^cdrskin: (FAILURE|SORRY)" "$work/lines" | head -1)
  [ -z "$why" ] && why=$(grep -E "^wodim: .*(Cannot|rror)" "$work/lines" | grep -v RLIMIT | tail -1)
  [ -z "$why" ] && why=$(grep -oE "CDB .* rejected: sense [0-9A-F/]+" "$work/lines" | tail -1 | sed 's/^/last: /')
  why=$(echo "$why" | sed 's/|/\\|/g' | cut -c1-120)
  echo "fails (exit $rc): ${why:-see log}"
}

echo "# Burning programs × firmware quirks"
echo
echo "<!-- Generated by tools/quirk_interop.sh; do not edit by hand. -->"
echo
echo "Each cell is one run of the program through the SG_IO bridge against the default virtual"
echo "recorder with that one quirk on, in the run that reaches the quirk:"
echo
echo "- data (most quirks): \`discmaster emulate --quirk Q --medium-file D --export-image O -- PROG"
echo "  dev=/dev/sr0 -data -tao hello.iso\`; \"copes\": exit 0 and the disc holds the image."
echo "- test write (\`test_write_ignored\`, \`close_session_fails_in_test_write\`): the same with \`-dummy\`;"
echo "  \"copes\": exit 0 and the disc stays blank."
echo "- audio (\`cue_sheet_*\`): \`discmaster emulate --quirk Q --medium-file D -- PROG dev=/dev/sr0 -sao"
echo "  -audio -copy isrc=$isrc tone.wav\` (a Session-At-Once cue sheet with an ISRC entry); \"copes\": exit 0"
echo "  and \`cdrdao read-toc\` through the bridge finds the ISRC and the copy flag on the disc."
echo
echo "The programs ask for no speed, so speed quirks show only what they do to a default burn; the"
echo "event quirks show whether a drive's GET EVENT STATUS NOTIFICATION answers stop a plain burn (in"
echo "these runs neither program sent GET EVENT STATUS NOTIFICATION: with \`gesn_unsupported\` the bridge"
echo "logged no refused 4Ah command; the engine asks it to check the disc is the one the burn was"
echo "planned for)."
echo "Programs: $(cdrskin --version 2>/dev/null | head -1 | cut -c1-60); $(wodim --version 2>&1 | grep -i "^wodim" | head -1)."
echo
echo "The discmaster column is \`discmaster burn --quirk Q [--simulate] hello/\` (the engine in process;"
echo "audio: \`discmaster burn --audio --dao --quirk Q tone.cue\` with \`FLAGS DCP\` and the same ISRC, judged"
echo "by cdrdao read-toc as well). \"quirk named in the burn report\": the engine met the quirk and said so."
echo
echo "| Quirk | discmaster (this engine) | cdrskin (libburn) | wodim (cdrkit) |"
echo "|---|---|---|---|"
for quirk in $("$dm" quirks list --json | sed -n 's/.*"type":"quirk".*"name":"\([a-z0-9_]*\)".*/\1/p'); do
  echo "| \`$quirk\` | $(engine_cell "$quirk") | $(cell "$quirk" cdrskin) | $(cell "$quirk" wodim) |"
done
