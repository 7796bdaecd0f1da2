// CD-TEXT of the lead-in as the disc structure keeps it: 18-byte packs (pack type, track number,
// sequence number, block/character position, 12 text bytes, CRC-16 inverted; mmc.md §2.1 format
// 5), block 0 only, ISO 8859-1. Encoding makes the title (80h) and performer (81h) packs of a
// disc and its tracks plus the three size-information packs (8Fh); decoding reads titles and
// performers back, whoever wrote the packs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vrec {

inline constexpr size_t kCdTextPackBytes = 18;
inline constexpr uint8_t kCdTextTitle = 0x80;
inline constexpr uint8_t kCdTextPerformer = 0x81;
inline constexpr uint8_t kCdTextSizeInfo = 0x8F;

// Index 0 is the disc (album), index n track n; empty strings where nothing is known.
struct CdTextStrings {
  std::vector<std::string> titles;
  std::vector<std::string> performers;
  bool empty() const;
};

// Packs for tracks first_track..first_track+n-1 where n = max(strings.size()) - 1. Empty if no
// string is set.
std::vector<uint8_t> encodeCdText(const CdTextStrings& strings, uint8_t first_track);

// Titles and performers of block 0, indexed by track number (0 = disc), up to `last_track`.
CdTextStrings decodeCdText(const std::vector<uint8_t>& packs, uint8_t last_track);

}  // namespace vrec
