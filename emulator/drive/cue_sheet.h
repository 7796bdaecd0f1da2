// CueSheet: the plan of a Session-At-Once recording as SEND CUE SHEET (5Dh, MMC-3 §6.33; mmc.md
// §2.6) describes it, decoded from its 8-byte entries and checked before the drive adopts it: the
// lead-in entry, the Media Catalog Number (ADR 2) and ISRC (ADR 3) entry pairs, one position entry
// (ADR 1) per index of each track, and the lead-out. The decoded plan answers the questions a WRITE
// in SAO mode asks: which track an LBA belongs to and how many bytes the host sends for it.
//
// Entry layout: byte 0 CTL (bits 7-4: 1 pre-emphasis, 2 copy permitted, 4 data, 8 four-channel)
// and ADR (bits 3-0); byte 1 TNO (binary; 00 lead-in, AAh lead-out); byte 2 index; byte 3 data
// form (main bits 5-0, sub-channel bits 7-6); byte 4 SCMS (bit 7); bytes 5-7 absolute M, S, F.
// MCN: two ADR 2 entries carry the 13 digits in bytes 1-7 and 1-6 (byte 7 of the second is 0),
// before the lead-in entry (cdrecord) or after it, before the first track (libburn).
// ISRC: two ADR 3 entries carry TNO in byte 1 and six characters each in bytes 2-7; they come
// right before the track's first position entry.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vrec {

// Data forms this recorder takes (mmc.md §2.6, cdrdao GenericMMC.cc, libburn write.c). cdrdao
// sends 2336-byte blocks for XA (20h) tracks, with 24h lead-in and lead-out.
inline constexpr uint8_t kCueFormAudio = 0x00;           // CD-DA, 2352 bytes from the host
inline constexpr uint8_t kCueFormAudioGenerated = 0x01;  // CD-DA made by the drive (lead-in/out)
inline constexpr uint8_t kCueFormMode1 = 0x10;           // Mode 1, 2048 bytes from the host
inline constexpr uint8_t kCueFormMode1Generated = 0x14;  // Mode 1 made by the drive (lead-in/out)
inline constexpr uint8_t kCueFormXa = 0x20;              // CD-ROM XA Mode 2, 2336 bytes (subheader on)
inline constexpr uint8_t kCueFormXaGenerated = 0x24;     // XA made by the drive (lead-in/out)
inline constexpr uint8_t kCueFormMode2 = 0x30;           // Mode 2 formless, 2336 bytes
inline constexpr uint8_t kCueFormMode2Generated = 0x34;  // Mode 2 made by the drive (lead-in/out)
inline constexpr uint8_t kCueFormLeadInText = 0x41;      // lead-in: drive's main data, host R-W packs

// A lead-in written from a 41h entry: the host sends the packed R-W sub-channel of each block,
// 96 bytes = four 24-symbol CD-TEXT packs of 18 bytes (6 bits per symbol, mmc.md §1.1, §2.1).
inline constexpr uint16_t kCueLeadInBlockBytes = 96;

struct CueTrack {
  uint16_t number = 0;
  uint8_t control = 0;    // CTL nibble: the Q CONTROL the TOC reports
  uint8_t data_form = 0;
  uint16_t block_bytes = 0;
  uint8_t data_mode = 0;  // 0 audio, 1 Mode 1, 2 Mode 2
  int32_t pregap_lba = 0;  // index 0, or start_lba when the track has no index 0 (gapless)
  int32_t start_lba = 0;   // index 1
  std::vector<int32_t> index_lbas;  // index 2, 3, ...
  int32_t end_lba = 0;     // first block after the track: the next pregap or the lead-out
  std::string isrc;        // 12 characters or empty

  bool isAudio() const { return (control & 0x04) == 0; }
  bool preEmphasis() const { return isAudio() && (control & 0x01) != 0; }
};

struct CueSheet {
  uint8_t lead_in_form = kCueFormAudioGenerated;
  int32_t lead_in_lba = 0;  // first block the host writes when it sends the lead-in (41h)
  std::string mcn;          // 13 digits or empty
  std::vector<CueTrack> tracks;
  int32_t lead_out_lba = 0;

  bool hasCdText() const { return lead_in_form == kCueFormLeadInText; }
  // The first block the host must write: the lead-in with CD-TEXT, else the first pregap.
  int32_t firstHostLba() const { return hasCdText() ? lead_in_lba : tracks.front().pregap_lba; }
  int32_t programStartLba() const { return tracks.front().pregap_lba; }
  // The track whose pregap or body holds `lba`, nullptr in the lead-in or past the lead-out.
  const CueTrack* trackAt(int32_t lba) const;
  // Bytes the host sends for block `lba`; 0 outside the host-written range.
  uint16_t hostBlockBytes(int32_t lba) const;
};

// What the disc allows the cue sheet to describe.
struct CueLimits {
  uint16_t first_track = 1;         // the disc's next track number
  int32_t first_start_lba = 0;      // where the session's first index 1 must be (the NWA)
  int32_t lead_in_lba = 0;          // start of this session's lead-in (ATIP or after the last session)
  uint32_t capacity_sectors = 0;    // last possible lead-out start
};

// Where the list breaks a rule: the byte offset in the parameter list and, for one bit, the bit.
struct CueFault {
  uint16_t byte = 0;
  std::optional<uint8_t> bit;
};

// Decodes and checks `list` (a multiple of 8 bytes). On success fills `sheet` and returns nothing.
std::optional<CueFault> decodeCueSheet(std::span<const uint8_t> list, const CueLimits& limits, CueSheet& sheet);

}  // namespace vrec
