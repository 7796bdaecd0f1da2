// The DVD and BD recording transitions of a Medium: closing a sequential DVD±R or BD-R track on a
// write unit boundary (mmc.md §1.6: an ECC block of 16 blocks, a BD cluster of 32; the drive pads
// a short one when the track is closed), formatting a DVD+RW (FORMAT UNIT 26h) or a BD (30h, 31h,
// 32h; mmc.md §2.4) and overwriting a formatted disc's blocks anywhere.
#include <algorithm>

#include "emulator/media/disc_geometry.h"
#include "emulator/media/dvd_layout.h"
#include "emulator/media/medium.h"

namespace vrec {

uint32_t Medium::closeDvdTrack(std::optional<uint32_t> reserved) {
  if (tracks_.empty() || tracks_.back().closed) return 0;
  Track& track = tracks_.back();
  const uint32_t target = std::max(alignToWriteUnit(family(), track.recorded_sectors), reserved.value_or(0));
  const uint32_t padding = target > track.recorded_sectors ? target - track.recorded_sectors : 0;
  track.recorded_sectors += padding;
  track.closed = true;
  return padding;
}

void Medium::formatDvdPlusRw() {
  bg_format_ = BackgroundFormat::kRunning;
  if (formatted_) return;  // a reformat restarts the background format; the data stays
  becomeOneOverwritableTrack();
}

void Medium::formatBd(uint32_t capacity, bool pseudo_overwrite) {
  formatted_capacity_ = capacity;
  pseudo_overwrite_ = pseudo_overwrite && family() == MediumFamily::kBdR;
  if (family() != MediumFamily::kBdRe) return;  // BD-R: spares set aside, still blank and sequential
  if (!formatted_) {
    becomeOneOverwritableTrack();
    return;
  }
  // A reformat to another spare size moves the end of the user area; what lies beyond is gone.
  sessions_.front().lead_out_lba = static_cast<int32_t>(capacity);
  Track& track = tracks_.front();
  track.recorded_sectors = std::min(track.recorded_sectors, capacity);
}

void Medium::becomeOneOverwritableTrack() {
  formatted_ = true;
  finalized_ = true;
  Session session;
  session.number = 1;
  session.first_track = 1;
  session.last_track = 1;
  session.closed = true;
  session.lead_out_lba = static_cast<int32_t>(capacitySectors());
  sessions_.assign(1, session);
  Track track;
  track.number = 1;
  track.session = 1;
  track.control = 4;  // data, uninterrupted
  track.closed = true;
  track.dvd = true;
  tracks_.assign(1, track);
}

void Medium::overwrite(int32_t lba, uint32_t count, std::span<const uint8_t> blocks) {
  if ((!formatted_ && !pseudo_overwrite_) || tracks_.empty()) return;
  for (uint32_t i = 0; i < count; ++i) {
    const size_t offset = static_cast<size_t>(i) * kDvdBlockBytes;
    if (offset + kDvdBlockBytes > blocks.size()) break;
    store_.write(lba + static_cast<int32_t>(i), blocks.subspan(offset, kDvdBlockBytes));
  }
  if (pseudo_overwrite_) return;  // BD-R POW: recorded blocks replaced, the tracks unchanged
  Track& track = tracks_.front();
  const int32_t end = lba + static_cast<int32_t>(count);
  if (end > track.userEndLba()) track.recorded_sectors = static_cast<uint32_t>(end);
}

}  // namespace vrec
