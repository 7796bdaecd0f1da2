// Sector formats of a CD: the five forms a writer produces, where each field sits in the 2352-byte
// raw sector, and the sync pattern and 4-byte header (MSF address in BCD + mode byte) that open a
// data sector. ECMA-130 §14 (sector structure), §14.2 (header); Yellow Book / CD-ROM XA for the
// Mode 2 forms; shared/reference/mmc.md §1.1–1.2 for the table and the time base.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/base/result.h"

namespace dm::sector {

// The forms a host can hand a raw (2352-byte) writer. Their user-data sizes are in mmc.md §1.1.
enum class SectorForm : uint8_t {
  kMode1,          // 2048 user bytes, EDC, 8 zero bytes, P/Q ECC
  kMode2Formless,  // 2336 user bytes, nothing computed
  kMode2Form1,     // subheader, 2048 user bytes, EDC, P/Q ECC (header excluded from ECC)
  kMode2Form2,     // subheader, 2324 user bytes, EDC (the "optional" EDC is always written)
  kCdda,           // 2352 bytes of audio: no sync, no header, nothing computed
};

inline constexpr size_t kRawSectorBytes = 2352;
inline constexpr size_t kSyncBytes = 12;
inline constexpr size_t kHeaderOffset = 12;           // ECMA-130 §14.2: MSF + mode
inline constexpr size_t kHeaderBytes = 4;
inline constexpr size_t kMode1DataOffset = 16;
inline constexpr size_t kMode1EdcOffset = 2064;       // EDC covers bytes 0..2063
inline constexpr size_t kMode1ZeroOffset = 2068;      // 8 intermediate zero bytes
inline constexpr size_t kParityPOffset = 2076;        // 172 P bytes (2 × 86)
inline constexpr size_t kParityQOffset = 2248;        // 104 Q bytes (2 × 52)
inline constexpr size_t kSubheaderOffset = 16;        // Mode 2 XA: 4 bytes, written twice
inline constexpr size_t kSubheaderBytes = 8;
inline constexpr size_t kXaDataOffset = 24;
inline constexpr size_t kForm1EdcOffset = 2072;       // EDC covers bytes 16..2071
inline constexpr size_t kForm2EdcOffset = 2348;       // EDC covers bytes 16..2347
inline constexpr size_t kScrambleOffset = 12;         // ECMA-130 Annex B: all but the sync
inline constexpr size_t kScrambledBytes = kRawSectorBytes - kScrambleOffset;  // 2340

// The Yellow Book submode bit that marks Form 2 (subheader byte 2, bit 5).
inline constexpr uint8_t kSubmodeForm2 = 0x20;

// Sectors per second at 1x and the 2-second pregap offset of LBA 0 (mmc.md §1.2).
inline constexpr int32_t kFramesPerSecond = 75;
inline constexpr int32_t kLbaToMsfOffset = 150;
inline constexpr int32_t kLeadInMsfOffset = 450150;  // MSF >= 90:00:00 addresses negative LBAs

// User-data bytes one sector of `form` carries (2048, 2336, 2048, 2324 or 2352).
constexpr size_t userDataBytes(SectorForm form) {
  switch (form) {
    case SectorForm::kMode1: return 2048;
    case SectorForm::kMode2Formless: return 2336;
    case SectorForm::kMode2Form1: return 2048;
    case SectorForm::kMode2Form2: return 2324;
    case SectorForm::kCdda: return 2352;
  }
  return 0;
}

// Offset of the user data inside the raw sector.
constexpr size_t userDataOffset(SectorForm form) {
  switch (form) {
    case SectorForm::kMode1:
    case SectorForm::kMode2Formless: return kMode1DataOffset;
    case SectorForm::kMode2Form1:
    case SectorForm::kMode2Form2: return kXaDataOffset;
    case SectorForm::kCdda: return 0;
  }
  return 0;
}

// The header's mode byte (ECMA-130 §14.2.2): 1 for Mode 1, 2 for every Mode 2 form; 0 for audio.
constexpr uint8_t modeByte(SectorForm form) {
  return form == SectorForm::kMode1 ? 1 : form == SectorForm::kCdda ? 0 : 2;
}

// "mode1", "mode2", "form1", "form2", "cdda": the names benchmarks and messages use.
std::string_view formName(SectorForm form);

// A CD address in minutes, seconds and frames (binary, not BCD).
struct Msf {
  uint8_t minute = 0;
  uint8_t second = 0;
  uint8_t frame = 0;
  friend bool operator==(const Msf&, const Msf&) = default;
};

// The lowest and highest LBA an MSF address can name (mmc.md §1.2): 90:00:00 is LBA -45150, the
// lowest lead-in address, and 89:59:74 (LBA 404849) is the highest program-area address.
inline constexpr int32_t kMinLba = 90 * 60 * 75 - kLeadInMsfOffset;  // -45150
inline constexpr int32_t kMaxLba = 90 * 60 * 75 - kLbaToMsfOffset - 1;  // 404849: 89:59:74

// LBA → MSF (mmc.md §1.2): LBA 0 is 00:02:00, LBA -150 is 00:00:00, and LBAs below -150 are
// lead-in addresses counted from 90:00:00 (LBA -11634 is 97:26:66). Error E_INVALIDARG outside
// [kMinLba, kMaxLba].
Result<Msf> lbaToMsf(int32_t lba);

// MSF → LBA, the inverse of lbaToMsf for valid addresses (minute ≥ 90 is a lead-in address).
constexpr int32_t msfToLba(Msf msf) {
  const int32_t frames = (msf.minute * 60 + msf.second) * kFramesPerSecond + msf.frame;
  return msf.minute >= 90 ? frames - kLeadInMsfOffset : frames - kLbaToMsfOffset;
}

// Binary 0..99 → packed BCD (ECMA-130 §14.2.1 stores the header address in BCD).
constexpr uint8_t toBcd(uint8_t value) { return static_cast<uint8_t>(((value / 10) << 4) | (value % 10)); }
constexpr uint8_t fromBcd(uint8_t bcd) { return static_cast<uint8_t>((bcd >> 4) * 10 + (bcd & 0x0F)); }

// The 12-byte sync pattern 00 FF×10 00 (ECMA-130 §14.1).
inline constexpr uint8_t kSync[kSyncBytes] = {0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                              0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};

// Writes sync and the 4-byte header (BCD MSF of `lba`, then `mode`) to the first 16 bytes of
// `sector`. REQUIRES: sector has ≥ 16 bytes and lba is in [kMinLba, kMaxLba] (the encoder checks
// this and returns E_INVALIDARG before calling).
void writeSyncAndHeader(uint8_t* sector, int32_t lba, uint8_t mode);

}  // namespace dm::sector
