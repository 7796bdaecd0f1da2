// RawRecording: reading the Q of each raw block and keeping what the medium records (raw_writer.h).
#include <algorithm>
#include <cstring>

#include "emulator/drive/raw_writer.h"

namespace vrec {
namespace {

constexpr uint8_t kDataBlockRawPq = 1;  // page 05 data block type 1: 16-byte formatted P-Q
constexpr uint8_t kPointFirstTrack = 0xA0;
constexpr uint8_t kPointLastTrack = 0xA1;
constexpr uint8_t kPointLeadOut = 0xA2;

}  // namespace

RawRecording::RawRecording(int32_t lead_in_lba, uint8_t data_block_type)
    : lead_in_lba_(lead_in_lba), data_block_type_(data_block_type), next_lba_(lead_in_lba) {}

uint16_t RawRecording::blockBytes() const {
  return static_cast<uint16_t>(kRawSectorBytes + (data_block_type_ == kDataBlockRawPq ? kFormattedPqBytes : kRawSubchannelBytes));
}

RawRecording::Kept RawRecording::take(std::span<const uint8_t> block) {
  const int32_t lba = next_lba_++;
  Kept kept;
  std::memcpy(kept.main.data(), block.data(), kRawSectorBytes);
  const std::span<const uint8_t> sub = block.subspan(kRawSectorBytes);
  QChannel q{};
  bool p = false;
  if (data_block_type_ == kDataBlockRawPq) {
    std::memcpy(q.data(), sub.data(), kQBytes);
    q = withQCrc(q);
    p = (sub[15] & 0x80) != 0;
    kept.pw = interleave(p, q);
  } else {
    std::memcpy(kept.pw.data(), sub.data(), kRawSubchannelBytes);
    q = qFromRawSubchannel(std::span<const uint8_t, kRawSubchannelBytes>(kept.pw));
  }
  const DecodedQ decoded = decodeQ(q);
  // A damaged frame keeps the region of the block before it.
  if (decoded.kind == QKind::kLeadInToc || decoded.kind == QKind::kLeadInOther) {
    if (region_ == Region::kLeadIn) learn(decoded, lba);
  } else if (decoded.kind == QKind::kPosition) {
    if (region_ != Region::kLeadOut) {
      region_ = Region::kProgram;
      learn(decoded, lba);
    }
  } else if (decoded.kind == QKind::kLeadOut) {
    region_ = Region::kLeadOut;
    if (!lead_out_seen_) lead_out_seen_ = lba;
  } else if (decoded.kind == QKind::kCatalog || decoded.kind == QKind::kIsrc) {
    if (region_ == Region::kProgram) learn(decoded, lba);
  }
  if (region_ != Region::kProgram) return kept;

  kept.store = true;
  ProgramTrack* track = currentTrack();
  // Data sectors come scrambled (ECMA-130 Annex B): the drive keeps them plain, as a reader sees
  // them. Audio is never scrambled; a sector of a data track without sync is kept as it came.
  const uint8_t control = track != nullptr ? (toc_[track->number].seen ? toc_[track->number].control : track->control) : 0;
  if ((control & 0x04) != 0 && hasSync(kept.main)) {
    scramble(kept.main);
    if (track->data_mode == 0 && (kept.main[15] == 1 || kept.main[15] == 2)) track->data_mode = kept.main[15];
  }
  return kept;
}

void RawRecording::learn(const DecodedQ& q, int32_t lba) {
  switch (q.kind) {
    case QKind::kLeadInToc:
      if (q.point == kPointFirstTrack) {
        first_track_ = q.pmin;
      } else if (q.point == kPointLastTrack) {
        last_track_ = q.pmin;
      } else if (q.point == kPointLeadOut) {
        toc_lead_out_ = q.point_lba;
      } else if (const auto n = fromBcd(q.point); n && *n >= 1) {
        toc_[*n] = TocEntry{true, q.control, q.point_lba};
      }
      break;
    case QKind::kPosition: {
      ProgramTrack* track = currentTrack();
      if (track == nullptr || q.track != track->number) {
        // Tracks only move forward; a stray TNO of an earlier track is ignored.
        if (track != nullptr && q.track < track->number) break;
        ProgramTrack next;
        next.number = q.track;
        next.control = q.control;
        next.first_lba = lba;
        program_.push_back(next);
        track = &program_.back();
      }
      if (q.index == 1 && !track->index1_lba) track->index1_lba = lba;
      if (q.index > 1 && q.index > track->last_index) track->index_lbas.push_back(lba);
      track->last_index = std::max(track->last_index, q.index);
      break;
    }
    case QKind::kCatalog:
      if (mcn_.empty()) mcn_ = q.text;
      break;
    case QKind::kIsrc:
      if (ProgramTrack* track = currentTrack(); track != nullptr && track->isrc.empty()) track->isrc = q.text;
      break;
    default:
      break;
  }
}

int32_t RawRecording::leadOutLba() const {
  if (toc_lead_out_) return *toc_lead_out_;
  return lead_out_seen_.value_or(next_lba_);
}

std::vector<AtOnceTrack> RawRecording::tracks() const {
  std::vector<AtOnceTrack> out;
  // The lead-in's TOC names the tracks (A0..A1, or every POINT it carried); the program area adds
  // what only it knows. Without a usable TOC the program area's Q alone describes them.
  uint8_t first = first_track_.value_or(0);
  uint8_t last = last_track_.value_or(0);
  if (first == 0 || last < first) {
    first = 0;
    for (uint8_t n = 1; n < toc_.size(); ++n) {
      if (!toc_[n].seen) continue;
      if (first == 0) first = n;
      last = n;
    }
  }
  const auto programTrack = [this](uint8_t n) -> const ProgramTrack* {
    for (const ProgramTrack& t : program_) {
      if (t.number == n) return &t;
    }
    return nullptr;
  };
  if (first != 0) {
    for (uint8_t n = first; n <= last; ++n) {
      const TocEntry& entry = toc_[n];
      const ProgramTrack* seen = programTrack(n);
      if (!entry.seen && seen == nullptr) return {};  // a hole in the TOC: nothing to stand on
      AtOnceTrack t;
      t.block_bytes = kRawSectorBytes;
      t.control = entry.seen ? entry.control : seen->control;
      t.start_lba = entry.seen ? entry.start_lba : seen->index1_lba.value_or(seen->first_lba);
      t.pregap_lba = seen != nullptr ? std::min(seen->first_lba, t.start_lba) : t.start_lba;
      if (seen != nullptr) {
        t.isrc = seen->isrc;
        t.data_mode = seen->data_mode != 0 ? seen->data_mode : 1;
        for (const int32_t at : seen->index_lbas) {
          if (at > t.start_lba) t.index_lbas.push_back(at);
        }
      }
      out.push_back(t);
    }
    return out;
  }
  for (const ProgramTrack& seen : program_) {
    AtOnceTrack t;
    t.block_bytes = kRawSectorBytes;
    t.control = seen.control;
    t.start_lba = seen.index1_lba.value_or(seen.first_lba);
    t.pregap_lba = seen.first_lba;
    t.isrc = seen.isrc;
    t.data_mode = seen.data_mode != 0 ? seen.data_mode : 1;
    for (const int32_t at : seen.index_lbas) {
      if (at > t.start_lba) t.index_lbas.push_back(at);
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace vrec
