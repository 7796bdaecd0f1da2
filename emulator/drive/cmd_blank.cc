// BLANK (A1h, MMC-5; mmc.md §2): erasing a CD-RW. Type 0 erases the whole disc (lead-in, program
// area, lead-out), type 1 ("minimal") only the PMA, the TOC in the lead-in and the first track's
// pregap, which is enough for the disc to read as blank. The other CD types (blank track, unreserve,
// track tail, unclose, blank session) are not offered and fail as an invalid field. With IMMED the
// drive answers at once and TEST UNIT READY reports 02/04/07 with progress in sense bytes 16-17
// (mmc.md §5.1, §5.2) until the erase is done.
#include <string>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/sim/rate.h"

namespace vrec {
namespace {

constexpr uint8_t kBlankFull = 0;
constexpr uint8_t kBlankMinimal = 1;
constexpr uint8_t kBlankImmedBit = 0x10;

}  // namespace

void Drive::handleBlank(Command& c) {
  const bool immed = (c.cdb[1] & kBlankImmedBit) != 0;
  const uint8_t type = c.cdb[1] & 0x07;
  c.params = "type=" + std::to_string(type) + " immed=" + (immed ? "1" : "0");
  if (type != kBlankFull && type != kBlankMinimal) {
    failField(c, kSenseInvalidFieldInCdb, 1, 2);  // blanking type, byte 1 bits 2-0
    return;
  }
  if (immed && profile_.quirks.has(Quirk::kImmedAnswersNotReady)) {
    fail(c, kSenseNotReady);  // mmc.md §9 #14: IMMED answered "not ready", nothing done
    return;
  }
  if (!requireMedium(c)) return;
  if (!medium_.isErasable()) {
    fail(c, kSenseIncompatibleMedium);  // mmc.md §5.2 05/30/00: not for this medium's profile
    return;
  }

  // Apply: whatever was being recorded or simulated is gone with the disc's contents.
  simulation_.reset();
  dropCueSheet();
  resetWriteHead();
  const uint16_t speed = currentWriteSpeedX();
  Ticks duration = profile_.blank_minimal_duration;
  uint64_t sectors = kLeadInSectors + kTaoPregapSectors;
  if (type == kBlankFull) {
    // mmc.md §7: a full blank takes ≈ disc length ÷ speed: the lead-in, the whole program area
    // and the first lead-out, erased at the CD-RW write speed.
    sectors = uint64_t{kLeadInSectors} + medium_.capacitySectors() + kFirstLeadOutSectors;
    duration = ticksForSectors(sectors, speed);
  }
  medium_ = Medium::blank(medium_.kind());
  const Ticks end = addTicks(c.ready, duration);
  trace_.event(c.ready, end, "ERASE",
               std::string("type=") + (type == kBlankFull ? "full" : "minimal") + " sectors=" +
                   std::to_string(sectors) + " speed=" + std::to_string(speed) + "x");
  if (immed && end > c.ready) {
    setBusy(kSenseOperationInProgress, c.ready, end);  // mmc.md §5.2: 02/04/07 while it runs
  } else {
    c.finished = end;
  }
}

}  // namespace vrec
