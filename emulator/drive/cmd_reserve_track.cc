// RESERVE TRACK (53h, MMC-5; mmc.md §2) for CD TAO: the next track is opened at the next writable
// address with a size fixed in advance. Writes beyond the reservation fail with 05/63/00 (end of
// user area on this track), and flushing the track pads it to the reserved size, so the next
// track's address is known before the data is written (what libburn and cdrecord use it for).
// A second reservation while one is open is out of sequence (mmc.md §5.2, 05/2C/00).
#include <algorithm>
#include <string>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {

void Drive::handleReserveTrack(Command& c) {
  const bool arsv = (c.cdb[1] & 0x01) != 0;
  const uint32_t size = be32(c.cdb, 5);
  c.params = "size=" + std::to_string(size);
  if (arsv) {
    failField(c, kSenseInvalidFieldInCdb, 1, 0);  // address reservation is DVD+R/BD-R only
    return;
  }
  if (!requireMedium(c)) return;
  if (dvdLoaded()) {
    reserveDvdTrack(c, size);
    return;
  }
  const Medium& target = testWriteInEffect() && simulation_ ? *simulation_ : medium_;
  if (write_params_.write_type != kWriteTypeTao || target.status() == DiscStatus::kComplete ||
      target.openTrack() != nullptr || target.tracks().size() >= kMaxTracks) {
    fail(c, kSenseCommandSequenceError);
    return;
  }
  if (size == 0 || static_cast<uint64_t>(size) + kTaoRunOutSectors > target.freeSectors()) {
    failField(c, kSenseInvalidFieldInCdb, 5);  // nothing, or more than the disc holds
    return;
  }
  followTestWrite(c.ready);
  Track& track = recording().beginTrack(write_params_.track_mode, write_params_.blockBytes());
  track.isrc = write_params_.trackIsrc();
  track_head_started_ = false;
  head_paused_ = false;
  reserved_sectors_ = std::max(size, kMinTrackSectors);
  trace_.event(c.ready, c.ready, "RESERVE",
               "track=" + std::to_string(track.number) + " lba=" + std::to_string(track.start_lba) +
                   " sectors=" + std::to_string(*reserved_sectors_));
}

}  // namespace vrec
