// Spiral geometry in integers: r² grows linearly with the sectors passed, and an integer square
// root brings it back to µm.
#include "emulator/media/spiral.h"

#include <algorithm>

namespace vrec {
namespace {

constexpr uint64_t kSectorsPerSecond = 75;  // mmc.md §1.2

uint64_t isqrt(uint64_t n) {
  uint64_t x = 0;
  for (uint64_t bit = uint64_t{1} << 62; bit != 0; bit >>= 2) {
    if (n >= x + bit) {
      n -= x + bit;
      x = (x >> 1) + bit;
    } else {
      x >>= 1;
    }
  }
  return x;
}

}  // namespace

uint32_t radiusUm(int32_t lba) {
  const uint64_t sectors = lba <= -150 ? 0 : static_cast<uint64_t>(static_cast<int64_t>(lba) + 150);
  // p·v·t/π in µm²: (pitch nm / 1000) µm × v µm/s × sectors / 75 s ÷ (355/113).
  const uint64_t swept = sectors * kTrackPitchNm * (kLinearVelocityUmPerSecond / 1000) * 113 /
                         (kSectorsPerSecond * 355);
  const uint64_t r0 = kProgramAreaStartRadiusUm;
  return static_cast<uint32_t>(isqrt(r0 * r0 + swept));
}

uint32_t cavSpeedMilliX(uint16_t speed_x, int32_t lba) {
  const uint64_t milli = uint64_t{speed_x} * 1000 * radiusUm(lba) / kOuterEdgeRadiusUm;
  return static_cast<uint32_t>(std::min<uint64_t>(milli, uint64_t{speed_x} * 1000));
}

}  // namespace vrec
