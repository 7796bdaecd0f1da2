// Planning a raw disc and generating the sub-channel of any block (see raw_layout.h).
#include "engine/burn/raw_layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/audio/cd_text.h"

namespace dm::burn {
namespace {

using sector::Channel;
using sector::SectorForm;
using Q = std::array<uint8_t, sector::kChannelBytes>;

constexpr uint8_t kAdrPosition = 1, kAdrMcn = 2, kAdrIsrc = 3;
constexpr uint8_t kPointFirstTrack = 0xA0, kPointLastTrack = 0xA1, kPointLeadOut = 0xA2;
constexpr uint8_t kDiscTypeCdDaCdRom = 0x00;  // A0 PSEC (mmc.md §2.1)
constexpr uint32_t kTocRepeats = 3;           // every TOC item in 3 consecutive blocks
// Q modes 2 and 3 each take one frame in every 100 (Red Book: at least once in 100 blocks).
constexpr int32_t kSpecialEvery = 100, kMcnPhase = 0, kIsrcPhase = 50;
// Lead-out P flag: 0 for the first 2 s, then 2 Hz with a 50 % duty cycle (Red Book).
constexpr int32_t kLeadOutQuietBlocks = 150;

uint8_t controlOf(const DaoTrack& t) {
  uint8_t ctl = t.copy_permitted ? 0x2 : 0x0;
  if (t.kind == TrackKind::kDataMode1) return static_cast<uint8_t>(ctl | 0x4);
  return static_cast<uint8_t>(ctl | (t.pre_emphasis ? 0x1 : 0x0));
}

void putCrc(Q& q) {
  const uint16_t crc = sector::qCrc(std::span<const uint8_t>(q.data(), sector::kQCrcOffset));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
}

void putMsf(Q& q, size_t at, sector::Msf m) {
  q[at] = sector::toBcd(m.minute);
  q[at + 1] = sector::toBcd(m.second);
  q[at + 2] = sector::toBcd(m.frame);
}

// A TOC item: TNO 00, POINT, and PMIN PSEC PFRAME as they go on the disc (already encoded).
Q tocItem(uint8_t control, uint8_t point, uint8_t pmin, uint8_t psec, uint8_t pframe) {
  Q q{};
  q[0] = static_cast<uint8_t>(control << 4 | kAdrPosition);
  q[2] = point;
  q[7] = pmin;
  q[8] = psec;
  q[9] = pframe;
  return q;
}

Q tocItem(uint8_t control, uint8_t point, sector::Msf p) {
  return tocItem(control, point, sector::toBcd(p.minute), sector::toBcd(p.second), sector::toBcd(p.frame));
}

// ISRC characters in Q mode 3: digits 0–9 as 00h–09h, letters A–Z as 11h–2Ah (6 bits each).
uint8_t isrcCode(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<uint8_t>(0x11 + (c - 'A')) : static_cast<uint8_t>(c - '0');
}

Q mcnFrame(uint8_t control, const std::string& mcn, uint8_t aframe) {
  Q q{};
  q[0] = static_cast<uint8_t>(control << 4 | kAdrMcn);
  for (size_t i = 0; i < 13; ++i) {
    const auto digit = static_cast<uint8_t>(mcn[i] - '0');
    q[1 + i / 2] |= static_cast<uint8_t>(i % 2 == 0 ? digit << 4 : digit);
  }
  q[9] = sector::toBcd(aframe);
  putCrc(q);
  return q;
}

Q isrcFrame(uint8_t control, const std::string& isrc, uint8_t aframe) {
  Q q{};
  q[0] = static_cast<uint8_t>(control << 4 | kAdrIsrc);
  // Five 6-bit characters (country, owner) in bytes 1–4, then seven BCD digits (year, serial).
  uint64_t bits = 0;
  for (size_t i = 0; i < 5; ++i) bits = (bits << 6) | isrcCode(isrc[i]);
  bits <<= 2;
  for (size_t i = 0; i < 4; ++i) q[1 + i] = static_cast<uint8_t>(bits >> (24 - 8 * i));
  for (size_t i = 0; i < 7; ++i) {
    const auto digit = static_cast<uint8_t>(isrc[5 + i] - '0');
    q[5 + i / 2] |= static_cast<uint8_t>(i % 2 == 0 ? digit << 4 : digit);
  }
  q[9] = sector::toBcd(aframe);
  putCrc(q);
  return q;
}

// The lead-in's R–W: the CD-TEXT packs as 6-bit symbols (cd_text.h), symbol n in bit n of R..W.
void putCdText(const std::vector<uint8_t>& packs, uint32_t block, sector::SubchannelChannels& out) {
  std::array<uint8_t, audio::kLeadInSubchannelBytes> symbols{};
  audio::leadInSubchannel(packs, block, symbols);
  for (size_t n = 0; n < symbols.size(); ++n) {
    for (size_t k = 0; k < 6; ++k) {
      if ((symbols[n] >> (5 - k)) & 1) {
        out[(static_cast<size_t>(Channel::kR) + k) * sector::kChannelBytes + n / 8] |= static_cast<uint8_t>(0x80 >> (n % 8));
      }
    }
  }
}

}  // namespace

Result<RawLayout> planRaw(const DaoDisc& disc, int32_t lead_in_lba) {
  if (lead_in_lba > kLatestLeadInStart || lead_in_lba < sector::kMinLba) {
    return Status(ResultCode::kInitializeWrite,
                  fmt::format("the lead-in cannot start at LBA {}: a first lead-in starts between {} and {} (ATIP)",
                              lead_in_lba, sector::kMinLba, kLatestLeadInStart));
  }
  DM_ASSIGN_OR_RETURN(DaoLayout dao, planDao(disc, 0, 1));
  RawLayout l;
  l.lead_in_lba = lead_in_lba;
  l.lead_out_lba = dao.lead_out_lba;
  l.mcn = disc.mcn;
  l.cd_text_packs = disc.cd_text_packs;
  for (size_t i = 0; i < disc.tracks.size(); ++i) {
    const DaoTrack& d = disc.tracks[i];
    const PlannedTrack& p = dao.tracks[i];
    RawTrack t;
    t.number = static_cast<uint8_t>(p.number);
    t.control = controlOf(d);
    t.form = d.kind == TrackKind::kAudio ? SectorForm::kCdda : SectorForm::kMode1;
    t.pregap_lba = p.pregap_lba;
    t.start_lba = p.start_lba;
    t.end_lba = p.end_lba;
    for (uint32_t offset : d.index_offsets) t.index_lbas.push_back(p.start_lba + static_cast<int32_t>(offset));
    t.isrc = d.isrc;
    l.tracks.push_back(t);
  }
  if (l.endLba() > sector::kMaxLba + 1) {
    return Status(ResultCode::kDiscFull, fmt::format("the lead-out would end at LBA {}, past the last CD address {}",
                                                     l.endLba(), sector::kMaxLba));
  }

  const RawTrack& first = l.tracks.front();
  const RawTrack& last = l.tracks.back();
  for (const RawTrack& t : l.tracks) {
    DM_ASSIGN_OR_RETURN(sector::Msf start, sector::lbaToMsf(t.start_lba));
    l.toc.push_back(tocItem(t.control, sector::toBcd(t.number), start));
  }
  l.toc.push_back(tocItem(first.control, kPointFirstTrack, sector::toBcd(first.number), kDiscTypeCdDaCdRom, 0));
  l.toc.push_back(tocItem(last.control, kPointLastTrack, sector::toBcd(last.number), 0, 0));
  DM_ASSIGN_OR_RETURN(sector::Msf lead_out, sector::lbaToMsf(l.lead_out_lba));
  l.toc.push_back(tocItem(last.control, kPointLeadOut, lead_out));

  RawSegment lead_in;
  lead_in.kind = RawSegment::Kind::kLeadIn;
  lead_in.first_lba = lead_in_lba;
  lead_in.blocks = l.leadInBlocks();
  lead_in.form = first.form;
  l.segments.push_back(lead_in);
  for (size_t i = 0; i < l.tracks.size(); ++i) {
    const RawTrack& t = l.tracks[i];
    const PlannedTrack& p = dao.tracks[i];
    if (p.source_lba > p.pregap_lba) {
      RawSegment s;
      s.kind = RawSegment::Kind::kPregap;
      s.first_lba = p.pregap_lba;
      s.blocks = static_cast<uint32_t>(p.source_lba - p.pregap_lba);
      s.track = static_cast<int>(i);
      s.form = t.form;
      l.segments.push_back(s);
    }
    RawSegment s;
    s.kind = RawSegment::Kind::kTrack;
    s.first_lba = p.source_lba;
    s.blocks = static_cast<uint32_t>(p.end_lba - p.source_lba);
    s.track = static_cast<int>(i);
    s.from_source = true;
    s.form = t.form;
    l.segments.push_back(s);
  }
  RawSegment lead_out_segment;
  lead_out_segment.kind = RawSegment::Kind::kLeadOut;
  lead_out_segment.first_lba = l.lead_out_lba;
  lead_out_segment.blocks = l.lead_out_blocks;
  lead_out_segment.form = last.form;
  l.segments.push_back(lead_out_segment);
  return l;
}

Status RawLayout::subchannel(int32_t lba, sector::SubchannelChannels& out) const {
  if (lba < lead_in_lba || lba >= endLba()) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("block {} is outside the raw stream [{}, {})", lba, lead_in_lba, endLba()));
  }
  out.fill(0);
  auto q_channel = sector::channel(out, Channel::kQ);
  auto p_channel = sector::channel(out, Channel::kP);
  DM_ASSIGN_OR_RETURN(const sector::Msf at, sector::lbaToMsf(lba));
  if (lba < kProgramAreaStart) {
    const uint32_t block = static_cast<uint32_t>(lba - lead_in_lba);
    Q q = toc[block / kTocRepeats % toc.size()];
    putMsf(q, 3, at);  // the running time of the lead-in
    putCrc(q);
    std::copy(q.begin(), q.end(), q_channel.begin());
    if (!cd_text_packs.empty()) putCdText(cd_text_packs, block, out);
    return Status::Ok();
  }
  if (lba >= lead_out_lba) {
    const int32_t j = lba - lead_out_lba;
    sector::QPosition pos;
    pos.control = tracks.back().control;
    pos.track = 0xAA;
    pos.index = 1;
    pos.relative_frames = j;
    pos.lba = lba;
    DM_ASSIGN_OR_RETURN(const Q q, sector::encodeQPosition(pos));
    std::copy(q.begin(), q.end(), q_channel.begin());
    const bool p = j >= kLeadOutQuietBlocks && (2 * (j - kLeadOutQuietBlocks)) % 75 < 38;
    std::fill(p_channel.begin(), p_channel.end(), p ? 0xFF : 0x00);
    return Status::Ok();
  }
  // The program area: which track and index, and whether a block opens an index.
  const auto where = [this](int32_t b, uint8_t& index, bool& opens) -> const RawTrack& {
    const RawTrack* t = &tracks.front();
    for (const RawTrack& c : tracks) {
      if (b >= c.pregap_lba) t = &c;
    }
    if (b < t->start_lba) {
      index = 0;
      opens = b == t->pregap_lba;
      return *t;
    }
    index = 1;
    opens = b == t->start_lba;
    for (int32_t i : t->index_lbas) {
      if (b >= i) ++index;
      if (b == i) opens = true;
    }
    return *t;
  };
  uint8_t index = 0;
  bool opens = false;
  const RawTrack& t = where(lba, index, opens);
  const int32_t phase = (lba - kProgramAreaStart) % kSpecialEvery;
  const auto due = [&](int32_t wanted) {
    if (opens) return false;
    if (phase == wanted) return true;
    if (phase != wanted + 1) return false;
    uint8_t prev_index = 0;
    bool prev_opens = false;
    (void)where(lba - 1, prev_index, prev_opens);
    return prev_opens;  // the wanted block opened an index: this one takes its place
  };
  Q q{};
  if (!mcn.empty() && due(kMcnPhase)) {
    q = mcnFrame(t.control, mcn, at.frame);
  } else if (!t.isrc.empty() && index >= 1 && due(kIsrcPhase)) {
    q = isrcFrame(t.control, t.isrc, at.frame);
  } else {
    sector::QPosition pos;
    pos.control = t.control;
    pos.track = t.number;
    pos.index = index;
    pos.relative_frames = lba - t.start_lba;  // negative in the pregap: counts down to index 1
    pos.lba = lba;
    DM_ASSIGN_OR_RETURN(q, sector::encodeQPosition(pos));
  }
  std::copy(q.begin(), q.end(), q_channel.begin());
  std::fill(p_channel.begin(), p_channel.end(), index == 0 ? 0xFF : 0x00);
  return Status::Ok();
}

Status RawLayout::rawSubchannel(int32_t lba, std::span<uint8_t, sector::kSubchannelBytes> out) const {
  sector::SubchannelChannels channels;
  DM_TRY(subchannel(lba, channels));
  sector::interleaveSubchannel(channels, out);
  return Status::Ok();
}

}  // namespace dm::burn
