// Quirk detection and workarounds of the burner (see quirk_workarounds.h). Each step names the
// catalogue entry (emulator/quirks/CATALOGUE.md) whose behaviour it recognises.
#include "engine/burn/quirk_workarounds.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/mmc/command.h"
#include "engine/mmc/sense.h"

namespace dm::burn {
namespace {

constexpr std::array<WorkaroundInfo, 27> kWorkarounds = {{
    {"byte_swapped_speed_fields", "page 2Ah current write speed is no whole CD speed, but is one byte-swapped",
     "read the field byte-swapped", "unswap_speed_fields"},
    {"read_disc_information_unsupported", "READ DISC INFORMATION answered 05/20/00",
     "disc state from READ TRACK INFORMATION of the invisible track", "disc_state_from_track_information"},
    {"negative_nwa_on_blank", "READ TRACK INFORMATION NWA below the track start", "write at the track start",
     "clamp_negative_nwa"},
    {"set_cd_speed_no_round_up", "SET CD SPEED refused with 05/24/00", "retry with the slowest listed speed",
     "retry_speed_with_slowest"},
    {"zero_write_speed_descriptors", "page 2Ah descriptors of 0 kB/s",
     "zero entries are skipped when choosing the slowest listed speed", "retry_speed_with_slowest"},
    {"set_cd_speed_unsupported", "SET CD SPEED answered 05/20/00", "record at the drive's own speed",
     "tolerate_missing_set_cd_speed"},
    {"zero_free_blocks_on_blank", "0 free blocks on a blank or appendable disc",
     "free space = last possible lead-out (READ DISC INFORMATION) - NWA", "free_blocks_from_disc_information"},
    {"close_track_refused_on_cd_tao", "CLOSE TRACK fails but the track reads back closed",
     "continue: SYNCHRONIZE CACHE already closed it", "accept_track_closed_by_flush"},
    {"close_session_fails_in_test_write", "CLOSE SESSION fails during a simulation",
     "continue, leave test-write mode; the disc is checked to be blank afterwards",
     "ignore_close_error_in_simulation"},
    {"close_session_answers_0408", "CLOSE SESSION fails, yet the disc reads back fixated",
     "wait until ready, accept the fixated session", "accept_early_fixation_answer"},
    {"close_session_answers_0407", "CLOSE SESSION fails, yet the disc reads back fixated",
     "wait until ready, accept the fixated session", "accept_early_fixation_answer"},
    {"cue_sheet_isrc_control_rejected", "SEND CUE SHEET answered 05/26/00 while ISRC entries carry CONTROL bits",
     "send the sheet again with CONTROL 0 on the ISRC entries (cdrdao's second dialect)", "cue_sheet_dialects"},
    {"immed_answers_not_ready", "SYNCHRONIZE CACHE (IMMED) answered 02/00/00", "send it again without IMMED",
     "flush_without_immed"},
    {"buffer_query_before_fill_discards", "(prevention)",
     "no READ BUFFER CAPACITY until a buffer's worth of data has been sent", "poll_buffer_after_first_fill"},
    {"test_write_ignored", "a simulation left the disc written",
     "no workaround exists: the burn fails with an error naming the quirk", "check_simulation_left_disc_blank"},
    {"close_first_attempt_in_progress, write_busy_when_buffer_full, tur_ready_while_busy",
     "02/04/07 or 02/04/08 on a command", "mmc::Drive waits and sends the command again (generic)",
     "wait_out_busy_answers"},
    {"empty_get_performance", "GET PERFORMANCE type 03h lists no write speed",
     "info lists the write speeds of page 2Ah", "speeds_from_capabilities_page"},
    {"get_performance_nominal_refused", "GET PERFORMANCE type 00h answered 05/24/00",
     "info shows the selected write speed of page 2Ah", "speed_from_page_when_nominal_refused"},
    {"invalid_page05_defaults", "page 05h read with a reserved data block type",
     "every MODE SELECT of page 05h sets write type, track mode, data block type and session format",
     "complete_write_parameters"},
    {"stale_buffer_capacity", "READ BUFFER CAPACITY says empty after writes; asked again at once it differs",
     "ask every poll twice and use the second answer", "requery_stale_buffer_capacity"},
    {"read_toc_msf_unsupported", "READ TOC with MSF = 1 answered 05/24/00", "info asks for the TOC in LBA form",
     "toc_in_lba_when_msf_refused"},
    {"bcd_track_numbers_in_toc", "TOC track numbers not consecutive in binary, consecutive in BCD",
     "info decodes them as BCD", "decode_bcd_track_numbers"},
    {"read_toc_full_unsupported", "READ TOC format 2 answered 05/24/00",
     "info takes the sessions from format 0, format 1 and READ TRACK INFORMATION", "sessions_without_full_toc"},
    {"read_cd_error_flags_refused", "READ CD with C2 error pointers answered 05/24/00",
     "verify audio without C2 error pointers", "read_cd_without_error_flags"},
    {"read_cd_subchannel_unsupported", "READ CD with formatted Q answered 05/24/00",
     "verify audio on its main data only, and say the Q sub-channel was not checked",
     "verify_audio_without_subchannel"},
    {"gesn_unsupported", "GET EVENT STATUS NOTIFICATION answered 05/20/00",
     "a medium change since the recorder was chosen is found by TEST UNIT READY, the unit attention 06/28/00 and "
     "the disc's identity",
     "medium_change_from_unit_attention"},
    {"gesn_spurious_media_change",
     "a GESN media event that TEST UNIT READY (no unit attention) and the disc's identity contradict",
     "trust TEST UNIT READY and burn (Linux sr.c ignore_get_event)", "trust_tur_over_gesn"},
}};

// A drive at 52x writes about 9 kB in a millisecond; two READ BUFFER CAPACITY answers in a row
// from an honest drive differ by less than this.
constexpr uint32_t kBufferRequeryTolerance = 64 * 1024;

bool hasSense(const Status& s, uint8_t key, uint8_t asc, std::optional<uint8_t> ascq = std::nullopt) {
  const auto& sense = s.context().sense;
  return sense && sense->key == key && sense->asc == asc && (!ascq || sense->ascq == *ascq);
}

// Whether `kbps` is a whole CD speed, within 1 kB/s, in either unit drives use for 1× (176.4 or 176).
bool wholeCdSpeed(uint16_t kbps) {
  if (kbps == 0) return false;
  const double x = kbps / 176.4;
  const double off_exact = std::abs(x - std::round(x)) * 176.4;
  const double off_176 = std::min<double>(kbps % 176, 176 - kbps % 176);
  return std::round(x) >= 1 && std::min(off_exact, off_176) <= 1.0;
}

std::string senseOf(const Status& s) {
  return s.context().sense ? mmc::describeSense(*s.context().sense) : std::string(s.message());
}

}  // namespace

QuirkWorkarounds QuirkWorkarounds::none() {
  QuirkWorkarounds w;
  w.clamp_negative_nwa = w.retry_speed_with_slowest = w.tolerate_missing_set_cd_speed = false;
  w.free_blocks_from_disc_information = w.accept_track_closed_by_flush = false;
  w.ignore_close_error_in_simulation = w.accept_early_fixation_answer = w.flush_without_immed = false;
  w.poll_buffer_after_first_fill = w.check_simulation_left_disc_blank = false;
  w.disc_state_from_track_information = w.unswap_speed_fields = w.cue_sheet_dialects = false;
  w.wait_out_busy_answers = w.speeds_from_capabilities_page = w.speed_from_page_when_nominal_refused = false;
  w.complete_write_parameters = w.requery_stale_buffer_capacity = w.toc_in_lba_when_msf_refused = false;
  w.decode_bcd_track_numbers = w.sessions_without_full_toc = w.read_cd_without_error_flags = false;
  w.verify_audio_without_subchannel = false;
  w.medium_change_from_unit_attention = w.trust_tur_over_gesn = false;
  return w;
}

std::span<const WorkaroundInfo> workaroundTable() { return kWorkarounds; }

void QuirkHandler::note(std::string_view quirk, const std::string& what) {
  met_.push_back(fmt::format("{}: {}", quirk, what));
}

Result<mmc::DiscInformation> QuirkHandler::discInformation() {
  if (!disc_information_missing_) {
    auto disc = drive_.discInformation();
    if (disc.ok() || !hasSense(disc.error(), 0x05, 0x20) || !enabled_.disc_state_from_track_information) return disc;
    disc_information_missing_ = true;
    note("read_disc_information_unsupported", "READ DISC INFORMATION is not implemented; disc state from the invisible track");
  }
  mmc::DiscInformation d;
  const auto next = drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack);
  if (!next.ok()) {
    // No invisible track: nothing more can be written, the disc is closed.
    d.status = mmc::DiscStatus::kComplete;
    d.last_session = mmc::SessionState::kComplete;
    return d;
  }
  const bool blank = next->track == 1 && next->blank;
  d.status = blank ? mmc::DiscStatus::kBlank : mmc::DiscStatus::kAppendable;
  d.last_session = next->blank ? mmc::SessionState::kEmpty : mmc::SessionState::kIncomplete;
  d.sessions = next->session;
  d.first_track_last_session = d.last_track_last_session = next->track;
  d.last_possible_leadout_lba = next->start_lba + static_cast<int32_t>(next->free_blocks);
  return d;
}

