// FORMAT UNIT and READ FORMAT CAPACITIES for BD (mmc.md §1.5, §2.4, §6.4). A blank BD-RE takes no
// WRITE until formatted: type 30h sets spare areas aside (ISA0 fixed at 4,096 clusters, the outer
// spares 0-16,384 clusters, so 11,564,032-12,088,320 user blocks; the default 11,826,176), 31h
// formats without spares (all 12,219,392 blocks), 00h is the default 30h format (dvd+rw-format's
// choice, mmc.md §9 #12). A blank BD-R may be formatted with 32h (SRM with spare areas; it stays
// sequential; subtype 00b adds Pseudo-Overwrite, which growisofs asks for and then relies on).
// The capacities offered are the ones READ FORMAT CAPACITIES lists; growisofs picks
// the 30h/32h descriptor of largest capacity ("minimal spare"), libburn the first.
// Timings (mmc.md §7, est./unverified): a quick format 90 s, full certification the whole user
// area written at the current speed (≈ 46 min at 2×), a BD-R format 5 s.
#include <string>
#include <vector>

#include "emulator/drive/bd_speed.h"
#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/media/bd_layout.h"

namespace vrec {
namespace {

constexpr uint8_t kFormatFull = 0x00;
constexpr uint8_t kFormatWithSpares = 0x30;
constexpr uint8_t kFormatWithoutSpares = 0x31;
constexpr uint8_t kFormatBdR = 0x32;
constexpr uint8_t kSubtypeFullCertification = 0x2;
constexpr uint8_t kSubtypeRrm = 0x2;  // 32h subtype 10b: Random Recording Mode, not offered
constexpr Ticks kQuickFormatDuration = 90 * kTicksPerSecond;
constexpr Ticks kBdRFormatDuration = 5 * kTicksPerSecond;

bool validSpareCapacity(uint32_t blocks) {
  return blocks >= kBdSmallestSpareCapacitySectors && blocks <= kBdLargestSpareCapacitySectors &&
         blocks % kBdClusterSectors == 0;
}

}  // namespace

void Drive::formatBd(Command& c, uint8_t type, uint8_t subtype, uint32_t blocks, bool immed) {
  const bool rewritable = medium_.family() == MediumFamily::kBdRe;
  const bool type_fits = rewritable ? (type == kFormatFull || type == kFormatWithSpares || type == kFormatWithoutSpares)
                                    : type == kFormatBdR;
  if (!type_fits || (type == kFormatBdR && subtype == kSubtypeRrm) || (type == kFormatWithoutSpares && subtype > 1)) {
    failParameter(c, kSenseInvalidFieldInParameterList, 8);  // a format of another medium or mode
    return;
  }
  if (!rewritable && !medium_.isBlank()) {
    fail(c, kSenseCommandSequenceError);  // a BD-R is formatted before anything is recorded
    return;
  }
  // mmc.md §2.4: a count leaving fewer than 4,096 spare clusters is refused 05/26/00 (Pioneer);
  // 31h formats the full capacity.
  const bool fits = type == kFormatWithoutSpares ? blocks == kBdFullCapacitySectors : validSpareCapacity(blocks);
  if (!fits) {
    failParameter(c, kSenseInvalidFieldInParameterList, 4);
    return;
  }
  Ticks span = rewritable ? kQuickFormatDuration : kBdRFormatDuration;
  if (rewritable && type == kFormatWithSpares && subtype == kSubtypeFullCertification) {
    // Full certification writes and verifies the whole user area once.
    span = ticksForBdSectorsMilli(blocks, uint32_t{currentWriteSpeedX()} * 1000);
  }
  medium_.formatBd(blocks, type == kFormatBdR && subtype == 0);
  random_write_end_.reset();
  const Ticks end = addTicks(c.ready, span);
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::string type_text{kHex[type >> 4], kHex[type & 0xF], 'h'};
  trace_.event(c.ready, end, "FORMAT",
               "type=" + type_text + " subtype=" + std::to_string(subtype) + " blocks=" + std::to_string(blocks));
  if (immed) {
    setBusy(kSenseOperationInProgress, c.ready, end);
  } else {
    c.finished = end;
  }
}

void Drive::appendBdFormatDescriptors(std::vector<uint8_t>& out) const {
  // Each descriptor: blocks, format type (bits 7-2), and as type-dependent parameter the spare
  // clusters the format sets aside (dvd+rw-mediainfo prints it: "30h(3000): 11826176*2048").
  const auto descriptor = [&out](uint32_t blocks, uint8_t type) {
    const size_t at = out.size();
    out.resize(at + 8, 0);
    putBe32(out, at, blocks);
    out[at + 4] = static_cast<uint8_t>(type << 2);
    const uint32_t spare_clusters = type == kFormatWithoutSpares ? 0 : (kBdFullCapacitySectors - blocks) / kBdClusterSectors;
    out[at + 5] = static_cast<uint8_t>(spare_clusters >> 16);
    out[at + 6] = static_cast<uint8_t>(spare_clusters >> 8);
    out[at + 7] = static_cast<uint8_t>(spare_clusters);
  };
  // In type order, the default spare size first of each type: a host taking the first
  // formattable descriptor gets the default format.
  const bool rewritable = medium_.family() == MediumFamily::kBdRe;
  const uint8_t spares = rewritable ? kFormatWithSpares : kFormatBdR;
  if (rewritable) descriptor(kBdDefaultSpareCapacitySectors, kFormatFull);
  descriptor(kBdDefaultSpareCapacitySectors, spares);
  descriptor(kBdSmallestSpareCapacitySectors, spares);
  descriptor(kBdLargestSpareCapacitySectors, spares);
  if (rewritable) descriptor(kBdFullCapacitySectors, kFormatWithoutSpares);
}

}  // namespace vrec
