// A medium the drive has no laser for: a BD in a CD or DVD writer. The drive sees a disc in the
// tray but cannot identify it, so GET CONFIGURATION reports no current profile (mmc.md §3.2) and
// every command that needs the disc's contents fails: reads with 05/30/02 (cannot read medium,
// incompatible format) and writes with 05/30/00 (incompatible medium installed), the answers
// mmc.md §5.2 gives. TEST UNIT READY stays GOOD, eject works: the tray does hold a disc.
#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {

bool Drive::mediumRefused() const {
  return medium_present_ && !tray_open_ && medium_.isBd() && !profile_.writesBd();
}

std::optional<Sense> Drive::refusedMediumSense(uint8_t opcode) const {
  if (!mediumRefused()) return std::nullopt;
  switch (opcode) {
    case op::kReadDiscInformation:
    case op::kReadTrackInformation:
    case op::kReadCapacity:
    case op::kRead10:
    case op::kRead12:
    case op::kReadTocPmaAtip:
    case op::kReadCd:
    case op::kReadCdMsf:
    case op::kReadSubChannel:
    case op::kReadDiscStructure:
    case op::kReadFormatCapacities:
    case op::kGetPerformance:
      return kSenseCannotReadIncompatibleFormat;
    case op::kWrite10:
    case op::kWrite12:
    case op::kReserveTrack:
    case op::kCloseTrackSession:
    case op::kSendCueSheet:
    case op::kBlank:
    case op::kFormatUnit:
      return kSenseIncompatibleMedium;
    default:
      return std::nullopt;
  }
}

}  // namespace vrec
