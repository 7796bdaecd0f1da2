// MediumKind: the write strategy a loaded medium calls for, from its MMC profile (mmc.md §3.2),
// and what the strategies differ in — whether the medium has Test Write (only CD-R/RW and the
// sequential DVD-R/-RW do; DVD+R/+RW and BD have no simulation, mmc.md §4.1) and which burner
// writes a data image on it.
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
  kBd,            // BD-R, BD-RE: not written here yet
  kReadOnly,      // CD-ROM, DVD-ROM, BD-ROM, DVD-R DL layer jump and anything else
};

MediumKind mediumKind(uint16_t profile);
bool isDvdOrBd(MediumKind kind);
// Whether MMC Test Write (simulation) exists on the medium.
bool hasTestWrite(MediumKind kind);
// The strategy's name for reports: "CD", "DVD-R", "DVD+R", "DVD+RW", …
std::string_view mediumKindName(MediumKind kind);

}  // namespace dm::burn