double QuirkHandler::currentWriteSpeedX(const mmc::Capabilities& caps) {
  const uint16_t raw = caps.current_write_kbps;
  const auto swapped = static_cast<uint16_t>(raw >> 8 | raw << 8);
  if (!enabled_.unswap_speed_fields || wholeCdSpeed(raw) || !wholeCdSpeed(swapped)) return mmc::cdSpeedX(raw);
  note("byte_swapped_speed_fields",
       fmt::format("page 2Ah write speed {} kB/s is no CD speed; byte-swapped it is {} kB/s", raw, swapped));
  return mmc::cdSpeedX(swapped);
}

int32_t QuirkHandler::writableStart(const mmc::TrackInformation& next) {
  if (next.next_writable_lba >= next.start_lba || !enabled_.clamp_negative_nwa) return next.next_writable_lba;
  note("negative_nwa_on_blank",
       fmt::format("NWA {} before the track start {}; writing at {}", next.next_writable_lba, next.start_lba,
                   next.start_lba));
  return next.start_lba;
}

uint32_t QuirkHandler::freeBlocks(const mmc::TrackInformation& next, const mmc::DiscInformation& disc) {
  if (next.free_blocks != 0 || !disc.writable() || !enabled_.free_blocks_from_disc_information) {
    return next.free_blocks;
  }
  const int64_t free = int64_t{disc.last_possible_leadout_lba} - writableStart(next);
  if (free <= 0) return 0;
  note("zero_free_blocks_on_blank",
       fmt::format("0 free blocks reported on a {} disc; {} blocks up to the last possible lead-out",
                   mmc::discStatusName(disc.status), free));
  return static_cast<uint32_t>(free);
}

