// RawLayout: a whole disc as a raw (write type 3) writer sends it, block by block from the ATIP's
// lead-in start to the end of the lead-out — what each block's 2352 main bytes hold and its 96
// bytes of P–W sub-channel, all made on the host (mmc.md §1.1, §4.1, §6.2; cdrecord -raw96r and
// cdrdao generic-mmc-raw work the same way). It is planned from the same DaoDisc the Disc-At-Once
// burner takes, so pregaps, indexes, ISRCs, the catalog number and CD-TEXT mean the same thing.
//
// The stream (Red Book / ECMA-130 §22):
//   lead-in   [lead_in_lba, −150): Q mode 1 TOC items, TNO 00, POINT 01..99 (track starts), A0
//             (first track, disc type), A1 (last track), A2 (lead-out start), in that order, each
//             item in 3 consecutive blocks, cycling; MIN:SEC:FRAME the block's own (lead-in) time;
//             P off; R–W the CD-TEXT packs when the disc has them.
//   program   [−150, lead-out): each track's pregap (index 0, relative time counting down to
//             index 1, P on), then index 1, 2, … (relative time counting up, P off). The catalog
//             number (Q mode 2) replaces one position frame in every 100, the track's ISRC (Q mode
//             3) one in every 100 of its index ≥ 1 blocks; never the first block of an index.
//   lead-out  [lead-out, +6750): TNO AAh index 01, relative time from 00:00:00; P off for 2 s,
//             then a 2 Hz square wave.
// Main data: audio blocks as they are (digital silence where nothing is sent); data blocks as
// complete Mode 1 sectors, zero user data where nothing is sent. The lead-in takes the first
// track's form and the lead-out the last track's, as libburn and cdrdao write them.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/burn/dao_layout.h"
#include "engine/sector/sector_format.h"
#include "engine/sector/subchannel.h"

namespace dm::burn {

// The first session's lead-out: 90 s, as libburn (6750 blocks) and cdrecord -raw write it.
inline constexpr uint32_t kRawLeadOutBlocks = 6750;
// A first session's lead-in is at least 60 s (mmc.md §1.3): a lead-in start later than this is
// not a usable ATIP value.
inline constexpr int32_t kLatestLeadInStart = -4500;
inline constexpr int32_t kProgramAreaStart = -150;  // track 1's pregap

// A run of blocks made the same way, in stream order.
struct RawSegment {
  enum class Kind : uint8_t { kLeadIn, kPregap, kTrack, kLeadOut };
  Kind kind = Kind::kLeadIn;
  int32_t first_lba = 0;
  uint32_t blocks = 0;
  int track = -1;             // index into tracks (pregap, track), else −1
  bool from_source = false;   // main data from the track's source (else zeros / silence)
  uint32_t source_first = 0;  // the source's block at first_lba
  sector::SectorForm form = sector::SectorForm::kCdda;
};

struct RawTrack {
  uint8_t number = 0;
  uint8_t control = 0;                  // Q CONTROL nibble
  sector::SectorForm form = sector::SectorForm::kCdda;
  int32_t pregap_lba = 0, start_lba = 0, end_lba = 0;
  std::vector<int32_t> index_lbas;      // index 2, 3, … (absolute)
  std::string isrc;
};

struct RawLayout {
  int32_t lead_in_lba = 0;
  int32_t lead_out_lba = 0;
  uint32_t lead_out_blocks = kRawLeadOutBlocks;
  std::vector<RawTrack> tracks;
  std::vector<RawSegment> segments;
  // The lead-in's TOC items in the order they are sent: 12 Q bytes each, with MIN:SEC:FRAME and
  // CRC left zero (the block's own time is filled in per block).
  std::vector<std::array<uint8_t, sector::kChannelBytes>> toc;
  std::string mcn;
  std::vector<uint8_t> cd_text_packs;

  int32_t endLba() const { return lead_out_lba + static_cast<int32_t>(lead_out_blocks); }
  uint32_t totalBlocks() const { return static_cast<uint32_t>(endLba() - lead_in_lba); }
  uint32_t leadInBlocks() const { return static_cast<uint32_t>(kProgramAreaStart - lead_in_lba); }

  // The channel-major P–W sub-channel of block `lba` (see subchannel.h). E_INVALIDARG outside
  // [lead_in_lba, endLba()).
  Status subchannel(int32_t lba, sector::SubchannelChannels& out) const;
  // The same in the interleaved 96-byte form a raw P–W writer sends.
  Status rawSubchannel(int32_t lba, std::span<uint8_t, sector::kSubchannelBytes> out) const;
};

// Plans `disc` as a single closed session on a blank disc (track 1 at LBA 0) whose lead-in the
// ATIP starts at `lead_in_lba`. Errors: those of planDao, and a lead-in start later than −4500 or
// before the lowest lead-in address.
Result<RawLayout> planRaw(const DaoDisc& disc, int32_t lead_in_lba);

}  // namespace dm::burn
