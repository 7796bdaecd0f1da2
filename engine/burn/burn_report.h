// BurnReport: what happened in a burn, for the CLI summary, --json and scenario expectations.
// Filled as the burn goes, so a failed burn reports everything up to the failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/mmc/replies.h"
#include "engine/transport/clock.h"

namespace dm::burn {

struct PhaseTime {
  std::string name;  // "preparing", "writing", …
  Duration took{};
};

// One track as written: where it starts, what it holds, and what the drive reports afterwards.
struct TrackReport {
  uint16_t number = 0;          // the drive's track number
  bool audio = false;
  int32_t start_lba = 0;
  uint32_t source_blocks = 0;   // blocks of the staged content
  uint32_t trailing_blocks = 0; // zeros or silence written after it
  uint32_t size_after = 0;      // READ TRACK INFORMATION after closing (0 when simulated)
};

struct BurnReport {
  Status status;                      // the burn's result (IMAPI code + message)
  std::string device;                 // Transport::describe()
  mmc::InquiryData drive;             // vendor / product / revision
  std::string medium;                 // "CD-R" (current profile name)
  std::string disc_before;            // "blank", "appendable", …
  std::string disc_after;             // READ DISC INFORMATION after closing
  uint16_t sessions_after = 0;
  mmc::WriteType write_type = mmc::WriteType::kTrackAtOnce;
  // DVD: how the medium was written ("DVD-R DAO", "DVD-R incremental", "DVD+R sequential",
  // "DVD+RW overwrite"); empty on CD, where write_type says it. Speeds are then in DVD 1x.
  std::string write_mode;
  bool simulate = false;
  bool bufe = false;
  std::optional<double> requested_speed_x;  // nullopt: maximum
  double accepted_speed_x = 0;              // page 2Ah after SET CD SPEED
  double average_speed_x = 0;               // measured over the write phase
  int32_t start_lba = 0;                    // of the first track
  uint32_t image_blocks = 0;                // blocks of the sources, all tracks
  uint32_t padding_blocks = 0;              // zero blocks written after them, all tracks
  uint32_t lead_in_blocks = 0;              // raw writing: the lead-in and lead-out the host wrote
  uint32_t lead_out_blocks = 0;
  uint32_t blocks_written = 0;              // acknowledged by the drive, all tracks
  uint32_t track_size_after = 0;            // READ TRACK INFORMATION of the first track after closing
  std::vector<TrackReport> tracks;          // every track begun, in order
  int min_buffer_percent = -1;              // lowest READ BUFFER CAPACITY fill seen
  uint32_t write_commands = 0;
  bool verified = false;                    // a read-back ran to the end or to a mismatch
  uint32_t verify_blocks = 0;               // blocks compared
  std::optional<int64_t> verify_mismatch_lba;
  Duration total_time{};
  bool virtual_clock = false;
  std::vector<PhaseTime> phases;
  // A cancel (QueryCancel true) that came while the drive closed the session: a close that has
  // begun cannot be stopped, and abandoning it leaves a disc no reader takes (cdrecord and libburn
  // do not interrupt fixation either), so it was waited out and the burn finished. When it came
  // (since the burn began) and in which phase; the read-back verify is skipped after it.
  std::optional<Duration> cancel_refused_at;
  std::string cancel_refused_phase;
  uint32_t closing_cancel_polls = 0;  // QueryCancel asked while the drive flushed or closed
  // Firmware quirks met and how they were handled ("quirk: what happened"), quirk_workarounds.h.
  std::vector<std::string> quirks;
};

}  // namespace dm::burn
