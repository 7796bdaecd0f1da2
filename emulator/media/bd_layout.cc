// BD spiral geometry in integers (µm, µm²; π as 355/113), as dvd_layout.cc does for DVD.
#include "emulator/media/bd_layout.h"

#include <algorithm>

namespace vrec {
namespace {

constexpr uint32_t kBlockBytes = 2048;

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

// Swept area per block is (pitch nm / 1000) µm × v µm/s × 2048 / 4,495,500 s ÷ (355/113), kept
// as a fraction; 12.2 M blocks × this numerator stays below 2^63.
constexpr uint64_t kPerBlockNum = uint64_t{kBdTrackPitchNm} * (kBdLinearVelocityUmPerSecond / 1000) * kBlockBytes * 113;
constexpr uint64_t kPerBlockDen = kBdBytesPerSecond1x * 355;

}  // namespace

uint32_t bdRadiusUm(int32_t lba) {
  const uint64_t sectors = lba <= 0 ? 0 : static_cast<uint64_t>(lba);
  const uint64_t r0 = kBdDataStartRadiusUm;
  return static_cast<uint32_t>(isqrt(r0 * r0 + sectors * kPerBlockNum / kPerBlockDen));
}

int32_t bdLbaAtRadiusUm(uint32_t radius_um) {
  const uint64_t r0 = kBdDataStartRadiusUm;
  const uint64_t r = std::max<uint64_t>(radius_um, r0);
  const uint64_t swept = r * r - r0 * r0;
  return static_cast<int32_t>((swept * kPerBlockDen + kPerBlockNum - 1) / kPerBlockNum);
}

uint32_t bdCavSpeedMilliX(uint16_t speed_x, int32_t lba) {
  const uint64_t milli = uint64_t{speed_x} * 1000 * bdRadiusUm(lba) / kBdOuterRadiusUm;
  return static_cast<uint32_t>(std::min<uint64_t>(milli, uint64_t{speed_x} * 1000));
}

}  // namespace vrec
