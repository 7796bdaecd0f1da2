// BD recording geometry the drive and the medium share: the cluster (the write unit), the 1× rate,
// the spiral of a single-layer 25 GB disc, and the spare areas a format sets aside. Units are
// 2048-byte blocks. The spiral: pitch 0.32 µm read at 4.92 m/s from r0 = 24 mm (mmc.md §8.1);
// r(t)² = r0² + p·v·t/π with t = LBA / (4,495,500 / 2048) s puts the last of 12,219,392 blocks at
// ≈ 58 mm, as for DVD (dvd_layout.h).
#pragma once

#include <cstdint>

namespace vrec {

inline constexpr uint32_t kBdClusterSectors = 32;             // mmc.md §1.6: 32 × 2048 = 64 KiB
inline constexpr uint64_t kBdBytesPerSecond1x = 4'495'500;    // mmc.md §1.6: 4,495.5 kB/s, k = 1000
inline constexpr uint32_t kBdDataStartRadiusUm = 24'000;      // mmc.md §8.1: 24 mm → 58 mm
inline constexpr uint32_t kBdOuterRadiusUm = 58'000;
inline constexpr uint32_t kBdTrackPitchNm = 320;
inline constexpr uint32_t kBdLinearVelocityUmPerSecond = 4'920'000;

// mmc.md §1.5: the user capacity of a single-layer disc, unformatted (BD-R full capacity, BD-RE
// formatted without spares, FORMAT UNIT 31h) and formatted with the default spares: 4,096 ISA0
// and 8,192 OSA clusters (Pioneer BDR-203 command reference).
inline constexpr uint32_t kBdFullCapacitySectors = 12'219'392;
inline constexpr uint32_t kBdInnerSpareClusters = 4'096;     // ISA0: fixed 256 MiB
inline constexpr uint32_t kBdDefaultOuterSpareClusters = 8'192;
// dvd+rw-tools' BD notes (mmc.md §1.5): the outer spare zones take 0-1 GiB, so a format with
// spares offers from 12,088,320 (ISA0 only) down to 11,564,032 user blocks.
inline constexpr uint32_t kBdMaxOuterSpareClusters = 16'384;
inline constexpr uint32_t kBdDefaultSpareCapacitySectors =
    kBdFullCapacitySectors - (kBdInnerSpareClusters + kBdDefaultOuterSpareClusters) * kBdClusterSectors;
inline constexpr uint32_t kBdLargestSpareCapacitySectors = kBdFullCapacitySectors - kBdInnerSpareClusters * kBdClusterSectors;
inline constexpr uint32_t kBdSmallestSpareCapacitySectors =
    kBdFullCapacitySectors - (kBdInnerSpareClusters + kBdMaxOuterSpareClusters) * kBdClusterSectors;
static_assert(kBdDefaultSpareCapacitySectors == 11'826'176, "mmc.md §1.5");

// `sectors` rounded up to whole clusters.
inline uint32_t alignToBdCluster(uint32_t sectors) {
  return (sectors + kBdClusterSectors - 1) / kBdClusterSectors * kBdClusterSectors;
}

// Radius of `lba` on a single-layer BD in micrometres (LBA ≤ 0: the data zone start).
uint32_t bdRadiusUm(int32_t lba);

// The first LBA at or beyond `radius_um` (the inverse of bdRadiusUm, to the block).
int32_t bdLbaAtRadiusUm(uint32_t radius_um);

// Speed in thousandths of 1× of a CAV drive whose nominal `speed_x` is reached at the outer edge,
// at `lba`: 12× at 24 mm gives ≈ 5× (mmc.md §8.1).
uint32_t bdCavSpeedMilliX(uint16_t speed_x, int32_t lba);

}  // namespace vrec
