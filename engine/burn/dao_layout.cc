// Planning a Disc-At-Once session and its cue sheet (see dao_layout.h).
#include "engine/burn/dao_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace dm::burn {
namespace {

constexpr uint8_t kAdrPosition = 1, kAdrMcn = 2, kAdrIsrc = 3;
constexpr uint8_t kCtlPreEmphasis = 0x1, kCtlCopy = 0x2, kCtlData = 0x4;
constexpr uint8_t kFormAudio = 0x00, kFormAudioGenerated = 0x01, kFormMode1 = 0x10, kFormMode1Generated = 0x14;
constexpr uint8_t kFormLeadInText = 0x41;
constexpr uint8_t kTnoLeadOut = 0xAA;

using Entry = std::array<uint8_t, 8>;

// Absolute time of an LBA (LBA 0 = 00:02:00), binary as cue sheets carry it.
void putMsf(Entry& e, int32_t lba) {
  const int32_t frames = lba + 150;
  e[5] = static_cast<uint8_t>(frames / (75 * 60));
  e[6] = static_cast<uint8_t>(frames / 75 % 60);
  e[7] = static_cast<uint8_t>(frames % 75);
}

Entry position(uint8_t ctl, uint8_t tno, uint8_t index, uint8_t form, int32_t lba) {
  Entry e{};
  e[0] = static_cast<uint8_t>(ctl << 4 | kAdrPosition);
  e[1] = tno;
  e[2] = index;
  e[3] = form;
  putMsf(e, lba);
  return e;
}

uint8_t controlOf(const DaoTrack& t) {
  uint8_t ctl = t.copy_permitted ? kCtlCopy : 0;
  if (t.kind == TrackKind::kDataMode1) return static_cast<uint8_t>(ctl | kCtlData);
  return static_cast<uint8_t>(ctl | (t.pre_emphasis ? kCtlPreEmphasis : 0));
}

bool validIsrc(const std::string& s) {
  if (s.size() != 12) return false;
  for (size_t i = 0; i < 12; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (i < 5 ? !(std::isdigit(c) || (c >= 'A' && c <= 'Z')) : !std::isdigit(c)) return false;
  }
  return true;
}

}  // namespace

uint32_t plannedSilenceBlocks(const DaoDisc& disc, size_t i) {
  if (i == 0) return kFirstPregapBlocks;
  const DaoTrack& t = disc.tracks[i];
  if (t.kind == disc.tracks[i - 1].kind || t.pregap_blocks + t.source_pregap_blocks >= kModeChangePregapBlocks) {
    return t.pregap_blocks;
  }
  return kModeChangePregapBlocks - t.source_pregap_blocks;
}

