// Track-At-Once burning on a CD recorder: one session of one or more tracks, each opened at the
// drive's next writable address, written, flushed and closed, then the session closed. IMAPI v1
// writes a Joliet disc as one Mode 1 track per session and an audio disc as audio tracks with the
// drive's fixed 150-block pregaps (imapi.md §1.4, §1.5). The sequence is the one real burners send
// (mmc.md §6.1/§6.2): readiness, identity, profile, disc state, speed, the write parameters page
// per track, the invisible track's NWA, WRITE(10) chunks with buffer polling, SYNCHRONIZE CACHE,
// CLOSE TRACK, CLOSE SESSION, then the disc state read back.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "engine/burn/burn_report.h"
#include "engine/burn/progress.h"
#include "engine/burn/quirk_workarounds.h"
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
  bool verify = false;                 // read data tracks back and compare (not with simulate)
  uint16_t chunk_blocks = 32;          // 64 KiB per WRITE(10), as libburn writes (mmc.md §1.6)
  // Zero blocks after a data image: TAO run-out blocks are unreadable on real drives, so readers
  // that read to the end of the file system must not reach them (mkisofs -pad writes 150).
  uint32_t pad_blocks = 150;
  // Raw writing (raw_burner.h) on a drive whose page 05 refuses write type 3: write the disc
  // Disc-At-Once instead of failing.
  bool raw_fallback_to_dao = false;
  // Firmware quirk workarounds (quirk_workarounds.h); all on unless a test or a user switches one off.
  QuirkWorkarounds workarounds;
  // The medium the burn was planned for (chooseMedium, when the recorder was chosen): checked to
  // be still in the drive before anything is written. nullopt: no check.
  std::optional<ChosenMedium> chosen_medium;
};

// A TAO track must hold at least 4 s of data (Red Book / Orange Book minimum, mmc.md §1.2).
inline constexpr uint32_t kMinimumTrackBlocks = 300;

enum class TrackKind : uint8_t {
  kDataMode1,  // 2048-byte user data, page 05 data block type 8, track mode 4
  kAudio,      // 2352-byte CD-DA (44.1 kHz 16-bit stereo, little-endian), type 0, mode 0
};

struct TaoTrack {
  const SectorSource* source = nullptr;  // 2048- or 2352-byte blocks, as the kind says
  TrackKind kind = TrackKind::kDataMode1;
  bool pre_emphasis = false;  // audio: CONTROL bit 0
  // Blocks of zeros (digital silence for audio) written after the source: the data pad, or audio
  // pause beyond the drive's 150-block pregap.
  uint32_t trailing_blocks = 0;
};

// Burns `tracks` in one session. Never throws; the report's status carries the result. On
// failure the report holds what was learned up to the failure (device, medium, blocks written).
// Audio progress goes to ProgressSink::onTrack as IMAPI's TrackProgress does.
BurnReport burnTaoTracks(mmc::Drive& drive, std::span<const TaoTrack> tracks, const BurnOptions& options,
                         ProgressSink* progress = nullptr);

// One Mode 1 data track followed by options.pad_blocks of zeros (IMAPI's Joliet disc).
BurnReport burnDataTrack(mmc::Drive& drive, const SectorSource& source, const BurnOptions& options,
                         ProgressSink* progress = nullptr);

}  // namespace dm::burn
