// Medium state and transitions: disc status, session state, the next writable address and free
// space, the human description; and recording — opening a track at the next writable address,
// growing it, closing it (padding, run-out) and closing the session (lead-out position, appendable
// or complete). The address arithmetic follows mmc.md §1.2-§1.3 (Orange Book TAO/multisession).
#include "emulator/media/medium.h"

#include <string>

#include "emulator/media/disc_geometry.h"

namespace vrec {

Medium Medium::blank(MediumKind kind) { return Medium(kind); }

uint32_t Medium::capacitySectors() const {
  if (formatted_capacity_ != 0) return formatted_capacity_;
  if (isDvd()) return info().dvd_capacity_sectors;
  // A lead-out start is a program-area time even at or past 90:00 (a 99-min blank's 99:59:74,
  // mmc.md §1.4), never the lead-in range msfToLba() maps those minutes to.
  const Msf m = info().atip_last_lead_out;
  const int32_t lead_out = (m.minute * 60 + m.second) * kCdFramesPerSecond + m.frame - kMsfLbaOffset;
  return lead_out > 0 ? static_cast<uint32_t>(lead_out) : 0;
}

DiscStatus Medium::status() const {
  if (tracks_.empty()) return DiscStatus::kBlank;
  return finalized_ ? DiscStatus::kComplete : DiscStatus::kAppendable;
}

SessionState Medium::lastSessionState() const {
  if (finalized_) return SessionState::kComplete;
  // An appendable disc's last session is the empty one that follows the closed sessions.
  return sessionOpen() ? SessionState::kIncomplete : SessionState::kEmpty;
}

const Track* Medium::track(uint16_t number) const {
  if (number == 0 || number > tracks_.size()) return nullptr;
  return &tracks_[number - 1u];
}

const Track* Medium::openTrack() const {
  if (tracks_.empty() || tracks_.back().closed) return nullptr;
  return &tracks_.back();
}

uint16_t Medium::closedSessionCount() const {
  uint16_t count = 0;
  for (const Session& session : sessions_) {
    if (session.closed) ++count;
  }
  return count;
}

uint16_t Medium::nextSessionNumber() const {
  if (sessionOpen()) return sessions_.back().number;
  return static_cast<uint16_t>(sessions_.size() + 1);
}

int32_t Medium::nextLeadInLba() const {
  if (sessionOpen()) return sessions_.back().lead_in_lba;
  if (isDvd()) return nextWritableLba();  // DVD: the next session starts where its data does
  if (sessions_.empty()) return msfToLba(info().atip_lead_in_start);
  // mmc.md §1.3: the next session's lead-in follows the previous lead-out (90 s after the first
  // session, 30 s after later ones).
  const Session& last = sessions_.back();
  const uint32_t lead_out = last.number == 1 ? kFirstLeadOutSectors : kLaterLeadOutSectors;
  return last.lead_out_lba + static_cast<int32_t>(lead_out);
}

int32_t Medium::nextWritableLba() const {
  if (tracks_.empty()) return 0;  // track 1 index 1 is LBA 0; its pregap is LBA -150..-1
  const Track& last = tracks_.back();
  if (!last.closed) return last.userEndLba();
  if (isDvd()) {
    // Closed DVD/BD tracks end on a write unit; a closed session or border costs its closure zone.
    const int32_t end = last.userEndLba();
    return sessionOpen() ? end : end + static_cast<int32_t>(sessionGapSectors(family()));
  }
  if (sessionOpen()) {
    // mmc.md §1.3: next index 1 = previous user end + 2 run-out + 150 (link, run-in, pregap).
    return last.userEndLba() + static_cast<int32_t>(kTaoRunOutSectors + kTaoPregapSectors);
  }
  // New session: lead-out + lead-in + pregap = 11,400 after the first session, 6,900 later.
  return nextLeadInLba() + static_cast<int32_t>(kLeadInSectors + kTaoPregapSectors);
}

uint32_t Medium::freeSectors() const {
  if (finalized_ || formatted_) return 0;
  const int64_t free = static_cast<int64_t>(capacitySectors()) - nextWritableLba();
  return free > 0 ? static_cast<uint32_t>(free) : 0;
}

std::optional<int32_t> Medium::lastLeadOutLba() const {
  for (auto it = sessions_.rbegin(); it != sessions_.rend(); ++it) {
    if (it->closed) return it->lead_out_lba;
  }
  return std::nullopt;
}

std::string Medium::describe() const {
  std::string text(info().label);
  if (tracks_.empty()) return text + " (blank)";
  if (formatted_) return text + " (formatted)";
  const size_t count = sessions_.size();
  text += " (" + std::to_string(count) + (count == 1 ? " session, " : " sessions, ");
  if (finalized_) {
    text += "closed";
  } else if (sessionOpen()) {
    text += "open";
  } else {
    text += "appendable";
  }
  for (const Track& t : tracks_) {
    if (t.damaged) {
      text += ", damaged";
      break;
    }
  }
  return text + ")";
}

Medium Medium::withoutData() const {
  Medium copy(kind_);
  copy.sessions_ = sessions_;
  copy.tracks_ = tracks_;
  copy.finalized_ = finalized_;
  copy.formatted_ = formatted_;
  copy.formatted_capacity_ = formatted_capacity_;
  copy.pseudo_overwrite_ = pseudo_overwrite_;
  copy.bg_format_ = bg_format_;
  copy.mcn_ = mcn_;
  copy.cd_text_ = cd_text_;
  return copy;
}

// --- Recording ---

Track& Medium::beginTrack(uint8_t control, uint16_t block_bytes) {
  const int32_t start = nextWritableLba();
  if (!sessionOpen()) {
    Session session;
    session.number = nextSessionNumber();
    session.lead_in_lba = nextLeadInLba();
    session.first_track = nextTrackNumber();
    sessions_.push_back(session);
  }
  Track track;
  track.number = nextTrackNumber();
  track.session = sessions_.back().number;
  track.start_lba = start;
  track.pregap_lba = start - static_cast<int32_t>(isDvd() ? 0 : kTaoPregapSectors);
  track.dvd = isDvd();
  track.block_bytes = block_bytes;
  track.control = static_cast<uint8_t>(control & 0x0F);
  // Track mode 1 (mmc.md §4.1): an audio track with pre-emphasis, CONTROL bit 0.
  track.pre_emphasis = (track.control & 0x05) == 0x01;
  tracks_.push_back(track);
  sessions_.back().last_track = track.number;
  return tracks_.back();
}

void Medium::recordBlocks(uint32_t count, std::span<const uint8_t> blocks) {
  if (tracks_.empty() || tracks_.back().closed) return;
  Track& track = tracks_.back();
  if (!blocks.empty() && track.block_bytes != 0) {
    for (uint32_t i = 0; i < count; ++i) {
      const size_t offset = static_cast<size_t>(i) * track.block_bytes;
      if (offset + track.block_bytes > blocks.size()) break;
      store_.write(track.userEndLba() + static_cast<int32_t>(i), blocks.subspan(offset, track.block_bytes));
    }
  }
  track.recorded_sectors += count;
}

uint32_t Medium::closeTrack(uint32_t min_sectors) {
  if (tracks_.empty() || tracks_.back().closed) return 0;
  Track& track = tracks_.back();
  // mmc.md §1.2: tracks shorter than 4 s are padded by the drive; padding reads back as zeros.
  const uint32_t padding = track.recorded_sectors < min_sectors ? min_sectors - track.recorded_sectors : 0;
  track.recorded_sectors += padding;
  track.closed = true;
  return padding;
}

void Medium::markOpenTrackDamaged() {
  if (!tracks_.empty() && !tracks_.back().closed) tracks_.back().damaged = true;
}

void Medium::closeSession(bool allow_next) {
  if (!sessionOpen() || tracks_.empty()) return;
  Session& session = sessions_.back();
  const Track& last = tracks_.back();
  // A session written at once has no run-out: the lead-out follows the last block (mmc.md §1.3).
  session.lead_out_lba =
      last.userEndLba() + static_cast<int32_t>(last.session_at_once || last.dvd ? 0 : kTaoRunOutSectors);
  session.closed = true;
  // Page 05 multisession 11b leaves the next session open; 00b and 01b close the disc (B0 pointer
  // absent or FF:FF:FF, mmc.md §4.1). A disc without room for another track is complete as well.
  const uint32_t least = isDvd() ? writeUnitSectors(family()) : kMinTrackSectors + kTaoRunOutSectors;
  finalized_ = !allow_next || freeSectors() <= least;
}

// --- Session-At-Once recording ---

Track& Medium::beginTrackAtOnce(const AtOnceTrack& plan) {
  if (!tracks_.empty() && !tracks_.back().closed) tracks_.back().closed = true;
  if (!sessionOpen()) {
    Session session;
    session.number = nextSessionNumber();
    session.lead_in_lba = nextLeadInLba();
    session.first_track = nextTrackNumber();
    sessions_.push_back(session);
  }
  Track track;
  track.number = nextTrackNumber();
  track.session = sessions_.back().number;
  track.start_lba = plan.start_lba;
  track.pregap_lba = plan.pregap_lba;
  track.index_lbas = plan.index_lbas;
  track.isrc = plan.isrc;
  track.block_bytes = plan.block_bytes;
  track.control = static_cast<uint8_t>(plan.control & 0x0F);
  track.pre_emphasis = (track.control & 0x05) == 0x01;
  if (track.isData()) track.data_mode = plan.data_mode;
  track.session_at_once = true;
  tracks_.push_back(track);
  sessions_.back().last_track = track.number;
  return tracks_.back();
}

void Medium::recordAtOnce(int32_t lba, uint32_t count, uint16_t block_bytes, std::span<const uint8_t> blocks) {
  if (tracks_.empty() || tracks_.back().closed) return;
  Track& track = tracks_.back();
  if (!blocks.empty() && block_bytes != 0) {
    for (uint32_t i = 0; i < count; ++i) {
      const size_t offset = static_cast<size_t>(i) * block_bytes;
      if (offset + block_bytes > blocks.size()) break;
      store_.write(lba + static_cast<int32_t>(i), blocks.subspan(offset, block_bytes));
    }
  }
  const int32_t end = lba + static_cast<int32_t>(count);
  if (end > track.userEndLba()) track.recorded_sectors = static_cast<uint32_t>(end - track.start_lba);
}

void Medium::closeSessionAtOnce(bool allow_next, const std::string& mcn, const std::vector<uint8_t>& cd_text) {
  if (tracks_.empty()) return;
  tracks_.back().closed = true;
  closeSession(allow_next);
  if (!mcn.empty()) mcn_ = mcn;
  if (!cd_text.empty()) cd_text_ = cd_text;
}

}  // namespace vrec
