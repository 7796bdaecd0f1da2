// Virtual time of the emulator: an integer count of nanoseconds since the recorder was created.
// Nothing in the emulator reads a wall clock; rates are named constants with their source.
#pragma once

#include <cstdint>

namespace vrec {

using Ticks = uint64_t;  // 1 tick = 1 ns

inline constexpr Ticks kTicksPerMicrosecond = 1'000;
inline constexpr Ticks kTicksPerMillisecond = 1'000'000;
inline constexpr Ticks kTicksPerSecond = 1'000'000'000;

}  // namespace vrec
