// The quirk steps of reading a drive and its disc (see quirk_workarounds.h): the speed lists of
// GET PERFORMANCE, the TOC in MSF form with its track numbers, the sessions of the full TOC and
// READ CD with error flags and sub-channel for the audio verify. Each recognises a catalogue entry
// (emulator/quirks/CATALOGUE.md) by the drive's answer, not by its name.
#include "engine/burn/quirk_workarounds.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace dm::burn {
namespace {

bool invalidField(const Status& s) {
  const auto& sense = s.context().sense;
  return sense && sense->key == 0x05 && sense->asc == 0x24;
}

uint8_t fromBcd(uint8_t v) { return static_cast<uint8_t>((v >> 4) * 10 + (v & 0x0F)); }
bool isBcd(uint8_t v) { return (v >> 4) <= 9 && (v & 0x0F) <= 9; }

// Whether the track numbers (lead-out excluded) count up by one from `first`.
bool consecutive(const mmc::Toc& toc, bool bcd) {
  uint8_t expect = bcd ? fromBcd(toc.first_track) : toc.first_track;
  for (const mmc::TocEntry& e : toc.entries) {
    if (e.track == mmc::kLeadOutTrack) continue;
    if (bcd && !isBcd(e.track)) return false;
    if ((bcd ? fromBcd(e.track) : e.track) != expect++) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<uint16_t>> QuirkHandler::writeSpeeds(const mmc::Capabilities& caps) {
  DM_ASSIGN_OR_RETURN(std::vector<uint16_t> speeds, drive_.performanceWriteSpeeds());
  if (!speeds.empty() || !enabled_.speeds_from_capabilities_page) return speeds;
  for (uint16_t kbps : caps.write_speeds_kbps) {
    if (kbps != 0) speeds.push_back(kbps);
  }
  note("empty_get_performance",
       fmt::format("GET PERFORMANCE lists no write speed; {} speed(s) from page 2Ah", speeds.size()));
  return speeds;
}

Result<double> QuirkHandler::selectedWriteSpeedX(const mmc::Capabilities& caps) {
  auto nominal = drive_.nominalWriteKbps();
  if (nominal.ok()) return mmc::cdSpeedX(static_cast<uint16_t>(std::min<uint32_t>(*nominal, 0xFFFF)));
  if (!invalidField(nominal.error()) || !enabled_.speed_from_page_when_nominal_refused) return nominal.error();
  note("get_performance_nominal_refused", "GET PERFORMANCE nominal performance refused; speed from page 2Ah");
  return currentWriteSpeedX(caps);
}

Result<mmc::Toc> QuirkHandler::tocIn(bool msf) {
  DM_ASSIGN_OR_RETURN(auto reply, drive_.rawToc(0, msf));
  return mmc::parseToc(reply, msf);
}

Result<mmc::Toc> QuirkHandler::toc() {
  auto read = tocIn(!refuses_msf_);
  if (!read.ok() && !refuses_msf_ && invalidField(read.error()) && enabled_.toc_in_lba_when_msf_refused) {
    refuses_msf_ = true;
    note("read_toc_msf_unsupported", "READ TOC in MSF form refused; read in LBA form");
    read = tocIn(false);
  }
  if (!read.ok()) return read;
  mmc::Toc toc = *read;
  if (enabled_.decode_bcd_track_numbers && !consecutive(toc, false) && consecutive(toc, true)) {
    note("bcd_track_numbers_in_toc",
         fmt::format("TOC track numbers {:02X}-{:02X} are BCD; read as {}-{}", toc.first_track, toc.last_track,
                     fromBcd(toc.first_track), fromBcd(toc.last_track)));
    toc.first_track = fromBcd(toc.first_track);
    toc.last_track = fromBcd(toc.last_track);
    for (mmc::TocEntry& e : toc.entries) {
      if (e.track != mmc::kLeadOutTrack) e.track = fromBcd(e.track);
    }
  }
  return toc;
}

Result<std::vector<mmc::TocSession>> QuirkHandler::sessions() {
  auto full = drive_.rawToc(2, true);
  if (full.ok()) return mmc::parseFullToc(*full);
  if (!invalidField(full.error()) || !enabled_.sessions_without_full_toc) return full.error();
  DM_ASSIGN_OR_RETURN(mmc::Toc toc, this->toc());
  DM_ASSIGN_OR_RETURN(mmc::SessionInfo last, drive_.sessionInfo());
  std::vector<mmc::TocSession> sessions;
  for (const mmc::TocEntry& e : toc.entries) {
    if (e.track == mmc::kLeadOutTrack) continue;
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation t, drive_.trackInformation(mmc::TrackAddressType::kTrack, e.track));
    if (sessions.empty() || sessions.back().session != t.session) {
      sessions.push_back({});
      sessions.back().session = static_cast<uint8_t>(t.session);
      sessions.back().first_track = e.track;
      sessions.back().first_track_lba = e.start_lba;
    }
    sessions.back().last_track = e.track;
    sessions.back().lead_out_lba = t.start_lba + static_cast<int32_t>(t.track_size);
  }
  // The TOC's lead-out is the last complete session's; format 1 names that session.
  if (!sessions.empty() && !toc.entries.empty() && sessions.back().session == last.last_complete_session) {
    sessions.back().lead_out_lba = toc.entries.back().start_lba;
  }
  note("read_toc_full_unsupported",
       fmt::format("READ TOC format 2 refused; {} session(s) from the TOC, session information and track information",
                   sessions.size()));
  return sessions;
}

Status QuirkHandler::readAudioBack(uint32_t lba, uint16_t blocks, std::vector<uint8_t>& out, bool& with_c2,
                                   bool& with_q) {
  with_c2 = with_c2 && !refuses_c2_;
  with_q = with_q && !refuses_subchannel_;
  auto attempt = [&](bool c2, bool q) {
    out.resize(size_t{blocks} * (2352 + (c2 ? 294 : 0) + (q ? 16 : 0)));
    return drive_.readAudioChecked(lba, blocks, out, c2, q);
  };
  Status s = attempt(with_c2, with_q);
  if (s.ok() || !invalidField(s)) return s;
  // The same 05/24/00 answers either refusal: find which part the drive takes.
  const bool c2_may_go = with_c2 && enabled_.read_cd_without_error_flags;
  const bool q_may_go = with_q && enabled_.verify_audio_without_subchannel;
  const std::pair<bool, bool> tries[] = {{false, with_q}, {with_c2, false}, {false, false}};
  for (const auto& [c2, q] : tries) {
    if ((c2 != with_c2 && !c2_may_go) || (q != with_q && !q_may_go) || (c2 == with_c2 && q == with_q)) continue;
    if (!attempt(c2, q).ok()) continue;
    if (c2 != with_c2) {
      refuses_c2_ = true;
      note("read_cd_error_flags_refused", "READ CD with C2 error pointers refused; audio verified without them");
    }
    if (q != with_q) {
      refuses_subchannel_ = true;
      note("read_cd_subchannel_unsupported",
           "READ CD with sub-channel refused; audio verified on its main data only, the Q sub-channel not checked");
    }
    with_c2 = c2;
    with_q = q;
    return Status::Ok();
  }
  return s;
}

}  // namespace dm::burn
