// Firmware quirk detection and workarounds of the burner, in one place. Each step here wraps one
// MMC exchange of the burn (NWA, free space, speed, page 05h, buffer polls, flush, close), of its
// audio verify (READ CD with C2 and Q) or of `discmaster info` (GET PERFORMANCE, TOC, full TOC) and,
// when the drive answers the way a documented quirk makes it answer (emulator/quirks/CATALOGUE.md),
// recovers and records which quirk it met in the burn report. Detection is by behaviour, not by drive identity, so a drive we
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
#include "engine/burn/medium_watch.h"
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
  bool wait_out_busy_answers = true;  // write_busy_when_buffer_full, tur_ready_while_busy, close_first_attempt_in_progress
  bool speeds_from_capabilities_page = true;       // empty_get_performance
  bool speed_from_page_when_nominal_refused = true;  // get_performance_nominal_refused
  bool complete_write_parameters = true;           // invalid_page05_defaults
  bool requery_stale_buffer_capacity = true;       // stale_buffer_capacity
  bool toc_in_lba_when_msf_refused = true;         // read_toc_msf_unsupported
  bool decode_bcd_track_numbers = true;            // bcd_track_numbers_in_toc
  bool sessions_without_full_toc = true;           // read_toc_full_unsupported
  bool read_cd_without_error_flags = true;         // read_cd_error_flags_refused
  bool verify_audio_without_subchannel = true;     // read_cd_subchannel_unsupported
  bool medium_change_from_unit_attention = true;   // gesn_unsupported
  bool trust_tur_over_gesn = true;                 // gesn_spurious_media_change

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
  // Whether page 05h is sent with every field the burn depends on set (write type, track mode,
  // data block type, session format), never relying on the drive's defaults; notes a drive whose
  // page held a reserved data block type when read.
  bool completeWriteParameters(const mmc::WriteParametersPage& as_read);
  // READ BUFFER CAPACITY. A drive whose answer lags one query behind is found by asking again at
  // once when a report says the buffer is empty after data was sent: a second answer that differs
  // by more than the drive could have written meanwhile means the first was stale, and from then
  // on each poll is asked twice and the second answer used.
  Result<mmc::BufferCapacity> bufferCapacity();

  // Reading (quirk_reading.cc).
  // The write speeds: GET PERFORMANCE type 03h, or — when it lists none — page 2Ah's descriptors.
  Result<std::vector<uint16_t>> writeSpeeds(const mmc::Capabilities& caps);
  // The selected write speed in multiples of 1×: GET PERFORMANCE nominal (type 00h), or — when the
  // drive refuses it with 05/24/00 — page 2Ah's current write speed.
  Result<double> selectedWriteSpeedX(const mmc::Capabilities& caps);
  // READ TOC format 0 in MSF form, as cd-info asks; a drive that refuses MSF (05/24/00) is asked in
  // LBA form. Track numbers that are not consecutive in binary but are in BCD are decoded.
  Result<mmc::Toc> toc();
  // The sessions from the full TOC (format 2); a drive that refuses it (05/24/00) gets them from
  // the TOC (format 0), the session information (format 1) and READ TRACK INFORMATION.
  Result<std::vector<mmc::TocSession>> sessions();
  // READ CD of audio blocks for verification, with C2 error pointers and formatted Q asked for as
  // `with_c2` and `with_q` say; each part a drive refuses with 05/24/00 is dropped (and stays
  // dropped) when its workaround is on. On return the flags say what the reply holds.
  Status readAudioBack(uint32_t lba, uint16_t blocks, std::vector<uint8_t>& out, bool& with_c2, bool& with_q);

  // Events (medium_watch.cc). Whether `chosen` is still the medium in the drive: a GESN media
  // event or a unit attention since it was read, or a disc that reads differently, is a changed
  // medium (IMAPI_E_WRONGDISC; no disc: IMAPI_E_MEDIUM_NOTPRESENT). A drive without GESN is
  // checked by TEST UNIT READY alone; a GESN change that TEST UNIT READY and the disc contradict
  // is not believed (Linux sr.c trusts TUR the same way).
  Status checkSameMedium(const ChosenMedium& chosen);

  // After a simulation: an error naming test_write_ignored if the disc was written anyway.
  Status checkSimulation(const mmc::DiscInformation& after, std::string_view before);

  const std::vector<std::string>& met() const { return met_; }
  // Notes the commands mmc::Drive sent again after a busy answer since `retries_before`.
  void noteBusyRetries(uint32_t retries_before);

 private:
  void note(std::string_view quirk, const std::string& what);
  Result<mmc::Toc> tocIn(bool msf);

  mmc::Drive& drive_;
  const QuirkWorkarounds& enabled_;
  std::vector<std::string> met_;
  bool disc_information_missing_ = false;
  bool stale_buffer_ = false;
  bool refuses_c2_ = false, refuses_subchannel_ = false;
  bool refuses_msf_ = false;
};

}  // namespace dm::burn
