// Page 05h wire encoding, changeable mask and validation (MMC-5 §7, mmc.md §4.1).
#include "emulator/drive/write_parameters.h"

#include <algorithm>
#include <cstring>

#include "emulator/drive/cdb.h"

namespace vrec {
namespace {

constexpr uint8_t kBufeBit = 0x40;
constexpr uint8_t kLsvBit = 0x20;
constexpr uint8_t kTestWriteBit = 0x10;
constexpr uint8_t kFixedPacketBit = 0x20;
constexpr uint8_t kCopyBit = 0x10;

}  // namespace

uint16_t WriteParameters::blockBytes() const {
  // mmc.md §4.1 data block types and their host block sizes.
  switch (data_block_type) {
    case 0: return 2352;
    case 1: return 2368;
    case 2:
    case 3: return 2448;
    case 8:
    case 10: return 2048;
    case 9: return 2336;
    case 11: return 2056;
    case 12: return 2324;
    case 13: return 2332;
    default: return 0;
  }
}

std::string WriteParameters::catalogNumber() const {
  if ((media_catalog_number[0] & 0x80) == 0) return {};
  return std::string(media_catalog_number.begin() + 1, media_catalog_number.begin() + 14);
}

std::string WriteParameters::trackIsrc() const {
  if ((isrc[0] & 0x80) == 0) return {};
  return std::string(isrc.begin() + 1, isrc.begin() + 13);
}

void WriteParameters::encode(std::span<uint8_t> page) const {
  std::fill(page.begin(), page.begin() + kWriteParametersPageBytes, uint8_t{0});
  page[0] = kPageWriteParameters;  // PS = 0: the page cannot be saved
  page[1] = kWriteParametersPageLength;
  page[2] = static_cast<uint8_t>((bufe ? kBufeBit : 0) | (ls_v ? kLsvBit : 0) | (test_write ? kTestWriteBit : 0) |
                                 (write_type & 0x0F));
  page[3] = static_cast<uint8_t>((multisession & 0x03) << 6 | (fixed_packet ? kFixedPacketBit : 0) |
                                 (copy ? kCopyBit : 0) | (track_mode & 0x0F));
  page[4] = static_cast<uint8_t>(data_block_type & 0x0F);
  page[5] = link_size;
  page[7] = static_cast<uint8_t>(host_application_code & 0x3F);
  page[8] = session_format;
  putBe32(page, 10, packet_size);
  putBe16(page, 14, audio_pause_length);
  std::copy(media_catalog_number.begin(), media_catalog_number.end(), page.begin() + 16);
  std::copy(isrc.begin(), isrc.end(), page.begin() + 32);
  std::copy(subheader.begin(), subheader.end(), page.begin() + 48);
  std::copy(vendor_specific.begin(), vendor_specific.end(), page.begin() + 52);
}

WriteParameters WriteParameters::decode(std::span<const uint8_t> page) {
  WriteParameters p;
  const size_t size = std::min<size_t>(page.size(), kWriteParametersPageBytes);
  std::array<uint8_t, kWriteParametersPageBytes> bytes{};
  p.encode(bytes);  // defaults for anything a short (32h) page does not carry
  std::memcpy(bytes.data(), page.data(), size);
  p.bufe = (bytes[2] & kBufeBit) != 0;
  p.ls_v = (bytes[2] & kLsvBit) != 0;
  p.test_write = (bytes[2] & kTestWriteBit) != 0;
  p.write_type = bytes[2] & 0x0F;
  p.multisession = static_cast<uint8_t>(bytes[3] >> 6);
  p.fixed_packet = (bytes[3] & kFixedPacketBit) != 0;
  p.copy = (bytes[3] & kCopyBit) != 0;
  p.track_mode = bytes[3] & 0x0F;
  p.data_block_type = bytes[4] & 0x0F;
  p.link_size = bytes[5];
  p.host_application_code = bytes[7] & 0x3F;
  p.session_format = bytes[8];
  p.packet_size = be32(bytes, 10);
  p.audio_pause_length = be16(bytes, 14);
  std::copy(bytes.begin() + 16, bytes.begin() + 32, p.media_catalog_number.begin());
  std::copy(bytes.begin() + 32, bytes.begin() + 48, p.isrc.begin());
  std::copy(bytes.begin() + 48, bytes.begin() + 52, p.subheader.begin());
  std::copy(bytes.begin() + 52, bytes.begin() + 56, p.vendor_specific.begin());
  return p;
}

void WriteParameters::encodeChangeable(std::span<uint8_t> page, const DriveProfile& profile) {
  std::fill(page.begin(), page.begin() + kWriteParametersPageBytes, uint8_t{0xFF});
  page[0] = kPageWriteParameters;
  page[1] = kWriteParametersPageLength;
  page[2] = static_cast<uint8_t>((profile.underrun_protection ? kBufeBit : 0) | kLsvBit |
                                 (profile.test_write ? kTestWriteBit : 0) | 0x0F);
  page[4] = 0x0F;
  page[6] = 0x00;  // reserved
  page[7] = 0x3F;
  page[9] = 0x00;  // reserved
}

std::optional<PageFault> validateDvdWriteParameters(const WriteParameters& p, const DriveProfile& profile,
                                                    MediumFamily family) {
  if (family == MediumFamily::kDvdMinusR) {
    if (p.write_type != kWriteTypePacket && p.write_type != kWriteTypeSao) return PageFault{2, std::nullopt};
    if (p.test_write && !profile.test_write) return PageFault{2, 4};
    if (p.ls_v && p.link_size != 16 && p.link_size != 0) return PageFault{5, std::nullopt};
  } else if (p.test_write) {
    return PageFault{2, 4};  // mmc.md §4.1: no test write on DVD+R/+RW
  }
  if (p.bufe && !profile.underrun_protection) return PageFault{2, 6};
  if (p.multisession == 2) return PageFault{3, 7};
  if (p.data_block_type != kDataBlockMode1) return PageFault{4, std::nullopt};
  return std::nullopt;
}

std::optional<PageFault> validateWriteParameters(const WriteParameters& p, const DriveProfile& profile,
                                                 MediumFamily family) {
  if (family != MediumFamily::kCd) return validateDvdWriteParameters(p, profile, family);
  // Write types TAO and SAO (whose WRITEs need a cue sheet first).
  // Packet, raw and layer jump are refused here rather than failing later (mmc.md §4.1).
  if (p.write_type != kWriteTypeTao && p.write_type != kWriteTypeSao) return PageFault{2, std::nullopt};
  // SAO needs cue sheet memory: a drive without feature 002Eh (CD Mastering) has none.
  if (p.write_type == kWriteTypeSao && profile.max_cue_sheet_bytes == 0) return PageFault{2, std::nullopt};
  if (p.bufe && !profile.underrun_protection) return PageFault{2, 6};
  if (p.test_write && !profile.test_write) return PageFault{2, 4};
  if (p.ls_v && p.link_size != kCdLinkSizeBlocks) return PageFault{5, std::nullopt};
  // Multisession 10b is reserved (mmc.md §4.1 lists 00b, 01b, 11b).
  if (p.multisession == 2) return PageFault{3, 7};
  // Track mode is the Q CONTROL nibble; bit 3 (4-channel audio) is not recordable here.
  if (p.track_mode > 7) return PageFault{3, std::nullopt};
  // SAO takes its block sizes from the cue sheet; 2 and 3 (2448, raw + P-W) are what cdrdao
  // selects when it writes a CD-TEXT lead-in (mmc.md §2.6, §4.1).
  const bool subchannel_type = p.data_block_type == kDataBlockRawPackedPw || p.data_block_type == kDataBlockRawPw;
  if (p.data_block_type != kDataBlockMode1 && p.data_block_type != kDataBlockRaw2352 &&
      !(subchannel_type && p.write_type == kWriteTypeSao)) {
    return PageFault{4, std::nullopt};
  }
  // Mode 1 user data only makes sense in a data track (CONTROL bit 2).
  if (p.data_block_type == kDataBlockMode1 && (p.track_mode & 0x04) == 0) return PageFault{3, std::nullopt};
  if (p.session_format != 0x00 && p.session_format != 0x10 && p.session_format != 0x20) {
    return PageFault{8, std::nullopt};
  }
  // A valid catalog number is 13 digits; a valid ISRC has an alphanumeric country and owner code
  // and a digit year and serial (the same rules as cue sheet ADR 2/3 entries, mmc.md §2.6).
  const std::string mcn = p.catalogNumber();
  for (size_t i = 0; i < mcn.size(); ++i) {
    if (mcn[i] < '0' || mcn[i] > '9') return PageFault{static_cast<uint16_t>(17 + i), std::nullopt};
  }
  const std::string isrc = p.trackIsrc();
  for (size_t i = 0; i < isrc.size(); ++i) {
    const char c = isrc[i];
    const bool digit = c >= '0' && c <= '9';
    const bool ok = i < 5 ? digit || (c >= 'A' && c <= 'Z') : digit;
    if (!ok) return PageFault{static_cast<uint16_t>(33 + i), std::nullopt};
  }
  return std::nullopt;
}

}  // namespace vrec
