// CD speed arithmetic shared by the drive model and its users: the 1× sector rate, the kB/s
// conventions of SET CD SPEED / page 2Ah / GET PERFORMANCE, and the time the write head needs for
// a number of sectors. Tests compute expected timings from these, never from literals.
#pragma once

#include <cstdint>

#include "emulator/sim/rate.h"
#include "emulator/sim/ticks.h"

namespace vrec {

inline constexpr uint32_t kCdSectorsPerSecond1x = 75;  // mmc.md §1.2: 75 sectors (frames) per second
// mmc.md §8.1: reported kB/s use 176.4 kB/s per 1× (k = 1000), as libburn does; requests are
// matched against 176 kB/s per 1× (cdrecord's unit) so both conventions select the same speed.
inline constexpr uint32_t kCdKbpsPer1xTimes10 = 1'764;
inline constexpr uint32_t kCdRequestKbpsPer1x = 176;
inline constexpr uint16_t kSpeedMaximum = 0xFFFF;  // SET CD SPEED: "as fast as possible"

// kB/s the drive reports for `speed_x` (48× → 8467).
inline uint16_t cdSpeedKbps(uint16_t speed_x) {
  return static_cast<uint16_t>(static_cast<uint32_t>(speed_x) * kCdKbpsPer1xTimes10 / 10);
}

// Time the write head needs for `sectors` at `speed_x`, rounded up to the tick.
inline Ticks ticksForSectors(uint64_t sectors, uint16_t speed_x) {
  return ticksToMove(sectors, static_cast<uint64_t>(speed_x) * kCdSectorsPerSecond1x);
}

// Time for `sectors` at `milli_x` thousandths of 1× (CAV and P-CAV speeds are fractional).
// Equal to ticksForSectors() for whole speeds.
inline Ticks ticksForSectorsMilli(uint64_t sectors, uint32_t milli_x) {
  return ticksToMove(sectors * 1000, static_cast<uint64_t>(milli_x) * kCdSectorsPerSecond1x);
}

// Drain rate at `milli_x` thousandths of 1×, rounded down to whole bytes per second.
inline uint64_t drainBytesPerSecondMilli(uint32_t milli_x, uint32_t block_bytes) {
  return static_cast<uint64_t>(milli_x) * kCdSectorsPerSecond1x * block_bytes / 1000;
}

// Write head drain rate in bytes per second for host blocks of `block_bytes`.
inline uint64_t drainBytesPerSecond(uint16_t speed_x, uint32_t block_bytes) {
  return static_cast<uint64_t>(speed_x) * kCdSectorsPerSecond1x * block_bytes;
}

}  // namespace vrec
