// The write head's speed model (mmc.md §8.1): the nominal speed SET CD SPEED selected becomes an
// actual speed at each LBA by the profile's rotation rule. CLV keeps the nominal speed; CAV turns
// at constant rpm so the speed grows with the radius (media/spiral.h), reaching the nominal speed
// at the outer edge; P-CAV follows the drive's top CAV curve until the nominal speed and stays
// there; Z-CLV steps through its zones. The head re-evaluates its speed once per WRITE command
// (followSpeed), which is the model's granularity: the buffer drains at a constant rate between
// two commands, ≈ 32 sectors apart at full speed.
#include <algorithm>
#include <string>

#include "emulator/drive/drive.h"
#include "emulator/media/disc_geometry.h"
#include "emulator/media/dvd_layout.h"
#include "emulator/media/spiral.h"

namespace vrec {

uint32_t Drive::speedMilliXAt(uint16_t speed_x, int32_t lba) const {
  const bool dvd = dvdLoaded();
  const RotationRule rule = rotationRule(speed_x);
  // DVD and BD speeds follow their spiral (media/disc_geometry.h), CD speeds the CD one.
  const MediumFamily family = medium_.family();
  const auto cav = [dvd, family](uint16_t x, int32_t at) {
    return dvd ? cavSpeedMilliX(family, x, at) : cavSpeedMilliX(x, at);
  };
  switch (rule.rotation) {
    case Rotation::kCav:
      return std::max<uint32_t>(cav(speed_x, lba), 1);
    case Rotation::kPcav: {
      // mmc.md §8.1: CAV at the spindle's top rpm (the fastest speed's CAV curve) until the
      // nominal speed is reached, CLV beyond.
      const std::span<const uint16_t> speeds = writeSpeeds();
      const uint16_t fastest = *std::max_element(speeds.begin(), speeds.end());
      return std::max<uint32_t>(std::min<uint32_t>(uint32_t{speed_x} * 1000, cav(fastest, lba)), 1);
    }
    case Rotation::kZclv: {
      uint16_t zone_speed = speed_x;
      for (const SpeedZone& zone : rule.zones) {
        if (lba >= zone.from_lba) zone_speed = zone.speed_x;
      }
      return uint32_t{zone_speed} * 1000;
    }
    case Rotation::kClv:
      break;
  }
  return uint32_t{speed_x} * 1000;
}

int32_t Drive::headLba(Ticks t) const {
  const Track* open = visible().openTrack();
  if (raw_) {
    const uint64_t queued = buffer_.levelAt(t) / std::max<uint32_t>(raw_->blockBytes(), 1);
    return raw_->nextLba() - static_cast<int32_t>(queued);
  }
  if (open == nullptr && random_write_end_) {
    return *random_write_end_ - static_cast<int32_t>(buffer_.levelAt(t) / kDvdBlockBytes);
  }
  if (open == nullptr) return visible().nextWritableLba();
  const uint64_t queued_sectors = buffer_.levelAt(t) / std::max<uint32_t>(open->block_bytes, 1);
  return open->userEndLba() - static_cast<int32_t>(queued_sectors);
}

void Drive::followSpeed(Ticks t) {
  if (!buffer_.draining() || t < buffer_.drainStart() || head_speed_x_ == 0) return;
  const int32_t lba = headLba(t);
  const uint32_t milli = speedMilliXAt(head_speed_x_, lba);
  if (milli == head_milli_x_) return;
  if (rotationRule(head_speed_x_).rotation == Rotation::kZclv) {
    // mmc.md §8.1: a Z-CLV drive steps up at a zone edge, relinking there.
    const Track* open = visible().openTrack();
    trace_.event(t, t, "ZONE",
                 "track=" + std::to_string(open != nullptr ? open->number : 0) + " lba=" + std::to_string(lba) +
                     " speed=" + std::to_string(milli / 1000) + "x");
  }
  head_milli_x_ = milli;
  buffer_.rebase(t, headBytesPerSecond());
  armHead();
}

}  // namespace vrec
