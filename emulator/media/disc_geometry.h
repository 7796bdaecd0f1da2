// The recording geometry of a DVD or BD medium by family, so the drive's sequential and overwrite
// paths serve both: the write unit (DVD ECC block of 16 blocks, BD cluster of 32; mmc.md §1.6),
// the 1× rate, the spiral (radius ↔ LBA, CAV speed) and the closure a session costs. CD geometry
// stays in spiral.h and medium.h.
#pragma once

#include <cstdint>

#include "emulator/media/medium_kind.h"

namespace vrec {

// Blocks of one write unit: 16 on DVD, 32 on BD (1 on CD).
uint32_t writeUnitSectors(MediumFamily family);

// `sectors` rounded up to whole write units of `family`.
uint32_t alignToWriteUnit(MediumFamily family, uint32_t sectors);

// Bytes per second of 2048-byte blocks at 1× (DVD 1,385,000; BD 4,495,500).
uint64_t bytesPerSecond1x(MediumFamily family);

// Radius of `lba` in µm, the first LBA at `radius_um`, and a CAV drive's speed at `lba` in
// thousandths of 1× (nominal speed at the outer edge), on the family's spiral.
uint32_t radiusUm(MediumFamily family, int32_t lba);
int32_t lbaAtRadiusUm(MediumFamily family, uint32_t radius_um);
uint32_t cavSpeedMilliX(MediumFamily family, uint16_t speed_x, int32_t lba);

// Blocks between the end of a closed session and the start of the next (0 where sessions follow
// at once, or the medium has none).
uint32_t sessionGapSectors(MediumFamily family);

}  // namespace vrec
