// DaoLayout: a Disc-At-Once (Session-At-Once) session planned block by block — where every
// track's pregap (index 0), index 1 and later indexes fall, the lead-out, and what the host sends
// for each block — and the SEND CUE SHEET that describes it to the drive (MMC-3 §6.33; mmc.md
// §2.6). The first track's 2-second pregap starts the session; a later track's pregap may be any
// length, 0 for gapless. Positions are absolute LBAs (the session's first index 1 at `start_lba`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/burn/sector_source.h"
#include "engine/burn/tao_burner.h"

namespace dm::burn {

inline constexpr uint32_t kFirstPregapBlocks = 150;  // the session's first pregap, 2 s (Red Book)
inline constexpr uint32_t kModeChangePregapBlocks = 150;  // the least pregap where the track mode changes

struct DaoTrack {
  const SectorSource* source = nullptr;  // 2352-byte CD-DA or 2048-byte Mode 1 blocks
  TrackKind kind = TrackKind::kAudio;
  uint32_t pregap_blocks = kFirstPregapBlocks;  // index 0 of silence; ignored (always 150) for the first track
  // The source's first blocks that belong to index 0 too (a cue sheet's INDEX 00 inside the file),
  // after the silence; index 1 is the source's block `source_pregap_blocks`.
  uint32_t source_pregap_blocks = 0;
  std::vector<uint32_t> index_offsets;          // index 2, 3, …: blocks after index 1, ascending
  std::string isrc;                             // 12 characters (CCOOOYYSSSSS) or empty
  bool pre_emphasis = false;                    // audio only
  bool copy_permitted = false;
};

struct DaoDisc {
  std::vector<DaoTrack> tracks;
  std::string mcn;                      // 13 digits or empty
  std::vector<uint8_t> cd_text_packs;   // 18-byte packs for the lead-in, or empty
};

struct PlannedTrack {
  uint16_t number = 0;
  int32_t pregap_lba = 0;  // index 0 (== start_lba when gapless)
  int32_t source_lba = 0;  // where the source's first block goes (after the silence)
  int32_t start_lba = 0;   // index 1
  int32_t end_lba = 0;     // first block after the track
  uint32_t blockBytes() const { return bytes; }
  uint32_t bytes = 2352;
};

struct DaoLayout {
  std::vector<PlannedTrack> tracks;
  int32_t lead_out_lba = 0;
  std::vector<uint8_t> cue_sheet;  // 8-byte entries
  uint32_t programBlocks() const { return static_cast<uint32_t>(lead_out_lba - tracks.front().pregap_lba); }
};

// The silence before track `i`'s source as planned: 150 for the first track; the track's own
// pregap otherwise, lengthened so that a track whose mode differs from the one before (data after
// audio, audio after data: a mixed-mode disc) has at least 150 blocks of pregap with what its
// source carries (Red/Yellow Book; mmc.md §1.3 "mode change").
uint32_t plannedSilenceBlocks(const DaoDisc& disc, size_t i);

// Plans `disc` from the session's first index 1 at `start_lba` (the next writable address; 0 on a
// blank disc). Errors name the track and what is wrong (an ISRC or MCN of the wrong shape, a track
// shorter than 4 s, pre-emphasis on data, more than 99 tracks, indexes out of order).
Result<DaoLayout> planDao(const DaoDisc& disc, int32_t start_lba, uint16_t first_track);

}  // namespace dm::burn
