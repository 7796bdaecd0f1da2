// FORMAT UNIT (04h) and READ FORMAT CAPACITIES (23h) for DVD+RW (mmc.md §2, §2.4, §6.4; BD in
// cmd_bd_format.cc): a blank
// DVD+RW must be formatted (type 26h) before it takes WRITEs. The command returns within seconds
// and the drive formats the rest in the background ("de-icing"), which the host may stop with
// CLOSE 000b/010b; READ DISC INFORMATION reports the background status. The format parameter list
// is a 4-byte header (FOV, DCRT, IMMED; length 8) and one 8-byte descriptor: blocks, format type.
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/media/dvd_layout.h"

namespace vrec {
namespace {

constexpr uint8_t kFormatDvdPlusRw = 0x26;
constexpr uint8_t kFmtDataBit = 0x10;
constexpr uint8_t kFormatCodeMask = 0x07;
constexpr uint8_t kImmedBit = 0x02;
// mmc.md §7: FORMAT 26h "returns in seconds"; 2 s modelled (unverified).
constexpr Ticks kBasicFormatDuration = 2 * kTicksPerSecond;

}  // namespace

void Drive::handleFormatUnit(Command& c) {
  if (!profile_.writesDvd()) {
    failField(c, kSenseInvalidOpcode, 0);  // this CD recorder does not format
    return;
  }
  if ((c.cdb[1] & kFmtDataBit) == 0 || (c.cdb[1] & kFormatCodeMask) != 0x01) {
    failField(c, kSenseInvalidFieldInCdb, 1);  // FmtData = 1, format code 001b (mmc.md §2)
    return;
  }
  const std::span<const uint8_t> list = c.data;
  c.transferred = list.size();
  if (list.size() < 12 || be16(list, 2) != 8) {
    fail(c, kSenseParameterListLength);
    return;
  }
  const bool immed = (list[1] & kImmedBit) != 0;
  const uint32_t blocks = be32(list, 4);
  const uint8_t type = list[8] >> 2;
  c.params = "type=" + std::to_string(type) + " blocks=" + std::to_string(blocks) + " immed=" + (immed ? "1" : "0");
  if (!requireMedium(c)) return;
  if (medium_.isBd()) {
    formatBd(c, type, list[8] & 0x03, blocks, immed);  // cmd_bd_format.cc
    return;
  }
  if (medium_.family() != MediumFamily::kDvdPlusRw) {
    fail(c, kSenseCannotFormatIncompatibleMedium);
    return;
  }
  if (type != kFormatDvdPlusRw) {
    failParameter(c, kSenseInvalidFieldInParameterList, 8, 7);
    return;
  }
  // Blocks: all ones ("the whole disc") or the formattable capacity (mmc.md §2.4).
  if (blocks != 0xFFFFFFFF && blocks != medium_.capacitySectors()) {
    failParameter(c, kSenseInvalidFieldInParameterList, 4);
    return;
  }
  medium_.formatDvdPlusRw();
  random_write_end_.reset();
  const Ticks end = addTicks(c.ready, kBasicFormatDuration);
  trace_.event(c.ready, end, "FORMAT", "type=26h blocks=" + std::to_string(medium_.capacitySectors()) + " background=1");
  if (immed) {
    setBusy(kSenseOperationInProgress, c.ready, end);  // some drives answer 02/04/04 (mmc.md §5.2)
  } else {
    c.finished = end;
  }
}

void Drive::handleReadFormatCapacities(Command& c) {
  const uint16_t allocation = be16(c.cdb, 7);
  if (!profile_.writesDvd()) {
    failField(c, kSenseInvalidOpcode, 0);
    return;
  }
  if (!requireMedium(c)) return;
  // mmc.md §2 READ FORMAT CAPACITIES: header, current/maximum descriptor, formattable descriptors.
  std::vector<uint8_t> out(4, 0);
  const uint32_t capacity = medium_.capacitySectors();
  const auto descriptor = [&out](uint32_t blocks, uint8_t b4, uint32_t param) {
    const size_t at = out.size();
    out.resize(at + 8, 0);
    putBe32(out, at, blocks);
    out[at + 4] = b4;
    out[at + 5] = static_cast<uint8_t>(param >> 16);
    out[at + 6] = static_cast<uint8_t>(param >> 8);
    out[at + 7] = static_cast<uint8_t>(param);
  };
  // A BD counts as formatted once a format set its capacity (a formatted BD-R stays sequential).
  const bool formatted = medium_.isFormatted() || medium_.formattedCapacity().has_value();
  descriptor(capacity, formatted ? 0x02 : 0x01, kDvdBlockBytes);  // 10b formatted / 01b unformatted
  if (medium_.family() == MediumFamily::kDvdPlusRw) descriptor(capacity, kFormatDvdPlusRw << 2, 0);
  if (medium_.isBd()) appendBdFormatDescriptors(out);
  out[3] = static_cast<uint8_t>(out.size() - 4);
  reply(c, out, allocation);
}

}  // namespace vrec
