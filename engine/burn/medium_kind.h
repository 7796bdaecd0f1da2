// MediumKind: the write strategy a loaded medium calls for, from its MMC profile (mmc.md §3.2),
// and what the strategies differ in — whether the medium has Test Write (only CD-R/RW and the
// sequential DVD-R/-RW do; DVD+R/+RW and BD have no simulation, mmc.md §4.1), which burner
// writes a data image on it, its write unit (a DVD ECC block, a BD cluster) and its 1x rate.
#pragma once

#include <cstdint>
#include <string_view>

namespace dm::burn {

enum class MediumKind : uint8_t {
  kNone,          // no medium
  kCd,            // CD-R, CD-RW: TAO or DAO burners
  kDvdMinusR,     // DVD-R, DVD-RW sequential, DVD-R DL: DAO or incremental, page 05
  kDvdPlusR,      // DVD+R, DVD+R DL: sequential, no page 05, CLOSE TRACK then session/finalize
  kDvdPlusRw,     // DVD+RW: overwrite after a background format
  kDvdOverwrite,  // DVD-RW restricted overwrite, DVD-RAM: overwritable, not written here
  kBdR,           // BD-R Sequential Recording Mode: as DVD+R, on 32-block clusters, finalize 110b
  kBdRRandom,     // BD-R Random Recording Mode: not written here
  kBdRe,          // BD-RE: overwrite after FORMAT UNIT 30h, nothing to close
  kReadOnly,      // CD-ROM, DVD-ROM, BD-ROM, DVD-R DL layer jump and anything else
};

MediumKind mediumKind(uint16_t profile);
bool isDvdOrBd(MediumKind kind);
bool isBd(MediumKind kind);
// Whether MMC Test Write (simulation) exists on the medium.
bool hasTestWrite(MediumKind kind);
// The strategy's name for reports: "CD", "DVD-R", "DVD+R", "DVD+RW", "BD-R", "BD-RE", …
std::string_view mediumKindName(MediumKind kind);

// The unit a track is written and padded in (mmc.md §1.6): 1 block on CD, a 16-block ECC block on
// DVD, a 32-block (64 KiB) cluster on BD.
inline constexpr uint32_t kDvdEccBlocks = 16;
inline constexpr uint32_t kBdClusterBlocks = 32;
uint32_t writeUnitBlocks(MediumKind kind);
// `blocks` rounded up to whole write units of `unit` blocks.
inline constexpr uint32_t paddedToUnit(uint32_t blocks, uint32_t unit) { return (blocks + unit - 1) / unit * unit; }

// The medium's 1x in kB/s (k = 1000: CD 176.4, DVD 1,385, BD 4,495.5; mmc.md §1.6) and in blocks a
// second (CD 75 sectors; DVD and BD that rate in 2048-byte blocks).
double speed1xKbps(MediumKind kind);
double blocksPerSecondAt1x(MediumKind kind);

}  // namespace dm::burn
