// The CD-ROM scrambler (ECMA-130 §16, Annex B): bytes 12..2351 of a data sector are XORed with the
// output of a 15-bit feedback shift register with polynomial x^15 + x + 1, preset to 1 at the first
// byte after the sync; each byte takes 8 successive output bits, least significant first. The
// sequence starts 01 80 00 60 00 28 00 1E. Scrambling is its own inverse. A raw (2352-byte) writer
// sends data sectors scrambled; audio is never scrambled.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "engine/sector/cpu_dispatch.h"
#include "engine/sector/sector_format.h"

namespace dm::sector {

// The 2340-byte Annex B sequence, generated from the register definition.
const std::array<uint8_t, kScrambledBytes>& scramblerSequence();

// XORs bytes 12..2351 of `sector` with the sequence (scrambles or unscrambles). REQUIRES:
// implSupported(impl).
void scramble(std::span<uint8_t, kRawSectorBytes> sector, Impl impl = Impl::kAuto);

namespace detail {
void scramblePortable(uint8_t* sector);
void scrambleAvx2(uint8_t* sector);
}  // namespace detail

}  // namespace dm::sector
