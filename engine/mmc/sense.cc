// Sense decoding and naming (SPC-3 §4.5; ASC/ASCQ texts after SPC-3 Annex D, MMC-5 Table F.1).
#include "engine/mmc/sense.h"

#include <fmt/format.h>

#include <array>

namespace dm::mmc {
namespace {

struct AscEntry {
  uint8_t asc;
  uint8_t ascq;
  std::string_view text;
};

// The pairs recorders return while burning (mmc.md §5.2). ASCQ 0xFF matches any qualifier.
constexpr std::array kAscTable = {
    AscEntry{0x00, 0x00, "no additional sense information"},
    AscEntry{0x04, 0x00, "logical unit not ready, cause not reportable"},
    AscEntry{0x04, 0x01, "logical unit is in process of becoming ready"},
    AscEntry{0x04, 0x02, "logical unit not ready, initializing command required"},
    AscEntry{0x04, 0x04, "logical unit not ready, format in progress"},
    AscEntry{0x04, 0x07, "logical unit not ready, operation in progress"},
    AscEntry{0x04, 0x08, "logical unit not ready, long write in progress"},
    AscEntry{0x0C, 0x00, "write error"},
    AscEntry{0x0C, 0x07, "write error - recovery needed"},
    AscEntry{0x0C, 0x08, "write error - recovery failed"},
    AscEntry{0x0C, 0x09, "write error - loss of streaming"},
    AscEntry{0x0C, 0x0A, "write error - padding blocks added"},
    AscEntry{0x11, 0x00, "unrecovered read error"},
    AscEntry{0x1A, 0x00, "parameter list length error"},
    AscEntry{0x20, 0x00, "invalid command operation code"},
    AscEntry{0x21, 0x00, "logical block address out of range"},
    AscEntry{0x21, 0x02, "invalid address for write"},
    AscEntry{0x24, 0x00, "invalid field in CDB"},
    AscEntry{0x26, 0x00, "invalid field in parameter list"},
    AscEntry{0x26, 0x01, "parameter not supported"},
    AscEntry{0x26, 0x02, "parameter value invalid"},
    AscEntry{0x27, 0x00, "write protected"},
    AscEntry{0x28, 0x00, "not ready to ready change, medium may have changed"},
    AscEntry{0x29, 0x00, "power on, reset, or bus device reset occurred"},
    AscEntry{0x2A, 0x01, "mode parameters changed"},
    AscEntry{0x2C, 0x00, "command sequence error"},
    AscEntry{0x30, 0x00, "incompatible medium installed"},
    AscEntry{0x30, 0x05, "cannot write medium - incompatible format"},
    AscEntry{0x3A, 0x00, "medium not present"},
    AscEntry{0x3A, 0x01, "medium not present - tray closed"},
    AscEntry{0x3A, 0x02, "medium not present - tray open"},
    AscEntry{0x44, 0x00, "internal target failure"},
    AscEntry{0x53, 0x02, "medium removal prevented"},
    AscEntry{0x57, 0x00, "unable to recover table-of-contents"},
    AscEntry{0x63, 0x00, "end of user area encountered on this track"},
    AscEntry{0x64, 0x00, "illegal mode for this track"},
    AscEntry{0x72, 0x00, "session fixation error"},
    AscEntry{0x72, 0x01, "session fixation error writing lead-in"},
    AscEntry{0x72, 0x02, "session fixation error writing lead-out"},
    AscEntry{0x72, 0x03, "session fixation error - incomplete track in session"},
    AscEntry{0x72, 0x04, "empty or partially written reserved track"},
    AscEntry{0x72, 0x05, "no more track reservations allowed"},
    AscEntry{0x73, 0x00, "CD control error"},
    AscEntry{0x73, 0x01, "power calibration area almost full"},
    AscEntry{0x73, 0x02, "power calibration area is full"},
    AscEntry{0x73, 0x03, "power calibration area error"},
    AscEntry{0x73, 0x04, "program memory area update failure"},
    AscEntry{0x73, 0x05, "program memory area is full"},
};

// Sense → IMAPI: what a caller can act on (imapi.md §4, mmc.md §5.2). First match wins.
constexpr int kAny = SenseMapping::kAny;
constexpr SenseMapping kSenseMappings[] = {
    {0x02, 0x3A, kAny, ResultCode::kMediumNotPresent, "no medium: insert a disc"},
    {kAny, 0x28, 0x00, ResultCode::kMediumNotPresent, "the medium was changed under the command"},
    {0x03, 0x0C, 0x09, ResultCode::kLossOfStreaming, "buffer underrun without protection: the track is ruined"},
    {kAny, 0x27, kAny, ResultCode::kCannotWriteToMedia, "the medium is write-protected"},
    {kAny, 0x30, kAny, ResultCode::kMediumInvalidType, "the medium is of a kind this drive cannot write"},
    {kAny, 0x64, 0x00, ResultCode::kMediumInvalidType, "the track's mode does not allow the command"},
    {kAny, 0x63, kAny, ResultCode::kDiscFull, "the end of the user area: the content does not fit"},
    {0x0D, kAny, kAny, ResultCode::kDiscFull, "VOLUME OVERFLOW: written past the end of the medium"},
    {kAny, 0x73, 0x02, ResultCode::kCannotWriteToMedia, "the power calibration area is full: no more sessions"},
    {kAny, 0x73, 0x03, ResultCode::kCannotWriteToMedia, "power calibration failed on this medium"},
    {kAny, 0x72, kAny, ResultCode::kInitializeEndWrite, "closing the session failed"},
    {kAny, 0x57, 0x00, ResultCode::kDiscInfo, "the drive cannot read the disc's table of contents"},
    {0x02, 0x04, kAny, ResultCode::kDeviceNotAccessible, "the drive stays not ready"},
};

constexpr std::array<std::string_view, 16> kSenseKeyNames = {
    "NO SENSE",        "RECOVERED ERROR", "NOT READY",      "MEDIUM ERROR",
    "HARDWARE ERROR",  "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
    "BLANK CHECK",     "VENDOR SPECIFIC", "COPY ABORTED",   "ABORTED COMMAND",
    "RESERVED (0Ch)",  "VOLUME OVERFLOW", "MISCOMPARE",     "RESERVED (0Fh)"};

}  // namespace

SenseTriple decodeSense(std::span<const uint8_t> raw) {
  if (raw.empty()) return {};
  const uint8_t response = raw[0] & 0x7F;
  if ((response == 0x70 || response == 0x71) && raw.size() >= 14) {
    return {static_cast<uint8_t>(raw[2] & 0x0F), raw[12], raw[13]};
  }
  if ((response == 0x72 || response == 0x73) && raw.size() >= 4) {
    return {static_cast<uint8_t>(raw[1] & 0x0F), raw[2], raw[3]};
  }
  return {};
}

std::string_view senseKeyName(uint8_t key) { return kSenseKeyNames[key & 0x0F]; }

std::string_view ascText(uint8_t asc, uint8_t ascq) {
  for (const auto& e : kAscTable)
    if (e.asc == asc && e.ascq == ascq) return e.text;
  return {};
}

std::string describeSense(const SenseTriple& s) {
  std::string out = fmt::format("{} {:02X}/{:02X}/{:02X}", senseKeyName(s.key), s.key, s.asc, s.ascq);
  if (auto text = ascText(s.asc, s.ascq); !text.empty()) out += fmt::format(" ({})", text);
  return out;
}

std::span<const SenseMapping> senseMappings() { return kSenseMappings; }

ResultCode resultForSense(const SenseTriple& s) {
  const auto matches = [&s](const SenseMapping& m) {
    return (m.key == SenseMapping::kAny || m.key == s.key) && (m.asc == SenseMapping::kAny || m.asc == s.asc) &&
           (m.ascq == SenseMapping::kAny || m.ascq == s.ascq);
  };
  for (const SenseMapping& m : kSenseMappings)
    if (matches(m)) return m.code;
  return ResultCode::kGeneric;
}

bool isTransientNotReady(const SenseTriple& s) {
  return s.key == 0x02 && s.asc == 0x04 &&
         (s.ascq == 0x01 || s.ascq == 0x04 || s.ascq == 0x07 || s.ascq == 0x08);
}

bool isUnitAttention(const SenseTriple& s) { return s.key == 0x06; }

}  // namespace dm::mmc
