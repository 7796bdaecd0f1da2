// Track-At-Once data burn on a CD recorder: one Mode 1 track per session, as IMAPI v1 writes a
// Joliet disc. The sequence is the one real burners send (mmc.md §6.1/§6.2): readiness, identity,
// profile, disc state, speed, write parameters page, the invisible track's NWA, WRITE(10) chunks
// with buffer polling, SYNCHRONIZE CACHE, CLOSE SESSION, then the disc state read back.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/burn/burn_report.h"
#include "engine/burn/progress.h"
#include "engine/burn/sector_source.h"
#include "engine/burn/verify.h"
#include "engine/mmc/drive.h"

namespace dm::burn {

struct BurnOptions {
  bool simulate = false;               // MMC Test Write: the laser stays cold, the disc blank
  std::optional<double> speed_x;       // nullopt: the drive's maximum
  bool buffer_underrun_protection = true;  // used when the drive has it
  bool multisession = false;           // leave the disc appendable (page 05 multisession 11b)
  bool eject = false;
  bool verify = false;                 // read the track back and compare (not with simulate)
  uint16_t chunk_blocks = 32;          // 64 KiB per WRITE(10), as libburn writes (mmc.md §1.6)
  // Zero blocks after the image: TAO run-out blocks are unreadable on real drives, so readers
  // that read to the end of the file system must not reach them (mkisofs -pad writes 150).
  uint32_t pad_blocks = 150;
};

// A TAO track must hold at least 4 s of data (Red Book / Orange Book minimum, mmc.md §1.2).
inline constexpr uint32_t kMinimumTrackBlocks = 300;

// Burns `source` as one data track. Never throws; the report's status carries the result. On
// failure the report holds what was learned up to the failure (device, medium, blocks written).
BurnReport burnDataTrack(mmc::Drive& drive, const SectorSource& source, const BurnOptions& options,
                         ProgressSink* progress = nullptr);

}  // namespace dm::burn
