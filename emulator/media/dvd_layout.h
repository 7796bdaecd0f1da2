// DVD recording geometry the drive and the medium share: the ECC block (the write unit), the 1×
// rate, the spiral of a single-layer disc (so a CAV or P-CAV drive's speed can follow the radius,
// mmc.md §8.1) and what closing a session costs in address space. Units are 2048-byte blocks.
// The spiral: pitch 0.74 µm read at 3.49 m/s from r0 = 24 mm (mmc.md §8.1, §1.6); r² grows
// linearly with the blocks passed, r(t)² = r0² + p·v·t/π, t = LBA / (1,385,000 / 2048) s, which
// puts the last of 2,298,496 blocks at ≈ 58 mm.
#pragma once

#include <cstdint>

#include "emulator/media/medium_kind.h"

namespace vrec {

inline constexpr uint32_t kDvdEccBlockSectors = 16;             // mmc.md §1.6: 16 × 2048 = 32 KiB
inline constexpr uint32_t kDvdBlockBytes = 2048;
inline constexpr uint64_t kDvdBytesPerSecond1x = 1'385'000;     // mmc.md §1.6: 1,385 kB/s, k = 1000
inline constexpr uint32_t kDvdDataStartRadiusUm = 24'000;       // mmc.md §8.1: 24 mm → 58 mm
inline constexpr uint32_t kDvdOuterRadiusUm = 58'000;
inline constexpr uint32_t kDvdTrackPitchNm = 740;
inline constexpr uint32_t kDvdLinearVelocityUmPerSecond = 3'490'000;

// Blocks a closed session or border costs before the next one may start: DVD+R session closure
// plus the next intro, DVD-R border-out plus the next border-in. The figures are modelled, not
// measured (unverified): hosts must take the next session's start from READ TRACK INFORMATION.
inline constexpr uint32_t kDvdPlusRSessionGapSectors = 2'048;   // 4 MiB
inline constexpr uint32_t kDvdMinusRBorderGapSectors = 8'192;   // 16 MiB

// mmc.md §7: a finalized DVD±R (and a DVD+RW whose background format is closed) carries its
// lead-out out to a minimum radius, so a nearly empty disc takes longest to close; ≈ 30 mm is
// modelled (mmc.md gives 30-35 mm, unverified).
inline constexpr uint32_t kDvdMinimumLeadOutRadiusUm = 30'000;

// `sectors` rounded up to whole ECC blocks.
inline uint32_t alignToEccBlock(uint32_t sectors) {
  return (sectors + kDvdEccBlockSectors - 1) / kDvdEccBlockSectors * kDvdEccBlockSectors;
}

// Blocks between the end of a closed session and the start of the next, by family.
uint32_t dvdSessionGapSectors(MediumFamily family);

// Radius of `lba` on a single-layer DVD in micrometres (LBA ≤ 0: the data zone start).
uint32_t dvdRadiusUm(int32_t lba);

// The first LBA at or beyond `radius_um` (the inverse of dvdRadiusUm, to the block).
int32_t dvdLbaAtRadiusUm(uint32_t radius_um);

// Speed in thousandths of 1× of a CAV drive whose nominal `speed_x` is reached at the outer edge,
// at `lba`: speed ∝ radius, capped at the nominal speed. 16× at 24 mm gives ≈ 6.6× (mmc.md §8.1).
uint32_t dvdCavSpeedMilliX(uint16_t speed_x, int32_t lba);

}  // namespace vrec
