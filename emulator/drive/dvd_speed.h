// DVD speed arithmetic, the DVD counterpart of cd_speed.h: 1× = 1,385 kB/s (k = 1000) of 2048-byte
// blocks (mmc.md §1.6, §8.1), as SET STREAMING, GET PERFORMANCE and page 2Ah report and request
// it; and the time the write head needs for a number of blocks. Tests compute expected timings
// from these, never from literals.
#pragma once

#include <cstdint>

#include "emulator/media/dvd_layout.h"
#include "emulator/sim/rate.h"
#include "emulator/sim/ticks.h"

namespace vrec {

inline constexpr uint32_t kDvdKbpsPer1x = 1'385;  // mmc.md §8.1: DVD n× = n × 1385 kB/s

// kB/s the drive reports for DVD `speed_x` (16× → 22,160).
inline uint32_t dvdSpeedKbps(uint16_t speed_x) { return uint32_t{speed_x} * kDvdKbpsPer1x; }

// Time the write head needs for `sectors` 2048-byte blocks at `milli_x` thousandths of DVD 1×.
inline Ticks ticksForDvdSectorsMilli(uint64_t sectors, uint32_t milli_x) {
  return ticksToMove(sectors * kDvdBlockBytes * 1000, uint64_t{milli_x} * kDvdBytesPerSecond1x);
}

// Drain rate in bytes per second at `milli_x` thousandths of DVD 1×, rounded down.
inline uint64_t dvdDrainBytesPerSecondMilli(uint32_t milli_x) {
  return uint64_t{milli_x} * kDvdBytesPerSecond1x / 1000;
}

}  // namespace vrec
