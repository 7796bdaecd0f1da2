// The Write Parameters mode page (05h, MMC-5 §7; mmc.md §4.1) as a value: decoded from and
// encoded to its wire form, its changeable mask, and the rules a MODE SELECT must pass before the
// drive adopts it. The drive keeps one current WriteParameters; every WRITE reads it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "emulator/drive/drive_profile.h"
#include "emulator/media/medium_kind.h"

namespace vrec {

inline constexpr uint8_t kPageWriteParameters = 0x05;
inline constexpr uint8_t kWriteParametersPageLength = 0x36;        // MMC-4/5
inline constexpr uint8_t kWriteParametersLegacyPageLength = 0x32;  // MMC-2/3, still sent by hosts
inline constexpr size_t kWriteParametersPageBytes = 2 + kWriteParametersPageLength;

// Page 05 byte 2 bits 3-0 (mmc.md §4.1).
inline constexpr uint8_t kWriteTypePacket = 0;
inline constexpr uint8_t kWriteTypeTao = 1;
inline constexpr uint8_t kWriteTypeSao = 2;
inline constexpr uint8_t kWriteTypeRaw = 3;

// Page 05 byte 4 bits 3-0: the data block types this recorder writes (2 and 3 in SAO only).
inline constexpr uint8_t kDataBlockRaw2352 = 0;
inline constexpr uint8_t kDataBlockRawPackedPw = 2;
inline constexpr uint8_t kDataBlockRawPw = 3;
inline constexpr uint8_t kDataBlockMode1 = 8;

// Page 05 byte 3 bits 7-6.
inline constexpr uint8_t kMultisessionNone = 0;      // no next session: disc closed
inline constexpr uint8_t kMultisessionFinal = 1;     // B0 = FF:FF:FF: disc closed
inline constexpr uint8_t kMultisessionAllowed = 3;   // next session allowed: disc appendable

// CD link size (1 link + 4 run-in + 2 run-out blocks, mmc.md §1.3 / §4.1).
inline constexpr uint8_t kCdLinkSizeBlocks = 7;
// Red Book default pause between audio tracks (mmc.md §1.2).
inline constexpr uint16_t kDefaultAudioPauseSectors = 150;

struct WriteParameters {
  bool bufe = false;        // byte 2 bit 6: buffer underrun protection enable
  bool ls_v = false;        // byte 2 bit 5: link size valid
  bool test_write = false;  // byte 2 bit 4
  uint8_t write_type = kWriteTypeTao;
  uint8_t multisession = kMultisessionNone;  // byte 3 bits 7-6
  bool fixed_packet = false;                  // byte 3 bit 5
  bool copy = false;                          // byte 3 bit 4
  uint8_t track_mode = 4;                     // byte 3 bits 3-0: Q CONTROL nibble, 4 = data
  uint8_t data_block_type = kDataBlockMode1;  // byte 4 bits 3-0
  uint8_t link_size = 0;                      // byte 5
  uint8_t host_application_code = 0;          // byte 7 bits 5-0
  uint8_t session_format = 0;                 // byte 8: 00h CD-DA/CD-ROM, 10h CD-I, 20h XA
  uint32_t packet_size = 0;                   // bytes 10-13
  uint16_t audio_pause_length = kDefaultAudioPauseSectors;  // bytes 14-15
  std::array<uint8_t, 16> media_catalog_number{};            // bytes 16-31
  std::array<uint8_t, 16> isrc{};                            // bytes 32-47
  std::array<uint8_t, 4> subheader{};                        // bytes 48-51
  std::array<uint8_t, 4> vendor_specific{};                  // bytes 52-55

  // The catalog number (MCVAL, 13 digits) and ISRC (TCVAL, 12 characters) a TAO recording takes
  // from bytes 16-31 and 32-47 (mmc.md §4.1); empty when the valid bit is clear.
  std::string catalogNumber() const;
  std::string trackIsrc() const;

  // Host block size the data block type implies (mmc.md §4.1), 0 for unknown types.
  uint16_t blockBytes() const;
  bool allowsNextSession() const { return multisession == kMultisessionAllowed; }

  // Wire form, page code and length included: kWriteParametersPageBytes bytes into `page`.
  void encode(std::span<uint8_t> page) const;
  // Reads a page of either length (32h or 36h); fields beyond a short page keep their defaults.
  static WriteParameters decode(std::span<const uint8_t> page);
  // The changeable mask (MODE SENSE PC=01b) for a drive with `profile`.
  static void encodeChangeable(std::span<uint8_t> page, const DriveProfile& profile);
};

// Where a page 05 parameter list breaks the rules: the byte offset from the start of the page and,
// for a single-bit field, the bit.
struct PageFault {
  uint16_t byte = 0;
  std::optional<uint8_t> bit;
};

// Checks `params` against what this recorder supports (write types TAO and SAO; data block types
// Mode 1 and raw, raw + P-W in SAO; BUFE and Test Write only when the profile has them; multisession 00b/01b/11b).
// With a DVD loaded (`family`) the DVD rules apply instead (validateDvdWriteParameters).
std::optional<PageFault> validateWriteParameters(const WriteParameters& params, const DriveProfile& profile,
                                                 MediumFamily family = MediumFamily::kCd);

// Page 05 with a DVD loaded (mmc.md §4.1): block type 8 only; DVD-R takes write type 0
// (incremental, link size 16 or 0) or 2 (DAO) and Test Write when the drive simulates; DVD+R and
// DVD+RW ignore the write type but refuse Test Write, so no burner believes it simulated.
std::optional<PageFault> validateDvdWriteParameters(const WriteParameters& params, const DriveProfile& profile,
                                                    MediumFamily family);

}  // namespace vrec
