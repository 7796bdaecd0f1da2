// Exact integer conversions between amounts moved at a constant rate and virtual time. Every timed
// thing in the emulator (host transfers, the write head draining the buffer, lead-in and lead-out)
// goes through these two functions, so rounding is the same everywhere: time to move a quantity
// rounds up to the next tick (the last unit has fully arrived), the quantity moved in a time rounds
// down (a unit counts once it is complete). Both are exact for any 64-bit input: the intermediate
// product is 128 bits wide.
#pragma once

#include <cstdint>

#include "emulator/sim/ticks.h"

namespace vrec {

namespace rate_detail {
__extension__ typedef unsigned __int128 Wide;  // GCC extension; silences -Wpedantic on purpose
}  // namespace rate_detail

// Ticks needed to move `units` at `units_per_second`, rounded up. A zero rate is treated as
// "infinitely slow" and answers the largest representable time rather than dividing by zero.
inline Ticks ticksToMove(uint64_t units, uint64_t units_per_second) {
  if (units == 0) return 0;
  if (units_per_second == 0) return UINT64_MAX;
  const rate_detail::Wide scaled = static_cast<rate_detail::Wide>(units) * kTicksPerSecond;
  const rate_detail::Wide ticks = (scaled + units_per_second - 1) / units_per_second;
  return ticks > UINT64_MAX ? UINT64_MAX : static_cast<Ticks>(ticks);
}

// Whole units moved in `ticks` at `units_per_second`, rounded down.
inline uint64_t unitsMovedIn(Ticks ticks, uint64_t units_per_second) {
  const rate_detail::Wide scaled = static_cast<rate_detail::Wide>(ticks) * units_per_second;
  const rate_detail::Wide units = scaled / kTicksPerSecond;
  return units > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(units);
}

// Saturating addition for time stamps (a zero-rate transfer must not wrap the clock).
inline Ticks addTicks(Ticks a, Ticks b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

}  // namespace vrec
