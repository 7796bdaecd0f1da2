// Read-back verification after a burn (beyond IMAPI v1, as users ask of every burner —
// ecosystem.md §1): READ(10) the written track (READ CD for audio, with C2 and Q checked) through the same transport and compare it block
// by block with what was staged, padding included. The first differing LBA is reported.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/burn/progress.h"
#include "engine/burn/quirk_workarounds.h"
#include "engine/burn/sector_source.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

struct VerifyResult {
  uint32_t blocks_compared = 0;
  std::optional<int64_t> first_mismatch_lba;  // nullopt: every block matched
};

// For audio, how READ CD is asked: through `quirks` (nullptr: plain READ CD of the audio alone)
// with C2 error pointers, which must be clear, and formatted Q, whose position frames must name
// `track` and the block's own address — what a CD checker reads beyond the samples.
struct AudioReadBack {
  QuirkHandler* quirks = nullptr;
  uint16_t track = 0;
};

// Compares blocks [start_lba, start_lba + track_blocks) of the disc with `source` followed by
// zero padding. Progress times count from `origin` on the drive's clock (the burn's start).
// Errors: the READ(10) failure (with command, LBA and sense), a source read error,
// or E_IMAPI_BURN_VERIFICATION_FAILED naming the first differing LBA.
Status verifyTrack(mmc::Drive& drive, const SectorSource& source, int32_t start_lba, uint32_t track_blocks,
                   VerifyResult& result, ProgressSink* progress = nullptr, Duration origin = {},
                   AudioReadBack audio = {});

}  // namespace dm::burn
