#!/usr/bin/env bash
# Installs everything discmaster needs to build and test on Debian 12, with apt-get. Idempotent:
# when every package is already installed it only checks and returns (no apt-get update).
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries (libcdio and libiso9660 ship pkg-config files only; the rest CMake configs)
  libcdio-dev libiso9660-dev libyaml-cpp-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsndfile1-dev  # audio files (WAV, FLAC, …) for `burn --audio`
  # libburn.a: the reference encoder the sector tests and sector_bench compare against (never linked
  # into the product)
  libburn-dev
  # independent judges the tests use to read back what we write
  xorriso genisoimage libarchive-tools libcdio-utils bchunk
  flac  # an encoder independent of libsndfile, for the audio tests' FLAC inputs
  cdrskin wodim cdrdao dvd+rw-tools  # unmodified clients the interop tests run via the SG_IO bridge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup: need root to install packages (run as root or install sudo): ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
