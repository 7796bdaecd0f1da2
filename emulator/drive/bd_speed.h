// BD speed arithmetic, the BD counterpart of dvd_speed.h: 1× = 4,495.5 kB/s (k = 1000) of
// 2048-byte blocks (mmc.md §1.6, §8.1), as SET STREAMING, GET PERFORMANCE and page 2Ah report and
// request it; and the time the write head needs for a number of blocks. Tests compute expected
// timings from these, never from literals.
#pragma once

#include <cstdint>

#include "emulator/media/bd_layout.h"
#include "emulator/sim/rate.h"
#include "emulator/sim/ticks.h"

namespace vrec {

inline constexpr uint32_t kBdTenthKbpsPer1x = 44'955;  // mmc.md §8.1: BD n× = n × 4495.5 kB/s

// kB/s the drive reports for BD `speed_x`, rounded down (2× → 8,991; 6× → 26,973).
inline uint32_t bdSpeedKbps(uint16_t speed_x) { return uint32_t{speed_x} * kBdTenthKbpsPer1x / 10; }

// Time the write head needs for `sectors` 2048-byte blocks at `milli_x` thousandths of BD 1×.
inline Ticks ticksForBdSectorsMilli(uint64_t sectors, uint32_t milli_x) {
  return ticksToMove(sectors * 2048 * 1000, uint64_t{milli_x} * kBdBytesPerSecond1x);
}

// Drain rate in bytes per second at `milli_x` thousandths of BD 1×, rounded down.
inline uint64_t bdDrainBytesPerSecondMilli(uint32_t milli_x) { return uint64_t{milli_x} * kBdBytesPerSecond1x / 1000; }

}  // namespace vrec
