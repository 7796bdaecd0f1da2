// CD spiral geometry: where on the disc an LBA lies, so a CAV drive's speed can follow the radius
// (mmc.md §8.1). The groove is a spiral of constant track pitch p read at constant linear velocity
// v; the area swept in time t is p·v·t, so from the start of the program area at radius r0
//   r(t)² = r0² + p·v·t / π,  t = (LBA + 150) / 75 s  (mmc.md §1.2: LBA −150 is MSF 00:00:00).
// With p = 1.6 µm, v = 1.2 m/s and r0 = 25 mm (mmc.md §8.1) a 74-minute disc ends at ≈ 57.8 mm;
// an 80-minute disc computed the same way ends at ≈ 59.6 mm (real 80-minute media tighten the
// pitch to fit inside 58 mm, unverified), so speeds derived from the radius are capped at the
// outer edge. All arithmetic is integer (µm, µm²; π as 355/113, error < 1e-7).
#pragma once

#include <cstdint>

namespace vrec {

inline constexpr uint32_t kProgramAreaStartRadiusUm = 25'000;  // mmc.md §8.1: r ≈ 25 mm
inline constexpr uint32_t kOuterEdgeRadiusUm = 58'000;         // mmc.md §8.1: ends ≤ 58 mm
inline constexpr uint32_t kTrackPitchNm = 1'600;               // mmc.md §8.1: 1.6 µm
inline constexpr uint32_t kLinearVelocityUmPerSecond = 1'200'000;  // mmc.md §8.1: 1.2-1.4 m/s, low end

// Radius of `lba` in micrometres (LBA −150 and below: the program area start).
uint32_t radiusUm(int32_t lba);

// Speed in thousandths of 1× of a CAV drive whose nominal `speed_x` is reached at the outer edge
// (58 mm), at `lba`: speed ∝ radius, capped at the nominal speed. 52× at 25 mm gives ≈ 22.4×.
uint32_t cavSpeedMilliX(uint16_t speed_x, int32_t lba);

}  // namespace vrec
