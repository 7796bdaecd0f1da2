// DVD spiral geometry in integers (µm, µm²; π as 355/113), as media/spiral.cc does for CD.
#include "emulator/media/dvd_layout.h"

#include <algorithm>

namespace vrec {
namespace {

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

uint32_t dvdSessionGapSectors(MediumFamily family) {
  switch (family) {
    case MediumFamily::kDvdPlusR:
      return kDvdPlusRSessionGapSectors;
    case MediumFamily::kDvdMinusR:
      return kDvdMinusRBorderGapSectors;
    case MediumFamily::kCd:
    case MediumFamily::kDvdPlusRw:
    case MediumFamily::kBdR:
    case MediumFamily::kBdRe:
      break;
  }
  return 0;
}

uint32_t dvdRadiusUm(int32_t lba) {
  const uint64_t sectors = lba <= 0 ? 0 : static_cast<uint64_t>(lba);
  // p·v·t/π in µm²: (pitch nm / 1000) µm × v µm/s × sectors × 2048 / 1,385,000 s ÷ (355/113).
  const uint64_t swept = sectors * kDvdTrackPitchNm * (kDvdLinearVelocityUmPerSecond / 1000) * kDvdBlockBytes * 113 /
                         (kDvdBytesPerSecond1x * 355);
  const uint64_t r0 = kDvdDataStartRadiusUm;
  return static_cast<uint32_t>(isqrt(r0 * r0 + swept));
}

int32_t dvdLbaAtRadiusUm(uint32_t radius_um) {
  const uint64_t r0 = kDvdDataStartRadiusUm;
  const uint64_t r = std::max<uint64_t>(radius_um, r0);
  const uint64_t swept = r * r - r0 * r0;
  // Inverse of the swept area per block in dvdRadiusUm(), rounded up to whole blocks.
  const uint64_t per_block_num = uint64_t{kDvdTrackPitchNm} * (kDvdLinearVelocityUmPerSecond / 1000) * kDvdBlockBytes * 113;
  const uint64_t per_block_den = kDvdBytesPerSecond1x * 355;
  const uint64_t sectors = (swept * per_block_den + per_block_num - 1) / per_block_num;
  return static_cast<int32_t>(sectors);
}

uint32_t dvdCavSpeedMilliX(uint16_t speed_x, int32_t lba) {
  const uint64_t milli = uint64_t{speed_x} * 1000 * dvdRadiusUm(lba) / kDvdOuterRadiusUm;
  return static_cast<uint32_t>(std::min<uint64_t>(milli, uint64_t{speed_x} * 1000));
}

}  // namespace vrec
