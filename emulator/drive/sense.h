// Sense data the virtual recorder reports: named key/ASC/ASCQ triples (mmc.md §5.2) and the fixed
// format 70h encoding with its optional parts — the Information field (the failing LBA) and the
// sense-key-specific bytes (field pointer for ILLEGAL REQUEST, progress for NOT READY) — as
// SPC-3 §4.5.3 lays them out (mmc.md §5.1).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vrec {

struct Sense {
  uint8_t key = 0;
  uint8_t asc = 0;
  uint8_t ascq = 0;
  friend constexpr bool operator==(const Sense&, const Sense&) = default;
};

// Sense keys (SPC-3 sense key table; mmc.md §5.2).
inline constexpr uint8_t kKeyNoSense = 0x0;
inline constexpr uint8_t kKeyNotReady = 0x2;
inline constexpr uint8_t kKeyMediumError = 0x3;
inline constexpr uint8_t kKeyIllegalRequest = 0x5;
inline constexpr uint8_t kKeyUnitAttention = 0x6;

// The triples this recorder returns (mmc.md §5.2).
inline constexpr Sense kSenseNone{0x0, 0x00, 0x00};
inline constexpr Sense kSenseNotReady{0x2, 0x00, 0x00};  // no additional sense (mmc.md §9 #14)
inline constexpr Sense kSenseBecomingReady{0x2, 0x04, 0x01};
inline constexpr Sense kSenseOperationInProgress{0x2, 0x04, 0x07};
inline constexpr Sense kSenseLongWriteInProgress{0x2, 0x04, 0x08};
inline constexpr Sense kSenseNoMedium{0x2, 0x3A, 0x00};
inline constexpr Sense kSenseNoMediumTrayClosed{0x2, 0x3A, 0x01};
inline constexpr Sense kSenseNoMediumTrayOpen{0x2, 0x3A, 0x02};
inline constexpr Sense kSenseLossOfStreaming{0x3, 0x0C, 0x09};
inline constexpr Sense kSenseUnrecoveredReadError{0x3, 0x11, 0x00};
inline constexpr Sense kSenseParameterListLength{0x5, 0x1A, 0x00};
inline constexpr Sense kSenseInvalidOpcode{0x5, 0x20, 0x00};
inline constexpr Sense kSenseLbaOutOfRange{0x5, 0x21, 0x00};
inline constexpr Sense kSenseInvalidAddressForWrite{0x5, 0x21, 0x02};
inline constexpr Sense kSenseInvalidFieldInCdb{0x5, 0x24, 0x00};
inline constexpr Sense kSenseInvalidFieldInParameterList{0x5, 0x26, 0x00};
inline constexpr Sense kSenseWriteProtected{0x5, 0x27, 0x00};
inline constexpr Sense kSenseCommandSequenceError{0x5, 0x2C, 0x00};
inline constexpr Sense kSenseIncompatibleMedium{0x5, 0x30, 0x00};
inline constexpr Sense kSenseCannotReadIncompatibleFormat{0x5, 0x30, 0x02};
inline constexpr Sense kSenseCannotFormatIncompatibleMedium{0x5, 0x30, 0x06};
// SPC-4 ASC 30h/10h MEDIUM NOT FORMATTED: a write to a blank DVD+RW before FORMAT UNIT.
inline constexpr Sense kSenseMediumNotFormatted{0x5, 0x30, 0x10};
inline constexpr Sense kSenseSavingNotSupported{0x5, 0x39, 0x00};
inline constexpr Sense kSenseRemovalPrevented{0x5, 0x53, 0x02};
inline constexpr Sense kSenseEndOfUserArea{0x5, 0x63, 0x00};
inline constexpr Sense kSenseIllegalModeForTrack{0x5, 0x64, 0x00};
inline constexpr Sense kSenseIncompleteTrackInSession{0x5, 0x72, 0x03};
inline constexpr Sense kSensePmaFull{0x3, 0x73, 0x05};
inline constexpr Sense kSenseInternalTargetFailure{0x4, 0x44, 0x00};
inline constexpr Sense kSenseMediumMayHaveChanged{0x6, 0x28, 0x00};

// SPC-3 sense-key specific field pointer (mmc.md §5.1): where in the CDB (or parameter list) an ILLEGAL REQUEST was found.
struct FieldPointer {
  bool in_cdb = true;                // C/D bit: 1 = CDB, 0 = parameter list
  uint16_t byte = 0;                 // byte offset
  std::optional<uint8_t> bit;        // BPV + bit pointer, when one bit is at fault
};

// A complete sense report: the triple plus what makes it useful to the host.
struct SenseReport {
  SenseReport() = default;
  SenseReport(Sense triple) : sense(triple) {}  // NOLINT: implicit by design, a triple is a report

  Sense sense;
  std::optional<uint32_t> information;  // Valid bit + bytes 3-6 (two's complement for LBA < 0)
  std::optional<FieldPointer> field;    // ILLEGAL REQUEST: SKSV + field pointer
  std::optional<uint16_t> progress;     // NOT READY during IMMED operations: fraction of 65,536

  std::array<uint8_t, 18> encode() const;  // fixed format 70h, additional length 10
};

inline constexpr uint8_t kFixedSenseLength = 18;

// "KK/AA/QQ" in upper-case hex, as the trace prints it.
std::string senseCode(Sense sense);

// A short English name of the triple (the SPC ASC/ASCQ text), "" if unknown.
std::string_view senseName(Sense sense);

}  // namespace vrec
