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
    case Profile::kBdRSequential: return MediumKind::kBdR;
    case Profile::kBdRRandom: return MediumKind::kBdRRandom;
    case Profile::kBdRe: return MediumKind::kBdRe;
    default: return MediumKind::kReadOnly;
  }
}

bool isBd(MediumKind kind) {
  return kind == MediumKind::kBdR || kind == MediumKind::kBdRRandom || kind == MediumKind::kBdRe;
}

bool isDvdOrBd(MediumKind kind) {
  return kind == MediumKind::kDvdMinusR || kind == MediumKind::kDvdPlusR || kind == MediumKind::kDvdPlusRw ||
         kind == MediumKind::kDvdOverwrite || isBd(kind);
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
    case MediumKind::kBdR: return "BD-R";
    case MediumKind::kBdRRandom: return "BD-R random recording";
    case MediumKind::kBdRe: return "BD-RE";
    case MediumKind::kReadOnly: return "read-only";
  }
  return "unknown";
}

uint32_t writeUnitBlocks(MediumKind kind) {
  if (isBd(kind)) return kBdClusterBlocks;
  return isDvdOrBd(kind) ? kDvdEccBlocks : 1;
}

double speed1xKbps(MediumKind kind) {
  if (isBd(kind)) return mmc::kBdSpeed1xKbps;
  return isDvdOrBd(kind) ? mmc::kDvdSpeed1xKbps : mmc::kCdSpeed1xKbps;
}

double blocksPerSecondAt1x(MediumKind kind) {
  // kB/s with k = 1000 of 2048-byte blocks; a CD's 1x is 75 sectors whatever their size.
  return isDvdOrBd(kind) ? speed1xKbps(kind) * 1000.0 / 2048.0 : 75.0;
}

}  // namespace dm::burn
