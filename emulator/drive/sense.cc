// Fixed-format sense encoding (SPC-3 §4.5.3, mmc.md §5.1) and sense names for messages.
#include "emulator/drive/sense.h"

#include <array>

namespace vrec {
namespace {

constexpr uint8_t kResponseCodeCurrent = 0x70;
constexpr uint8_t kValidBit = 0x80;
constexpr uint8_t kAdditionalLength = kFixedSenseLength - 8;  // 10: bytes 8-17
constexpr uint8_t kSksvBit = 0x80;
constexpr uint8_t kCommandDataBit = 0x40;
constexpr uint8_t kBitPointerValid = 0x08;

struct NamedSense {
  Sense sense;
  std::string_view name;
};

constexpr std::array<NamedSense, 30> kNames{{
    {kSenseNone, "no additional sense information"},
    {kSenseBecomingReady, "logical unit is in process of becoming ready"},
    {kSenseOperationInProgress, "logical unit not ready, operation in progress"},
    {kSenseLongWriteInProgress, "logical unit not ready, long write in progress"},
    {kSenseNoMedium, "medium not present"},
    {kSenseNoMediumTrayClosed, "medium not present - tray closed"},
    {kSenseNoMediumTrayOpen, "medium not present - tray open"},
    {kSenseLossOfStreaming, "write error - loss of streaming"},
    {kSenseUnrecoveredReadError, "unrecovered read error"},
    {kSenseParameterListLength, "parameter list length error"},
    {kSenseInvalidOpcode, "invalid command operation code"},
    {kSenseLbaOutOfRange, "logical block address out of range"},
    {kSenseInvalidAddressForWrite, "invalid address for write"},
    {kSenseInvalidFieldInCdb, "invalid field in cdb"},
    {kSenseInvalidFieldInParameterList, "invalid field in parameter list"},
    {kSenseWriteProtected, "write protected"},
    {kSenseIncompatibleMedium, "incompatible medium installed"},
    {kSenseCannotReadIncompatibleFormat, "cannot read medium - incompatible format"},
    {kSenseCannotFormatIncompatibleMedium, "cannot format medium - incompatible medium"},
    {kSenseMediumNotFormatted, "medium not formatted"},
    {kSenseCommandSequenceError, "command sequence error"},
    {kSenseSavingNotSupported, "saving parameters not supported"},
    {kSenseRemovalPrevented, "medium removal prevented"},
    {kSenseEndOfUserArea, "end of user area encountered on this track"},
    {kSenseIllegalModeForTrack, "illegal mode for this track"},
    {kSenseIncompleteTrackInSession, "session fixation error - incomplete track in session"},
    {kSensePmaFull, "program memory area is full"},
    {kSenseInternalTargetFailure, "internal target failure"},
    {kSenseMediumMayHaveChanged, "not ready to ready change, medium may have changed"},
    {Sense{0x6, 0x29, 0x00}, "power on, reset, or bus device reset occurred"},
}};

char hexDigit(unsigned value) { return "0123456789ABCDEF"[value & 0xF]; }

}  // namespace

std::array<uint8_t, 18> SenseReport::encode() const {
  std::array<uint8_t, 18> bytes{};
  bytes[0] = kResponseCodeCurrent;
  bytes[2] = static_cast<uint8_t>(sense.key & 0x0F);
  if (information) {
    bytes[0] |= kValidBit;
    bytes[3] = static_cast<uint8_t>(*information >> 24);
    bytes[4] = static_cast<uint8_t>(*information >> 16);
    bytes[5] = static_cast<uint8_t>(*information >> 8);
    bytes[6] = static_cast<uint8_t>(*information);
  }
  bytes[7] = kAdditionalLength;
  bytes[12] = sense.asc;
  bytes[13] = sense.ascq;
  if (field) {
    // mmc.md §5.1 (SPC-3 field pointer): SKSV, C/D, BPV + bit pointer, then the byte offset (field pointer).
    bytes[15] = kSksvBit;
    if (field->in_cdb) bytes[15] |= kCommandDataBit;
    if (field->bit) bytes[15] |= static_cast<uint8_t>(kBitPointerValid | (*field->bit & 0x07));
    bytes[16] = static_cast<uint8_t>(field->byte >> 8);
    bytes[17] = static_cast<uint8_t>(field->byte);
  } else if (progress) {
    // mmc.md §5.1 (SPC-3 progress indication), a fraction of 65,536 (mmc.md §5.1).
    bytes[15] = kSksvBit;
    bytes[16] = static_cast<uint8_t>(*progress >> 8);
    bytes[17] = static_cast<uint8_t>(*progress);
  }
  return bytes;
}

std::string senseCode(Sense sense) {
  std::string text(8, '/');
  text[0] = hexDigit(sense.key >> 4);
  text[1] = hexDigit(sense.key);
  text[3] = hexDigit(sense.asc >> 4);
  text[4] = hexDigit(sense.asc);
  text[6] = hexDigit(sense.ascq >> 4);
  text[7] = hexDigit(sense.ascq);
  return text;
}

std::string_view senseName(Sense sense) {
  for (const NamedSense& named : kNames) {
    if (named.sense == sense) return named.name;
  }
  return {};
}

}  // namespace vrec