Result<DaoLayout> planDao(const DaoDisc& disc, int32_t start_lba, uint16_t first_track) {
  if (disc.tracks.empty()) return Status(ResultCode::kInvalidImage, "Disc-At-Once needs at least one track");
  if (first_track + disc.tracks.size() - 1 > 99) {
    return Status(ResultCode::kDiscFull, fmt::format("{} tracks from track {}: a CD holds 99", disc.tracks.size(), first_track));
  }
  if (!disc.mcn.empty() && (disc.mcn.size() != 13 || !std::all_of(disc.mcn.begin(), disc.mcn.end(), ::isdigit))) {
    return Status(ResultCode::kInvalidArgument, fmt::format("catalog number '{}': 13 digits expected", disc.mcn));
  }
  DaoLayout layout;
  std::vector<Entry> entries;
  const DaoTrack& first = disc.tracks.front();
  const bool text = !disc.cd_text_packs.empty();
  const uint8_t lead_in_form =
      text ? kFormLeadInText : first.kind == TrackKind::kAudio ? kFormAudioGenerated : kFormMode1Generated;
  // The lead-in entry's time is left 0: the drive knows where its lead-in starts.
  Entry lead_in{};
  lead_in[0] = static_cast<uint8_t>(controlOf(first) << 4 | kAdrPosition);
  lead_in[3] = lead_in_form;
  entries.push_back(lead_in);
  if (!disc.mcn.empty()) {
    Entry a{}, b{};
    a[0] = b[0] = kAdrMcn;
    for (size_t i = 0; i < 7; ++i) a[1 + i] = static_cast<uint8_t>(disc.mcn[i]);
    for (size_t i = 0; i < 6; ++i) b[1 + i] = static_cast<uint8_t>(disc.mcn[7 + i]);
    entries.push_back(a);
    entries.push_back(b);
  }

  int32_t lba = start_lba - static_cast<int32_t>(kFirstPregapBlocks);
  for (size_t i = 0; i < disc.tracks.size(); ++i) {
    const DaoTrack& t = disc.tracks[i];
    const auto number = static_cast<uint16_t>(first_track + i);
    if (t.kind == TrackKind::kDataMode1 && t.pre_emphasis) {
      return Status(ResultCode::kInvalidArgument, fmt::format("track {}: pre-emphasis is for audio tracks only", number));
    }
    if (t.source_pregap_blocks >= t.source->totalBlocks()) {
      return Status(ResultCode::kInvalidArgument, fmt::format("track {}: its pregap takes the whole source", number));
    }
    const uint32_t blocks = t.source->totalBlocks() - t.source_pregap_blocks;  // from index 1
    if (blocks < kMinimumTrackBlocks) {
      return Status(ResultCode::kTrackNotBigEnough,
                    fmt::format("track {} holds {} blocks; a track needs at least {} (4 s)", number, blocks, kMinimumTrackBlocks));
    }
    if (!t.isrc.empty() && !validIsrc(t.isrc)) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("track {}: ISRC '{}' is not CCOOOYYSSSSS (country, owner, year, serial)", number, t.isrc));
    }
    const uint8_t ctl = controlOf(t);
    const uint8_t form = t.kind == TrackKind::kAudio ? kFormAudio : kFormMode1;
    if (!t.isrc.empty()) {
      Entry a{}, b{};
      a[0] = static_cast<uint8_t>(ctl << 4 | kAdrIsrc);
      b[0] = a[0];
      a[1] = b[1] = static_cast<uint8_t>(number);
      for (size_t k = 0; k < 6; ++k) a[2 + k] = static_cast<uint8_t>(t.isrc[k]), b[2 + k] = static_cast<uint8_t>(t.isrc[6 + k]);
      entries.push_back(a);
      entries.push_back(b);
    }
    PlannedTrack p;
    p.number = number;
    p.bytes = t.kind == TrackKind::kAudio ? 2352 : 2048;
    p.pregap_lba = lba;
    const uint32_t silence = plannedSilenceBlocks(disc, i);
    if (silence + t.source_pregap_blocks > 0) entries.push_back(position(ctl, static_cast<uint8_t>(number), 0, form, lba));
    lba += static_cast<int32_t>(silence);
    p.source_lba = lba;
    lba += static_cast<int32_t>(t.source_pregap_blocks);
    p.start_lba = lba;
    entries.push_back(position(ctl, static_cast<uint8_t>(number), 1, form, lba));
    uint32_t previous = 0;
    for (size_t k = 0; k < t.index_offsets.size(); ++k) {
      const uint32_t at = t.index_offsets[k];
      if (at <= previous || at >= blocks || k + 2 > 99) {
        return Status(ResultCode::kInvalidArgument,
                      fmt::format("track {}: index {} at block {} is not after the previous index and inside the track",
                                  number, k + 2, at));
      }
      entries.push_back(position(ctl, static_cast<uint8_t>(number), static_cast<uint8_t>(k + 2), form,
                                 lba + static_cast<int32_t>(at)));
      previous = at;
    }
    lba += static_cast<int32_t>(blocks);
    p.end_lba = lba;
    layout.tracks.push_back(p);
  }
  const DaoTrack& last = disc.tracks.back();
  entries.push_back(position(controlOf(last), kTnoLeadOut, 1,
                             last.kind == TrackKind::kAudio ? kFormAudioGenerated : kFormMode1Generated, lba));
  layout.lead_out_lba = lba;
  for (const Entry& e : entries) layout.cue_sheet.insert(layout.cue_sheet.end(), e.begin(), e.end());
  return layout;
}

}  // namespace dm::burn
