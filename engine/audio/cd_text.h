// CD-TEXT (Red Book annex, MMC-3 Annex J): album and track titles and performers as the 18-byte
// packs a disc's lead-in carries — pack type, track, sequence, block and character position, 12
// bytes of text, and a CRC — plus the size-information packs (8Fh) that close a block, and those
// packs spread over the lead-in's R–W sub-channel the way SEND CUE SHEET's 41h lead-in expects
// them from the host (96 bytes per block: four packs of 24 six-bit symbols).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dm::audio {

inline constexpr size_t kCdTextPackBytes = 18;
inline constexpr size_t kLeadInSubchannelBytes = 96;

struct CdText {
  std::string album_title, album_performer;       // ISO 8859-1 (Latin-1) bytes
  std::vector<std::string> track_titles;          // one per track, "" when none
  std::vector<std::string> track_performers;
  bool empty() const;
};

// The packs of block 0 (language English, character code ISO 8859-1), in the order a disc holds
// them: titles (80h), performers (81h), then the three size-information packs (8Fh). Empty when
// `text` has nothing to say. REQUIRES: at most 99 tracks; the packs of one block fit 256.
std::vector<uint8_t> cdTextPacks(const CdText& text, uint8_t first_track);

// CRC of a pack: CRC-16/CCITT (x^16 + x^12 + x^5 + 1, initial 0) over its first 16 bytes, inverted,
// stored big-endian in bytes 16-17.
uint16_t cdTextCrc(std::span<const uint8_t, 16> pack);

// Lead-in block `index` as the host writes it for a 41h lead-in: packs 4·index … 4·index+3 (cycling
// through all of them) as 24 symbols each, one symbol per byte in bits 5-0.
void leadInSubchannel(std::span<const uint8_t> packs, uint32_t index, std::span<uint8_t, kLeadInSubchannelBytes> out);

}  // namespace dm::audio
