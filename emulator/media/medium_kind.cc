// The table of media kinds: names, profiles and ATIP values (mmc.md §1.4, §2.1 format 4, §3.2).
#include "emulator/media/medium_kind.h"

#include <array>

namespace vrec {
namespace {

// ATIP lead-in start 97:26:66 is the worked example of mmc.md §1.2/§1.3 (the frame value carries
// the dye maker's code); the last possible lead-out starts are the nominal capacities of §1.4:
// 74 min → 74:00:00 (LBA 332,850), 80 min → 79:59:74 (LBA 359,849). CD-RW blanks are sold as 80 min.
constexpr Msf kTypicalLeadIn{97, 26, 66};
constexpr Msf kLeadOut74{74, 0, 0};
constexpr Msf kLeadOut80{79, 59, 74};
// mmc.md §1.4: 8 cm 21 min → 20:59:74 (unverified); the overburn-class 90 and 99 min blanks →
// 89:59:74 and 99:59:74. 99:59:74 lies past the 90-minute MSF wrap (unverified whether drives
// address it); Medium::capacitySectors() reads a lead-out MSF as a program-area time.
constexpr Msf kLeadOut21{20, 59, 74};
constexpr Msf kLeadOut90{89, 59, 74};
constexpr Msf kLeadOut99{99, 59, 74};

// mmc.md §1.5: blocks a blank single-layer disc offers (free blocks of the invisible track,
// READ CAPACITY + 1 of a formatted DVD+RW).
constexpr uint32_t kDvdPlusSectors = 2'295'104;
constexpr uint32_t kDvdMinusSectors = 2'298'496;
constexpr Msf kNoAtip{0, 0, 0};
// mmc.md §1.5: a single-layer 25 GB BD-R or BD-RE, unformatted (full capacity).
constexpr uint32_t kBdSectors = 12'219'392;

constexpr std::array<MediumKindInfo, 11> kKinds{{
    {MediumKind::kCdR21, "cd-r21", "CD-R 21 min (8 cm)", kProfileCdR, false, kTypicalLeadIn, kLeadOut21, MediumFamily::kCd, 0},
    {MediumKind::kCdR74, "cd-r74", "CD-R 74 min", kProfileCdR, false, kTypicalLeadIn, kLeadOut74, MediumFamily::kCd, 0},
    {MediumKind::kCdR80, "cd-r80", "CD-R 80 min", kProfileCdR, false, kTypicalLeadIn, kLeadOut80, MediumFamily::kCd, 0},
    {MediumKind::kCdR90, "cd-r90", "CD-R 90 min", kProfileCdR, false, kTypicalLeadIn, kLeadOut90, MediumFamily::kCd, 0},
    {MediumKind::kCdR99, "cd-r99", "CD-R 99 min", kProfileCdR, false, kTypicalLeadIn, kLeadOut99, MediumFamily::kCd, 0},
    {MediumKind::kCdRw, "cd-rw", "CD-RW 80 min", kProfileCdRw, true, kTypicalLeadIn, kLeadOut80, MediumFamily::kCd, 0},
    {MediumKind::kDvdMinusR, "dvd-r", "DVD-R 4.7 GB", kProfileDvdMinusRSequential, false, kNoAtip, kNoAtip,
     MediumFamily::kDvdMinusR, kDvdMinusSectors},
    {MediumKind::kDvdPlusR, "dvd+r", "DVD+R 4.7 GB", kProfileDvdPlusR, false, kNoAtip, kNoAtip,
     MediumFamily::kDvdPlusR, kDvdPlusSectors},
    {MediumKind::kDvdPlusRw, "dvd+rw", "DVD+RW 4.7 GB", kProfileDvdPlusRw, true, kNoAtip, kNoAtip,
     MediumFamily::kDvdPlusRw, kDvdPlusSectors},
    {MediumKind::kBdR, "bd-r", "BD-R 25 GB", kProfileBdRSequential, false, kNoAtip, kNoAtip, MediumFamily::kBdR,
     kBdSectors},
    {MediumKind::kBdRe, "bd-re", "BD-RE 25 GB", kProfileBdRe, true, kNoAtip, kNoAtip, MediumFamily::kBdRe, kBdSectors},
}};

}  // namespace

std::span<const MediumKindInfo> allMediumKinds() { return kKinds; }

std::optional<MediumKind> parseMediumKind(std::string_view name) {
  for (const MediumKindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::string_view mediumKindName(MediumKind kind) { return mediumKindInfo(kind).name; }

const MediumKindInfo& mediumKindInfo(MediumKind kind) {
  for (const MediumKindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[2];  // unreachable for valid enumerators; the default medium keeps callers safe
}

}  // namespace vrec
