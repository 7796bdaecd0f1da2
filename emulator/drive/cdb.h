// CDB vocabulary of the virtual recorder: operation codes (MMC-5 / SPC-3 names, mmc.md §2), the
// CDB length each operation code group implies (SPC-3 operation code groups), and big-endian field access for
// CDBs, parameter lists and replies (every multi-byte MMC field is big-endian).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vrec {

namespace op {
inline constexpr uint8_t kTestUnitReady = 0x00;
inline constexpr uint8_t kFormatUnit = 0x04;
inline constexpr uint8_t kReadFormatCapacities = 0x23;
inline constexpr uint8_t kReadDiscStructure = 0xAD;
inline constexpr uint8_t kSetStreaming = 0xB6;
inline constexpr uint8_t kRequestSense = 0x03;
inline constexpr uint8_t kInquiry = 0x12;
inline constexpr uint8_t kModeSelect6 = 0x15;
inline constexpr uint8_t kModeSense6 = 0x1A;
inline constexpr uint8_t kStartStopUnit = 0x1B;
inline constexpr uint8_t kPreventAllowMediumRemoval = 0x1E;
inline constexpr uint8_t kReadCapacity = 0x25;
inline constexpr uint8_t kRead10 = 0x28;
inline constexpr uint8_t kWrite10 = 0x2A;
inline constexpr uint8_t kSynchronizeCache = 0x35;
inline constexpr uint8_t kReadSubChannel = 0x42;
inline constexpr uint8_t kReadTocPmaAtip = 0x43;
inline constexpr uint8_t kGetConfiguration = 0x46;
inline constexpr uint8_t kGetEventStatusNotification = 0x4A;
inline constexpr uint8_t kReadDiscInformation = 0x51;
inline constexpr uint8_t kReadTrackInformation = 0x52;
inline constexpr uint8_t kReserveTrack = 0x53;
inline constexpr uint8_t kModeSelect10 = 0x55;
inline constexpr uint8_t kModeSense10 = 0x5A;
inline constexpr uint8_t kCloseTrackSession = 0x5B;
inline constexpr uint8_t kReadBufferCapacity = 0x5C;
inline constexpr uint8_t kSendCueSheet = 0x5D;
inline constexpr uint8_t kBlank = 0xA1;
inline constexpr uint8_t kRead12 = 0xA8;
inline constexpr uint8_t kWrite12 = 0xAA;
inline constexpr uint8_t kGetPerformance = 0xAC;
inline constexpr uint8_t kReadCdMsf = 0xB9;
inline constexpr uint8_t kSetCdSpeed = 0xBB;
inline constexpr uint8_t kReadCd = 0xBE;
}  // namespace op

// SPC-3 operation code groups: the group code (top three bits) fixes the CDB length. Groups 3 (reserved) and
// 6/7 (vendor specific) have no defined length: 0.
constexpr size_t cdbLengthForOpcode(uint8_t opcode) {
  switch (opcode >> 5) {
    case 0: return 6;
    case 1:
    case 2: return 10;
    case 4: return 16;
    case 5: return 12;
    default: return 0;
  }
}

// ATAPI (SFF-8020i) sends every packet command as 12 bytes; the bytes past the command's own
// length are zero. The recorder accepts that padding.
inline constexpr size_t kAtapiPacketLength = 12;

inline uint16_t be16(std::span<const uint8_t> bytes, size_t offset) {
  return static_cast<uint16_t>(bytes[offset] << 8 | bytes[offset + 1]);
}

inline uint32_t be24(std::span<const uint8_t> bytes, size_t offset) {
  return static_cast<uint32_t>(bytes[offset]) << 16 | static_cast<uint32_t>(bytes[offset + 1]) << 8 |
         bytes[offset + 2];
}

inline uint32_t be32(std::span<const uint8_t> bytes, size_t offset) {
  return static_cast<uint32_t>(bytes[offset]) << 24 | be24(bytes, offset + 1);
}

inline void putBe16(std::span<uint8_t> bytes, size_t offset, uint32_t value) {
  bytes[offset] = static_cast<uint8_t>(value >> 8);
  bytes[offset + 1] = static_cast<uint8_t>(value);
}

inline void putBe24(std::span<uint8_t> bytes, size_t offset, uint32_t value) {
  bytes[offset] = static_cast<uint8_t>(value >> 16);
  putBe16(bytes, offset + 1, value);
}

inline void putBe32(std::span<uint8_t> bytes, size_t offset, uint32_t value) {
  bytes[offset] = static_cast<uint8_t>(value >> 24);
  putBe24(bytes, offset + 1, value);
}

// LBAs are signed on CD (the lead-in and pregap of track 1 are negative); on the wire they are
// 32-bit two's complement.
inline int32_t lbaFromWire(uint32_t value) { return static_cast<int32_t>(value); }
inline uint32_t lbaToWire(int32_t lba) { return static_cast<uint32_t>(lba); }

}  // namespace vrec
