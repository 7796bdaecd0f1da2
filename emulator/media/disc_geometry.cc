// Family dispatch to dvd_layout.h and bd_layout.h.
#include "emulator/media/disc_geometry.h"

#include "emulator/media/bd_layout.h"
#include "emulator/media/dvd_layout.h"

namespace vrec {
namespace {

bool isBdFamily(MediumFamily family) { return family == MediumFamily::kBdR || family == MediumFamily::kBdRe; }

}  // namespace

uint32_t writeUnitSectors(MediumFamily family) {
  if (family == MediumFamily::kCd) return 1;
  return isBdFamily(family) ? kBdClusterSectors : kDvdEccBlockSectors;
}

uint32_t alignToWriteUnit(MediumFamily family, uint32_t sectors) {
  const uint32_t unit = writeUnitSectors(family);
  return (sectors + unit - 1) / unit * unit;
}

uint64_t bytesPerSecond1x(MediumFamily family) {
  return isBdFamily(family) ? kBdBytesPerSecond1x : kDvdBytesPerSecond1x;
}

uint32_t radiusUm(MediumFamily family, int32_t lba) {
  return isBdFamily(family) ? bdRadiusUm(lba) : dvdRadiusUm(lba);
}

int32_t lbaAtRadiusUm(MediumFamily family, uint32_t radius_um) {
  return isBdFamily(family) ? bdLbaAtRadiusUm(radius_um) : dvdLbaAtRadiusUm(radius_um);
}

uint32_t cavSpeedMilliX(MediumFamily family, uint16_t speed_x, int32_t lba) {
  return isBdFamily(family) ? bdCavSpeedMilliX(speed_x, lba) : dvdCavSpeedMilliX(speed_x, lba);
}

uint32_t sessionGapSectors(MediumFamily family) {
  // BD-R SRM keeps its session structure in the inner zone's TDMA (mmc.md §1.5 spare and
  // management areas), so the next session's track follows the last one's closed cluster:
  // modelled as no gap (unverified).
  return isBdFamily(family) ? 0 : dvdSessionGapSectors(family);
}

}  // namespace vrec