Status QuirkHandler::setWriteSpeed(uint16_t write_kbps, const mmc::Capabilities& caps) {
  Status s = drive_.setWriteSpeed(write_kbps);
  if (s.ok()) return s;
  if (hasSense(s, 0x05, 0x20) && enabled_.tolerate_missing_set_cd_speed) {
    note("set_cd_speed_unsupported", "SET CD SPEED is not implemented; recording at the drive's own speed");
    return Status::Ok();
  }
  if (hasSense(s, 0x05, 0x24) && write_kbps != mmc::kSpeedMaximum && enabled_.retry_speed_with_slowest) {
    std::vector<uint16_t> listed;
    for (uint16_t kbps : caps.write_speeds_kbps) {
      if (kbps != 0) listed.push_back(kbps);
    }
    const bool zeros = listed.size() != caps.write_speeds_kbps.size();
    const uint16_t slowest = listed.empty() ? mmc::kSpeedMaximum : *std::min_element(listed.begin(), listed.end());
    if (zeros) note("zero_write_speed_descriptors", "page 2Ah lists speeds of 0 kB/s; skipped");
    note("set_cd_speed_no_round_up",
         fmt::format("{} kB/s refused; retrying with {}", write_kbps,
                     listed.empty() ? std::string("the maximum") : fmt::format("the slowest listed, {} kB/s", slowest)));
    return drive_.setWriteSpeed(slowest);
  }
  return s;
}

Status QuirkHandler::sendCueSheet(std::span<const uint8_t> cue_sheet) {
  Status s = drive_.sendCueSheet(cue_sheet);
  if (s.ok() || !hasSense(s, 0x05, 0x26, 0x00) || !enabled_.cue_sheet_dialects) return s;
  std::vector<uint8_t> plain(cue_sheet.begin(), cue_sheet.end());
  int cleared = 0;
  for (size_t at = 0; at + 8 <= plain.size(); at += 8) {
    if ((plain[at] & 0x0F) == 3 && (plain[at] >> 4) != 0) {
      plain[at] &= 0x0F;
      ++cleared;
    }
  }
  if (cleared == 0) return s;  // another fault in the sheet: the drive's answer stands
  note("cue_sheet_isrc_control_rejected",
       fmt::format("the cue sheet was refused ({}); sent again with CONTROL 0 on its {} ISRC entries", senseOf(s), cleared));
  return drive_.sendCueSheet(plain);
}

Status QuirkHandler::synchronizeCache() {
  Status s = drive_.synchronizeCache();
  if (s.ok() || !hasSense(s, 0x02, 0x00, 0x00) || !enabled_.flush_without_immed) return s;
  note("immed_answers_not_ready", "SYNCHRONIZE CACHE with IMMED answered 02/00/00; sent again without IMMED");
  return drive_.run(mmc::synchronizeCache(false)).status();
}

