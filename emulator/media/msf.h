// CD addresses: minute/second/frame (MSF) and logical block addresses, and the conversions between
// them (mmc.md §1.2, Red Book): 75 frames per second, LBA 0 = MSF 00:02:00, and MSF at or above
// 90:00:00 denotes the lead-in area with negative LBAs (ATIP lead-in 97:26:66 = LBA -11,634).
#pragma once

#include <cstdint>

namespace vrec {

inline constexpr int32_t kCdFramesPerSecond = 75;        // mmc.md §1.2: 75 sectors/s at 1×
inline constexpr int32_t kMsfLbaOffset = 150;            // MSF 00:02:00 is LBA 0
inline constexpr int32_t kLeadInMsfLbaOffset = 450'150;  // MSF >= 90:00:00 maps to LBA < 0
inline constexpr int32_t kLeadInMsfMinute = 90;

struct Msf {
  uint8_t minute = 0;
  uint8_t second = 0;
  uint8_t frame = 0;
  friend constexpr bool operator==(const Msf&, const Msf&) = default;
};

// MSF → LBA (mmc.md §1.2).
constexpr int32_t msfToLba(Msf msf) {
  const int32_t frames = (static_cast<int32_t>(msf.minute) * 60 + msf.second) * kCdFramesPerSecond + msf.frame;
  return msf.minute >= kLeadInMsfMinute ? frames - kLeadInMsfLbaOffset : frames - kMsfLbaOffset;
}

// LBA → MSF (mmc.md §1.2). LBA -150..-1 is track 1's pregap, MSF 00:00:00..00:01:74; only LBAs
// before it (the lead-in) land in the 90:00:00+ range.
constexpr Msf lbaToMsf(int32_t lba) {
  const int32_t frames = lba >= -kMsfLbaOffset ? lba + kMsfLbaOffset : lba + kLeadInMsfLbaOffset;
  const int32_t clamped = frames < 0 ? 0 : frames;
  return Msf{static_cast<uint8_t>(clamped / (60 * kCdFramesPerSecond)),
             static_cast<uint8_t>((clamped / kCdFramesPerSecond) % 60),
             static_cast<uint8_t>(clamped % kCdFramesPerSecond)};
}

static_assert(msfToLba(Msf{97, 26, 66}) == -11'634, "mmc.md §1.2 worked example");
static_assert(msfToLba(Msf{79, 59, 74}) == 359'849, "mmc.md §1.4: 80 min lead-out");
static_assert(msfToLba(Msf{74, 0, 0}) == 332'850, "mmc.md §1.4: 74 min lead-out");
static_assert(lbaToMsf(0) == Msf{0, 2, 0}, "track 1 index 1");
static_assert(lbaToMsf(-11'634) == Msf{97, 26, 66}, "round trip in the lead-in area");
static_assert(lbaToMsf(-150) == Msf{0, 0, 0}, "track 1 pregap starts at 00:00:00");

}  // namespace vrec
