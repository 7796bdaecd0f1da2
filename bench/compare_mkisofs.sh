#!/usr/bin/env bash
# Times genisoimage, xorriso (-as mkisofs) and `discmaster image` making a Rock Ridge + Joliet
# image of the same generated trees, in one run, written to /dev/null (what it costs to produce
# the bytes) and to a regular file in WORKDIR (what users do; the file is removed after each run):
#   small: 20,000 files of 1–16 KiB in 1,000 folders
#   large: 4 files of 512 MiB (2 GiB)
# Prints files/s, MB/s, peak RSS (from /usr/bin/time -v) and each tool's time relative to
# discmaster. Usage: bench/compare_mkisofs.sh [DISCMASTER] [WORKDIR]   (needs ~4.5 GB in WORKDIR)
set -euo pipefail
dm=${1:-build/bin/discmaster}
work=${2:-$(mktemp -d /tmp/dm-compare-XXXXXX)}
trap 'rm -rf "$work"' EXIT
for tool in genisoimage xorriso /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

python3 - "$work/small" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(42)
for d in range(1000):
    folder = os.path.join(root, f"group-{d // 50:02}", f"folder-{d:04}")
    os.makedirs(folder, exist_ok=True)
    for f in range(20):
        with open(os.path.join(folder, f"file-{f:02}.dat"), "wb") as out:
            out.write(rng.randbytes(rng.randint(1024, 16384)))
PY
mkdir -p "$work/large"
for i in 1 2 3 4; do head -c $((512 << 20)) /dev/urandom > "$work/large/part-$i.bin"; done
sync

measure() {  # cmd... → "seconds rss_kib"
  local log="$work/time.log"
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$secs $rss"
}

for tree in small large; do
  files=$(find "$work/$tree" -type f | wc -l)
  bytes=$(du -sb "$work/$tree" | cut -f1)
  # Warm the page cache once so every tool reads from memory.
  find "$work/$tree" -type f -exec cat {} + >/dev/null
  for target in /dev/null "$work/out.iso"; do
    echo "== $tree: $files files, $((bytes / 1000000)) MB -> $target"
    printf '%-12s %9s %11s %9s %11s %9s\n' tool seconds files/s MB/s peak_RSS_MB vs_dm
    declare -A secs rss
    read -r secs[dm] rss[dm] < <(measure env SOURCE_DATE_EPOCH=0 "$dm" image -o "$target" "$work/$tree")
    rm -f "$work/out.iso"; sync
    read -r secs[genisoimage] rss[genisoimage] < <(measure genisoimage -quiet -J -R -o "$target" "$work/$tree")
    rm -f "$work/out.iso"; sync
    read -r secs[xorriso] rss[xorriso] < <(measure xorriso -as mkisofs -quiet -J -R -o "$target" "$work/$tree")
    rm -f "$work/out.iso"; sync
    for tool in dm genisoimage xorriso; do
      awk -v t="$tool" -v s="${secs[$tool]}" -v r="${rss[$tool]}" -v f="$files" -v b="$bytes" -v d="${secs[dm]}" \
        'BEGIN { if (s <= 0) s = 0.001; printf "%-12s %9.2f %11.0f %9.1f %11.1f %9.2f\n", (t=="dm"?"discmaster":t), s, f/s, b/1e6/s, r/1024, s/(d>0?d:0.001) }'
    done
    unset secs rss
  done
done