Status QuirkHandler::closeTrack(uint16_t track) {
  Status s = drive_.closeTrack(track);
  if (s.ok() || !enabled_.accept_track_closed_by_flush) return s;
  const auto info = drive_.trackInformation(mmc::TrackAddressType::kTrack, track);
  if (!info.ok() || info->nwa_valid || info->blank) return s;
  note("close_track_refused_on_cd_tao",
       fmt::format("CLOSE TRACK {} failed ({}) but SYNCHRONIZE CACHE had closed the track", track, senseOf(s)));
  return Status::Ok();
}

Status QuirkHandler::closeSession(bool simulate) {
  Status s = drive_.closeSession();
  if (s.ok()) return s;
  if (simulate && enabled_.ignore_close_error_in_simulation) {
    note("close_session_fails_in_test_write",
         fmt::format("CLOSE SESSION failed in simulation ({}); nothing to fixate", senseOf(s)));
    // Leaving test-write mode ends the simulation the drive did not close, so the disc reads as
    // what it physically is again.
    DM_ASSIGN_OR_RETURN(mmc::WriteParametersPage page, drive_.writeParameters());
    page.setTestWrite(false);
    return drive_.selectWriteParameters(page);
  }
  if (!enabled_.accept_early_fixation_answer) return s;
  // The drive may have answered early and fixated anyway (a retried CLOSE then meets a closed
  // session): wait for it, then believe the disc.
  if (!drive_.waitUntilReady(mmc::kCloseTimeout).ok()) return s;
  const auto disc = discInformation();
  if (!disc.ok() || disc->status == mmc::DiscStatus::kBlank || disc->last_session == mmc::SessionState::kIncomplete) {
    return s;
  }
  note("close_session_answers_0408/close_session_answers_0407",
       fmt::format("CLOSE SESSION reported {} but the session is fixated (disc {})", senseOf(s),
                   mmc::discStatusName(disc->status)));
  return Status::Ok();
}

bool QuirkHandler::mayPollBuffer(uint64_t bytes_sent, uint64_t buffer_bytes) const {
  return bytes_sent >= buffer_bytes || !enabled_.poll_buffer_after_first_fill;
}

bool QuirkHandler::completeWriteParameters(const mmc::WriteParametersPage& as_read) {
  // MMC-5 Table 641: data block types 3-7 and 14 are reserved (15 is vendor specific).
  const uint8_t type = as_read.dataBlockType();
  if (enabled_.complete_write_parameters && ((type >= 3 && type <= 7) || type == 14)) {
    note("invalid_page05_defaults",
         fmt::format("page 05h held data block type {} (reserved); every field is set before MODE SELECT", type));
  }
  return enabled_.complete_write_parameters;
}

Result<mmc::BufferCapacity> QuirkHandler::bufferCapacity() {
  DM_ASSIGN_OR_RETURN(mmc::BufferCapacity first, drive_.bufferCapacity());
  if (!enabled_.requery_stale_buffer_capacity) return first;
  if (!stale_buffer_ && first.free_bytes < first.length_bytes) return first;
  DM_ASSIGN_OR_RETURN(mmc::BufferCapacity again, drive_.bufferCapacity());
  if (!stale_buffer_ && again.free_bytes + kBufferRequeryTolerance < first.free_bytes) {
    stale_buffer_ = true;
    note("stale_buffer_capacity",
         fmt::format("READ BUFFER CAPACITY said {} bytes free, asked again at once {}: answers lag one query; "
                     "each poll is now asked twice",
                     first.free_bytes, again.free_bytes));
  }
  return again;
}

void QuirkHandler::noteBusyRetries(uint32_t retries_before) {
  const uint32_t n = drive_.busyRetries() - retries_before;
  if (n == 0 || !enabled_.wait_out_busy_answers) return;
  note("write_busy_when_buffer_full/tur_ready_while_busy/close_first_attempt_in_progress",
       fmt::format("{} command(s) answered 02/04/07 or 02/04/08 were sent again after a wait", n));
}

Status QuirkHandler::checkSimulation(const mmc::DiscInformation& after, std::string_view before) {
  if (!enabled_.check_simulation_left_disc_blank || after.status == mmc::DiscStatus::kBlank || before != "blank") {
    return Status::Ok();
  }
  note("test_write_ignored", fmt::format("Test Write was set, but the disc is now {}", mmc::discStatusName(after.status)));
  return Status(ResultCode::kGeneric,
                fmt::format("the drive ignored Test Write (quirk test_write_ignored): the simulation recorded the "
                            "disc, which is now {}",
                            mmc::discStatusName(after.status)));
}

}  // namespace dm::burn
