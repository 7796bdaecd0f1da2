// Medium kinds from profiles (see medium_kind.h).
#include "engine/burn/medium_kind.h"

#include "engine/mmc/replies.h"

namespace dm::burn {

MediumKind mediumKind(uint16_t profile) {
  using mmc::Profile;
  switch (static_cast<Profile>(profile)) {
    case Profile::kNone: return MediumKind::kNone;
    case Profile::kCdR:
    case Profile::kCdRw: return MediumKind::kCd;
    case Profile::kDvdR:
    case Profile::kDvdRwSequential:
    case Profile::kDvdRDualLayer: return MediumKind::kDvdMinusR;
    case Profile::kDvdPlusR:
    case Profile::kDvdPlusRDualLayer: return MediumKind::kDvdPlusR;
    case Profile::kDvdPlusRw: return MediumKind::kDvdPlusRw;
    case Profile::kDvdRwRestrictedOverwrite:
    case Profile::kDvdRam: return MediumKind::kDvdOverwrite;
    case Profile::kBdRSequential:
    case Profile::kBdRRandom:
    case Profile::kBdRe: return MediumKind::kBd;
    default: return MediumKind::kReadOnly;
  }
}

bool isDvdOrBd(MediumKind kind) {
  return kind == MediumKind::kDvdMinusR || kind == MediumKind::kDvdPlusR || kind == MediumKind::kDvdPlusRw ||
         kind == MediumKind::kDvdOverwrite || kind == MediumKind::kBd;
}

bool hasTestWrite(MediumKind kind) { return kind == MediumKind::kCd || kind == MediumKind::kDvdMinusR; }

std::string_view mediumKindName(MediumKind kind) {
  switch (kind) {
    case MediumKind::kNone: return "no medium";
    case MediumKind::kCd: return "CD";
    case MediumKind::kDvdMinusR: return "DVD-R";
    case MediumKind::kDvdPlusR: return "DVD+R";
    case MediumKind::kDvdPlusRw: return "DVD+RW";
    case MediumKind::kDvdOverwrite: return "DVD overwrite";
    case MediumKind::kBd: return "BD";
    case MediumKind::kReadOnly: return "read-only";
  }
  return "unknown";
}

}  // namespace dm::burn
