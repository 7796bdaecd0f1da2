// Firmware quirk detection and workarounds of the burner, in one place. Each step here wraps one
// MMC exchange of the burn (NWA, free space, speed, flush, close) and, when the drive answers the way
// a documented quirk makes it answer (emulator/quirks/CATALOGUE.md), recovers and records which
// quirk it met in the burn report. Detection is by behaviour, not by drive identity, so a drive we
// have never seen with the same bug still burns. Every workaround has a switch in QuirkWorkarounds
// so tests (and users chasing a drive bug) can see the failure it prevents.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"
#include "engine/mmc/drive.h"
#include "engine/mmc/replies.h"

namespace dm::burn {

// Which workarounds run; all on by default.
struct QuirkWorkarounds {
  bool clamp_negative_nwa = true;             // negative_nwa_on_blank
  bool retry_speed_with_slowest = true;       // set_cd_speed_no_round_up, zero_write_speed_descriptors
  bool tolerate_missing_set_cd_speed = true;  // set_cd_speed_unsupported
  bool free_blocks_from_disc_information = true;  // zero_free_blocks_on_blank
  bool accept_track_closed_by_flush = true;   // close_track_refused_on_cd_tao
  bool ignore_close_error_in_simulation = true;   // close_session_fails_in_test_write
  bool accept_early_fixation_answer = true;   // close_session_answers_0408, close_session_answers_0407
  bool flush_without_immed = true;            // immed_answers_not_ready
  bool poll_buffer_after_first_fill = true;   // buffer_query_before_fill_discards
  bool check_simulation_left_disc_blank = true;   // test_write_ignored (detection only)
  bool disc_state_from_track_information = true;  // read_disc_information_unsupported
  bool unswap_speed_fields = true;                 // byte_swapped_speed_fields
  bool cue_sheet_dialects = true;                  // cue_sheet_isrc_control_rejected

  static QuirkWorkarounds none();
};

// One row of the workaround table: the quirk it answers, how it is detected, what it does, and the
// QuirkWorkarounds switch ("" when the handling is the generic not-ready retry of mmc::Drive).
struct WorkaroundInfo {
  std::string_view quirk;
  std::string_view detection;
  std::string_view workaround;
  std::string_view option;
};
std::span<const WorkaroundInfo> workaroundTable();

// The quirk steps of one burn; `met` collects "quirk: what happened" lines for the report.
class QuirkHandler {
 public:
  QuirkHandler(mmc::Drive& drive, const QuirkWorkarounds& enabled) : drive_(drive), enabled_(enabled) {}

  // READ DISC INFORMATION; a drive without it (05/20/00) gets the disc state read from the
  // invisible track instead: track 1 blank → blank disc, another → appendable, none → complete.
  Result<mmc::DiscInformation> discInformation();
  // The current write speed of page 2Ah in multiples of 1×; a field that is no whole speed but
  // would be one with its bytes swapped is read swapped.
  double currentWriteSpeedX(const mmc::Capabilities& caps);
  // Where the track really starts: the NWA, unless a blank disc reports it before the track start.
  int32_t writableStart(const mmc::TrackInformation& next);
  // The invisible track's free blocks, or — when a writable disc claims 0 — the space up to the
  // last possible lead-out of READ DISC INFORMATION.
  uint32_t freeBlocks(const mmc::TrackInformation& next, const mmc::DiscInformation& disc);
  // SET CD SPEED; a refused slow speed is retried with the slowest listed one, a drive without
  // the command records at its own speed.
  Status setWriteSpeed(uint16_t write_kbps, const mmc::Capabilities& caps);
  // SYNCHRONIZE CACHE with IMMED; a bare 02/00/00 answer is retried without IMMED.
  Status synchronizeCache();
  // CLOSE TRACK; an error is accepted when the track reads back closed (the flush closed it).
  Status closeTrack(uint16_t track);
  // CLOSE SESSION; an error is accepted in simulation, or when the disc reads back fixated.
  Status closeSession(bool simulate);
  // SEND CUE SHEET; a sheet refused with 05/26/00 is sent again in the other dialect, with the
  // CONTROL bits of its ISRC entries cleared (when it has any).
  Status sendCueSheet(std::span<const uint8_t> cue_sheet);
  // Whether the drive may be asked READ BUFFER CAPACITY after `bytes_sent` of a buffer of `buffer_bytes`.
  bool mayPollBuffer(uint64_t bytes_sent, uint64_t buffer_bytes) const;
  // After a simulation: an error naming test_write_ignored if the disc was written anyway.
  Status checkSimulation(const mmc::DiscInformation& after, std::string_view before);

  const std::vector<std::string>& met() const { return met_; }

 private:
  void note(std::string_view quirk, const std::string& what);

  mmc::Drive& drive_;
  const QuirkWorkarounds& enabled_;
  std::vector<std::string> met_;
  bool disc_information_missing_ = false;
};

}  // namespace dm::burn
