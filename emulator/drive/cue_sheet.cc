// Cue sheet decoding and its rules (MMC-3 §6.33, mmc.md §2.6): entry order, track and index
// numbering, strictly increasing absolute times, the Red Book minimum track length, CTL against
// data form, MCN and ISRC character sets, and a lead-out inside the medium. Every rule names the
// byte that breaks it, so the drive can point the host at it (SPC-3 field pointer).
#include "emulator/drive/cue_sheet.h"

#include <limits>

#include "emulator/media/medium.h"
#include "emulator/media/msf.h"

namespace vrec {
namespace {

constexpr size_t kEntryBytes = 8;
constexpr uint8_t kAdrPosition = 1;
constexpr uint8_t kAdrMcn = 2;
constexpr uint8_t kAdrIsrc = 3;
constexpr uint8_t kTnoLeadOut = 0xAA;
constexpr uint8_t kCtlPreEmphasis = 0x1;
constexpr uint8_t kCtlData = 0x4;
constexpr uint8_t kCtlFourChannel = 0x8;
constexpr size_t kMcnDigits = 13;
constexpr size_t kIsrcChars = 12;

struct TrackForm {
  uint16_t block_bytes = 0;
  uint8_t data_mode = 0;
  bool data = false;
};

// Forms a track's blocks may have: the host sends every block of the program area.
std::optional<TrackForm> trackForm(uint8_t form) {
  switch (form) {
    case kCueFormAudio: return TrackForm{2352, 0, false};
    case kCueFormMode1: return TrackForm{2048, 1, true};
    case kCueFormXa:
    case kCueFormMode2: return TrackForm{2336, 2, true};
    default: return std::nullopt;
  }
}

bool generatedForm(uint8_t form) {
  return form == kCueFormAudioGenerated || form == kCueFormMode1Generated || form == kCueFormXaGenerated ||
         form == kCueFormMode2Generated;
}

bool leadInForm(uint8_t form) { return generatedForm(form) || form == kCueFormLeadInText; }

bool leadOutForm(uint8_t form) { return generatedForm(form) || trackForm(form).has_value(); }

bool digit(uint8_t c) { return c >= '0' && c <= '9'; }
bool upperAlnum(uint8_t c) { return digit(c) || (c >= 'A' && c <= 'Z'); }

CueFault at(size_t entry, size_t byte, std::optional<uint8_t> bit = std::nullopt) {
  return CueFault{static_cast<uint16_t>(entry * kEntryBytes + byte), bit};
}

// The two ADR 2 entries from entry `i`: digits 1-7 in bytes 1-7, digits 8-13 in bytes 1-6 of the
// second, whose byte 7 is zero.
std::optional<CueFault> decodeMcn(std::span<const uint8_t> list, size_t i, std::string& mcn) {
  const size_t count = list.size() / kEntryBytes;
  if (i + 1 >= count || (list[(i + 1) * kEntryBytes] & 0x0F) != kAdrMcn) return at(i + 1 < count ? i + 1 : i, 0);
  std::string digits;
  for (size_t k = 0; k < kMcnDigits; ++k) {
    const size_t which = k < 7 ? i : i + 1;
    const size_t byte = k < 7 ? 1 + k : 1 + (k - 7);
    const uint8_t c = list[which * kEntryBytes + byte];
    if (!digit(c)) return at(which, byte);
    digits.push_back(static_cast<char>(c));
  }
  if (list[(i + 1) * kEntryBytes + 7] != 0) return at(i + 1, 7);
  mcn = digits;
  return std::nullopt;
}

// A track whose mode differs from the one before (audio after data, data after audio: a
// mixed-mode disc) needs a pregap of at least 2 s, so a player or reader changing modes meets
// the new track's index 1 only after it (Red Book / Yellow Book transition rule).
constexpr int32_t kModeChangePregapSectors = 150;

bool shortModeChange(const CueTrack& previous, const CueTrack& track) {
  const bool changes = ((previous.control ^ track.control) & kCtlData) != 0;
  return changes && track.start_lba - track.pregap_lba < kModeChangePregapSectors;
}

}  // namespace

const CueTrack* CueSheet::trackAt(int32_t lba) const {
  for (const CueTrack& t : tracks) {
    if (lba >= t.pregap_lba && lba < t.end_lba) return &t;
  }
  return nullptr;
}

uint16_t CueSheet::hostBlockBytes(int32_t lba) const {
  if (hasCdText() && lba >= lead_in_lba && lba < programStartLba()) return kCueLeadInBlockBytes;
  const CueTrack* track = trackAt(lba);
  return track != nullptr ? track->block_bytes : 0;
}

std::optional<CueFault> decodeCueSheet(std::span<const uint8_t> list, const CueLimits& limits, CueSheet& sheet) {
  const size_t count = list.size() / kEntryBytes;
  if (count == 0) return CueFault{0, std::nullopt};
  const auto entry = [&list](size_t i) { return list.subspan(i * kEntryBytes, kEntryBytes); };
  CueSheet out;

  // The catalog number may come before the lead-in (cdrecord puts it there) or right after it
  // (libburn); the lead-in entry itself is TNO 00, index 00, at 00:00:00 or the lead-in start.
  size_t lead_in_entry = 0;
  if ((entry(0)[0] & 0x0F) == kAdrMcn) {
    if (auto fault = decodeMcn(list, 0, out.mcn)) return fault;
    lead_in_entry = 2;
    if (lead_in_entry >= count) return at(1, 0);
  }
  const auto lead_in = entry(lead_in_entry);
  if ((lead_in[0] & 0x0F) != kAdrPosition) return at(lead_in_entry, 0);
  if (lead_in[1] != 0) return at(lead_in_entry, 1);
  if (lead_in[2] != 0) return at(lead_in_entry, 2);
  if (!leadInForm(lead_in[3])) return at(lead_in_entry, 3);
  const Msf lead_in_time{lead_in[5], lead_in[6], lead_in[7]};
  if (lead_in_time != Msf{} && (lead_in[6] >= 60 || lead_in[7] >= 75 || msfToLba(lead_in_time) != limits.lead_in_lba)) {
    return at(lead_in_entry, 5);
  }
  out.lead_in_form = lead_in[3];
  out.lead_in_lba = limits.lead_in_lba;

  bool lead_out_seen = false;
  bool has_index1 = false;
  uint8_t last_index = 0;
  int32_t last_lba = std::numeric_limits<int32_t>::min();
  std::string pending_isrc;
  for (size_t i = lead_in_entry + 1; i < count; ++i) {
    const auto e = entry(i);
    const uint8_t adr = e[0] & 0x0F;
    const uint8_t ctl = static_cast<uint8_t>(e[0] >> 4);
    if (lead_out_seen) return at(i, 0);  // the lead-out is the last entry
    const uint16_t next_number = out.tracks.empty() ? limits.first_track : static_cast<uint16_t>(out.tracks.back().number + 1);

    if (adr == kAdrMcn || adr == kAdrIsrc) {
      if (i + 1 >= count || (entry(i + 1)[0] & 0x0F) != adr) return at(i + 1 < count ? i + 1 : i, 0);
      const auto second = entry(i + 1);
      if (adr == kAdrMcn) {
        // One catalog number, announced before the tracks.
        if (!out.mcn.empty() || !out.tracks.empty() || !pending_isrc.empty()) return at(i, 0);
        if (auto fault = decodeMcn(list, i, out.mcn)) return fault;
      } else {
        // The ISRC of the track whose first position entry follows.
        if (!pending_isrc.empty()) return at(i, 0);
        if (e[1] != next_number) return at(i, 1);
        if (second[1] != next_number) return at(i + 1, 1);
        std::string isrc;
        for (size_t k = 0; k < kIsrcChars; ++k) {
          const size_t which = k < 6 ? i : i + 1;
          const size_t byte = 2 + k % 6;
          const uint8_t c = entry(which)[byte];
          // Country (2) and owner (3) codes are alphanumeric; year (2) and serial (5) are digits.
          if (k < 5 ? !upperAlnum(c) : !digit(c)) return at(which, byte);
          isrc.push_back(static_cast<char>(c));
        }
        pending_isrc = isrc;
      }
      ++i;
      continue;
    }
    if (adr != kAdrPosition) return at(i, 0);

    const uint8_t tno = e[1];
    const uint8_t index = e[2];
    const uint8_t form = e[3];
    if ((e[4] & 0x7F) != 0) return at(i, 4);  // only the SCMS bit is defined
    if (e[5] >= kLeadInMsfMinute) return at(i, 5);
    if (e[6] >= 60) return at(i, 6);
    if (e[7] >= kCdFramesPerSecond) return at(i, 7);
    const int32_t lba = msfToLba(Msf{e[5], e[6], e[7]});
    if (lba <= last_lba) return at(i, 5);

    if (tno == kTnoLeadOut) {
      if (out.tracks.empty() || !has_index1 || !pending_isrc.empty()) return at(i, 1);
      if (index != 1) return at(i, 2);
      if (!leadOutForm(form)) return at(i, 3);
      CueTrack& last = out.tracks.back();
      if (lba - last.start_lba < static_cast<int32_t>(kMinTrackSectors)) return at(i, 5);  // Red Book: 4 s
      if (lba > static_cast<int64_t>(limits.capacity_sectors)) return at(i, 5);  // does not fit the medium
      last.end_lba = lba;
      out.lead_out_lba = lba;
      lead_out_seen = true;
      continue;
    }

    if ((ctl & kCtlFourChannel) != 0) return at(i, 0, 7);  // four-channel audio is not recordable
    const std::optional<TrackForm> shape = trackForm(form);
    if (!shape) return at(i, 3);
    if (shape->data != ((ctl & kCtlData) != 0)) return at(i, 0, 6);
    if (shape->data && (ctl & kCtlPreEmphasis) != 0) return at(i, 0, 4);  // pre-emphasis is audio only

    const bool new_track = out.tracks.empty() || tno != out.tracks.back().number;
    if (new_track) {
      if (tno != next_number || tno == 0 || tno > kMaxTracks) return at(i, 1);
      if (!out.tracks.empty() && !has_index1) return at(i, 1);  // the previous track has no index 1
      // A session's first track starts with its 2 s pregap right where the session begins.
      const bool first = out.tracks.empty();
      if (first ? index != 0 : index > 1) return at(i, 2);
      if (first && lba != limits.first_start_lba - static_cast<int32_t>(kTaoPregapSectors)) return at(i, 5);
      if (!first) {
        CueTrack& previous = out.tracks.back();
        if (lba - previous.start_lba < static_cast<int32_t>(kMinTrackSectors)) return at(i, 5);
        previous.end_lba = lba;
      }
      CueTrack track;
      track.number = tno;
      track.control = ctl;
      track.data_form = form;
      track.block_bytes = shape->block_bytes;
      track.data_mode = shape->data_mode;
      track.pregap_lba = lba;
      track.start_lba = lba;
      track.isrc = pending_isrc;
      pending_isrc.clear();
      has_index1 = index == 1;
      if (has_index1 && !out.tracks.empty() && shortModeChange(out.tracks.back(), track)) return at(i, 5);
      out.tracks.push_back(track);
    } else {
      CueTrack& track = out.tracks.back();
      if (ctl != track.control) return at(i, 0);
      if (form != track.data_form) return at(i, 3);
      if (!pending_isrc.empty()) return at(i - 2, 1);  // an ISRC in the middle of a track
      if (index != last_index + 1) return at(i, 2);
      if (index == 1) {
        if (out.tracks.size() == 1 && lba != limits.first_start_lba) return at(i, 5);
        track.start_lba = lba;
        has_index1 = true;
        if (out.tracks.size() > 1 && shortModeChange(out.tracks[out.tracks.size() - 2], track)) return at(i, 5);
      } else {
        track.index_lbas.push_back(lba);
      }
    }
    last_index = index;
    last_lba = lba;
  }
  if (!lead_out_seen) return at(count - 1, 1);
  sheet = std::move(out);
  return std::nullopt;
}

}  // namespace vrec
