// Reply rewrites of firmware quirks that touch more than a field or two (emulator/quirks/quirk.h):
// kept here so the command handlers carry only the one check at the point where the drive deviates.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "emulator/quirks/quirk.h"

namespace vrec {

struct CdbField {
  uint16_t byte = 0;
  std::optional<uint8_t> bit;
};

// READ TOC requests this firmware refuses with 05/24/00: MSF addresses (mmc.md §9 #45) or the full
// TOC, format 2 (§9 #51). Returns the CDB field the sense points at.
std::optional<CdbField> tocQuirkRefusal(const QuirkSet& quirks, bool msf, uint8_t format);

// READ TOC format 0: the header's first/last track and each descriptor's track number in BCD
// (lead-out AAh stays as it is), as pre-ATAPI-1.2 drives answer (mmc.md §9 #54).
void bcdTrackNumbers(std::vector<uint8_t>& toc);

// Page 2Ah (from its page code on): every 16-bit speed field little-endian (mmc.md §9 #55).
void byteSwapSpeedFields(std::vector<uint8_t>& page);

}  // namespace vrec
