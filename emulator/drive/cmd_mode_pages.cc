// MODE SENSE(6)/(10) and MODE SELECT(6)/(10) (SPC-3, MMC-5 §7; mmc.md §4) with the pages a CD
// recorder offers: 01h Read/Write Error Recovery, 05h Write Parameters, 2Ah Capabilities and
// Mechanical Status. MODE SELECT validates the whole parameter list against a staged copy and only
// then adopts it (qemu's "validate, then apply"), so a rejected list changes nothing.
#include <algorithm>
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/drive/quirk_replies.h"

namespace vrec {
namespace {

constexpr uint8_t kPageErrorRecovery = 0x01;
constexpr uint8_t kPageCapabilities = 0x2A;
constexpr uint8_t kPageAll = 0x3F;
constexpr uint8_t kErrorRecoveryPageLength = 0x0A;
constexpr uint8_t kPcCurrent = 0;
constexpr uint8_t kPcChangeable = 1;
constexpr uint8_t kPcDefault = 2;
constexpr uint8_t kPcSaved = 3;
constexpr size_t kModeHeaderBytes = 8;   // MODE SENSE(10)/SELECT(10) header
constexpr size_t kModeHeader6Bytes = 4;  // MODE SENSE(6)/SELECT(6) header
constexpr uint8_t kPsBit = 0x80;
constexpr uint8_t kSpfBit = 0x40;

}  // namespace

std::vector<uint8_t> Drive::errorRecoveryPage(uint8_t page_control) const {
  std::vector<uint8_t> page(2 + kErrorRecoveryPageLength, 0);
  if (page_control == kPcChangeable) {
    // AWRE..DCR, read retry count, write retry count and recovery time limit may be changed.
    page[2] = 0xFF;
    page[3] = 0xFF;
    page[8] = 0xFF;
    page[10] = 0xFF;
    page[11] = 0xFF;
  } else if (page_control == kPcCurrent) {
    std::copy(error_recovery_page_.begin(), error_recovery_page_.end(), page.begin());
  }
  page[0] = kPageErrorRecovery;
  page[1] = kErrorRecoveryPageLength;
  return page;
}

std::vector<uint8_t> Drive::capabilitiesPage(uint8_t page_control) const {
  std::vector<uint16_t> speeds(writeSpeeds().begin(), writeSpeeds().end());
  std::sort(speeds.begin(), speeds.end(), [](uint16_t a, uint16_t b) { return a > b; });  // fastest first
  // mmc.md §4.2: 32 fixed bytes, then n write speed descriptors of 4 bytes; the page length
  // counts the bytes after itself (SPC), as libburn checks (32 + 4n <= length + 2).
  std::vector<uint8_t> page(32 + 4 * speeds.size(), 0);
  page[0] = kPageCapabilities;
  page[1] = static_cast<uint8_t>(page.size() - 2);
  if (page_control == kPcChangeable) return page;  // nothing in page 2Ah is changeable

  const bool writes_cd_rw = !profile_.cdrw_write_speeds_x.empty();
  const uint16_t fastest = speeds.front();
  const uint16_t current = page_control == kPcDefault ? fastest : currentWriteSpeedX();
  // Speeds in the loaded medium's units: DVD kB/s with a DVD loaded (mmc.md §9 #24 is the quirk).
  const auto kbps = [this](uint16_t speed_x) { return static_cast<uint16_t>(std::min<uint32_t>(speedKbps(speed_x), 0xFFFF)); };
  const uint16_t max_read = kbps(readSpeedMaxX());
  const uint16_t current_read =
      page_control == kPcDefault ? max_read : std::max<uint16_t>(std::min(requested_read_kbps_, max_read), kbps(1));
  // Reads CD-R, CD-RW; a DVD writer also DVD-ROM and DVD-R (bits 3, 4) and writes DVD-R (bit 4).
  const uint8_t dvd_bits = profile_.writesDvd() ? 0x10 : 0x00;
  page[2] = static_cast<uint8_t>(0x01 | 0x02 | (profile_.writesDvd() ? 0x08 | 0x10 : 0x00));
  page[3] = static_cast<uint8_t>(0x01 | (writes_cd_rw ? 0x02 : 0x00) | (profile_.test_write ? 0x04 : 0x00) | dvd_bits);
  page[4] = static_cast<uint8_t>((profile_.underrun_protection ? 0x80 : 0x00) | 0x40);  // BUF, multi-session
  // READ CD: CD-DA commands, accurate CD-DA stream, R-W read (zeros: no CD-G on our discs), R-W
  // de-interleaved and corrected, C2 pointers when the profile has them.
  page[5] = static_cast<uint8_t>(0x01 | 0x02 | 0x04 | 0x08 | (profile_.c2_pointers ? 0x10 : 0x00));
  // Loading mechanism 001b (tray), Eject, Lock, and the current lock state.
  page[6] = static_cast<uint8_t>(0x20 | 0x08 | (prevent_removal_ ? 0x02 : 0x00) | 0x01);
  putBe16(page, 8, max_read);
  putBe16(page, 12, std::min<uint32_t>(profile_.buffer_bytes / 1024, 0xFFFF));
  putBe16(page, 14, current_read);
  putBe16(page, 18, kbps(fastest));
  putBe16(page, 20, kbps(current));
  // mmc.md §8.1 / MMC-5 page 2Ah: rotation control 00b CLV, 01b CAV (P-CAV starts as CAV).
  const auto rotation_control = [this](uint16_t speed_x) -> uint8_t {
    const Rotation r = rotationRule(speed_x).rotation;
    return r == Rotation::kCav || r == Rotation::kPcav ? 0x01 : 0x00;
  };
  page[27] = rotation_control(current);
  putBe16(page, 28, kbps(current));
  putBe16(page, 30, static_cast<uint32_t>(speeds.size()));
  for (size_t i = 0; i < speeds.size(); ++i) {
    page[32 + 4 * i + 1] = rotation_control(speeds[i]);
    // mmc.md §9 #25: only the fastest descriptor carries a speed on this firmware.
    const bool zeroed = i > 0 && profile_.quirks.has(Quirk::kZeroWriteSpeedDescriptors);
    putBe16(page, 32 + 4 * i + 2, zeroed ? 0 : kbps(speeds[i]));
  }
  if (profile_.quirks.has(Quirk::kByteSwappedSpeedFields)) byteSwapSpeedFields(page);  // mmc.md §9 #55
  return page;
}

std::vector<uint8_t> Drive::modePage(uint8_t page, uint8_t page_control) const {
  if (page == kPageErrorRecovery) return errorRecoveryPage(page_control);
  if (page == kPageCapabilities) return capabilitiesPage(page_control);
  std::vector<uint8_t> bytes(kWriteParametersPageBytes, 0);
  if (page_control == kPcChangeable) {
    WriteParameters::encodeChangeable(bytes, profile_);
  } else if (page_control == kPcDefault) {
    WriteParameters{}.encode(bytes);
  } else {
    write_params_.encode(bytes);
  }
  return bytes;
}

std::optional<std::vector<uint8_t>> Drive::modeSensePages(Command& c, uint8_t page, uint8_t page_control) {
  if (page_control == kPcSaved) {
    failField(c, kSenseSavingNotSupported, 2, 7);  // SPC-3 MODE SENSE: no saved pages (PC 11b)
    return std::nullopt;
  }
  if (c.cdb[3] != 0) {
    failField(c, kSenseInvalidFieldInCdb, 3);  // no subpages
    return std::nullopt;
  }
  std::vector<uint8_t> pages;
  if (page == kPageAll) {
    for (uint8_t code : {kPageErrorRecovery, kPageWriteParameters, kPageCapabilities}) {
      const std::vector<uint8_t> one = modePage(code, page_control);
      pages.insert(pages.end(), one.begin(), one.end());
    }
  } else if (page == kPageErrorRecovery || page == kPageWriteParameters || page == kPageCapabilities) {
    pages = modePage(page, page_control);
  } else {
    failField(c, kSenseInvalidFieldInCdb, 2, 5);
    return std::nullopt;
  }
  return pages;
}

void Drive::handleModeSense10(Command& c) {
  const uint8_t page_control = static_cast<uint8_t>(c.cdb[2] >> 6);
  const uint8_t page = c.cdb[2] & 0x3F;
  const uint16_t allocation = be16(c.cdb, 7);
  c.params = "page=" + std::to_string(page) + " pc=" + std::to_string(page_control) + " al=" + std::to_string(allocation);
  const auto pages = modeSensePages(c, page, page_control);
  if (!pages) return;
  // Mode parameter header (10): mode data length, medium type, device-specific, block descriptor
  // length 0 (MMC drives return no block descriptors, mmc.md §2).
  std::vector<uint8_t> out(kModeHeaderBytes, 0);
  out.insert(out.end(), pages->begin(), pages->end());
  putBe16(out, 0, static_cast<uint32_t>(out.size() - 2));
  reply(c, out, allocation);
}

// MODE SENSE(6) 1Ah: byte 4 is the allocation length; the 4-byte header's mode data length is one
// byte, so a reply longer than 256 bytes is cut there (SPC-3).
void Drive::handleModeSense6(Command& c) {
  const uint8_t page_control = static_cast<uint8_t>(c.cdb[2] >> 6);
  const uint8_t page = c.cdb[2] & 0x3F;
  const uint8_t allocation = c.cdb[4];
  c.params = "page=" + std::to_string(page) + " pc=" + std::to_string(page_control) + " al=" + std::to_string(allocation);
  const auto pages = modeSensePages(c, page, page_control);
  if (!pages) return;
  std::vector<uint8_t> out(kModeHeader6Bytes, 0);
  out.insert(out.end(), pages->begin(), pages->end());
  if (out.size() > 256) out.resize(256);
  out[0] = static_cast<uint8_t>(out.size() - 1);
  reply(c, out, allocation);
}

void Drive::handleModeSelect10(Command& c) {
  const uint16_t length = be16(c.cdb, 7);
  c.params = "len=" + std::to_string(length);
  if ((c.cdb[1] & 0x10) == 0) {
    failField(c, kSenseInvalidFieldInCdb, 1, 4);  // PF must be 1: pages in SPC/MMC format
    return;
  }
  if ((c.cdb[1] & 0x01) != 0) {
    failField(c, kSenseInvalidFieldInCdb, 1, 0);  // SP: pages cannot be saved
    return;
  }
  if (c.data.size() != length) {
    failField(c, kSenseInvalidFieldInCdb, 7);  // the host's buffer disagrees with the CDB
    return;
  }
  modeSelect(c, std::span<const uint8_t>(c.data.data(), length), kModeHeaderBytes);
}

// MODE SELECT(6) 15h: byte 4 is the parameter list length, the header 4 bytes (SPC-3).
void Drive::handleModeSelect6(Command& c) {
  const uint8_t length = c.cdb[4];
  c.params = "len=" + std::to_string(length);
  if ((c.cdb[1] & 0x10) == 0) {
    failField(c, kSenseInvalidFieldInCdb, 1, 4);
    return;
  }
  if ((c.cdb[1] & 0x01) != 0) {
    failField(c, kSenseInvalidFieldInCdb, 1, 0);
    return;
  }
  if (c.data.size() != length) {
    failField(c, kSenseInvalidFieldInCdb, 4);
    return;
  }
  modeSelect(c, std::span<const uint8_t>(c.data.data(), length), kModeHeader6Bytes);
}

void Drive::modeSelect(Command& c, std::span<const uint8_t> list, size_t header_bytes) {
  const size_t length = list.size();
  c.transferred = length;
  if (length == 0) return;  // SPC-3: an empty parameter list is not an error
  if (length < header_bytes) {
    fail(c, kSenseParameterListLength);
    return;
  }
  // Header (10): mode data length (2, reserved here) ... block descriptor length in bytes 6-7.
  // Header (6): mode data length (1) ... block descriptor length in byte 3.
  const bool long_header = header_bytes == kModeHeaderBytes;
  if (long_header ? be16(list, 0) != 0 : list[0] != 0) {
    failParameter(c, kSenseInvalidFieldInParameterList, 0);  // mode data length is reserved here
    return;
  }
  const uint16_t descriptor_length = long_header ? be16(list, 6) : list[3];
  if (descriptor_length != 0 && descriptor_length != 8) {
    failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(long_header ? 6 : 3));
    return;
  }
  size_t offset = header_bytes + descriptor_length;
  if (offset > length) {
    fail(c, kSenseParameterListLength);
    return;
  }
  if (descriptor_length == 8) {
    // mmc.md §9 #40: some hosts send a block descriptor with 2048-byte blocks; accept only that.
    const uint32_t block_length = be24(list, header_bytes + 5);
    if (block_length != 0 && block_length != 2048) {
      failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(header_bytes + 5));
      return;
    }
  }

  // Validate every page into staged copies; adopt them only if all pass.
  WriteParameters staged_write = write_params_;
  std::array<uint8_t, 12> staged_recovery = error_recovery_page_;
  std::string codes;
  while (offset < length) {
    if (offset + 2 > length) {
      fail(c, kSenseParameterListLength);
      return;
    }
    const uint8_t code = list[offset] & 0x3F;
    if ((list[offset] & (kPsBit | kSpfBit)) != 0) {
      failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(offset),
                    (list[offset] & kPsBit) != 0 ? 7 : 6);
      return;
    }
    const uint8_t page_length = list[offset + 1];
    if (offset + 2 + page_length > length) {
      fail(c, kSenseParameterListLength);
      return;
    }
    const std::span<const uint8_t> page = list.subspan(offset, 2u + page_length);
    const bool length_ok = code == kPageWriteParameters
                               ? page_length == kWriteParametersPageLength || page_length == kWriteParametersLegacyPageLength
                               : page_length == kErrorRecoveryPageLength;
    if (code != kPageWriteParameters && code != kPageErrorRecovery) {
      failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(offset));  // not selectable
      return;
    }
    if (!length_ok) {
      failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(offset + 1));
      return;
    }
    // SPC-3 MODE SELECT: a field reported as not changeable must keep its current value.
    const std::vector<uint8_t> mask = modePage(code, kPcChangeable);
    const std::vector<uint8_t> current = modePage(code, kPcCurrent);
    for (size_t i = 2; i < page.size(); ++i) {
      if (((page[i] ^ current[i]) & ~mask[i] & 0xFF) != 0) {
        failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(offset + i));
        return;
      }
    }
    if (code == kPageWriteParameters) {
      const WriteParameters decoded = WriteParameters::decode(page);
      const MediumFamily family = dvdLoaded() ? medium_.family() : MediumFamily::kCd;
      if (const auto fault = validateWriteParameters(decoded, profile_, family)) {
        failParameter(c, kSenseInvalidFieldInParameterList, static_cast<uint16_t>(offset + fault->byte), fault->bit);
        return;
      }
      staged_write = decoded;
    } else {
      std::copy(page.begin() + 2, page.end(), staged_recovery.begin() + 2);
    }
    codes += codes.empty() ? "" : ",";
    codes += code == kPageWriteParameters ? "05" : "01";
    offset += 2u + page_length;
  }

  // Test Write cannot change while a track is being recorded: that track would be half real and
  // half simulated.
  if (staged_write.test_write != write_params_.test_write && visible().openTrack() != nullptr) {
    fail(c, kSenseCommandSequenceError);
    return;
  }
  // Apply. Leaving test-write mode ends a simulation: its scratch disc is dropped.
  if (simulation_ && !staged_write.test_write) {
    simulation_.reset();
    resetWriteHead();
    dropCueSheet();  // it was checked against the simulated disc
    trace_.event(c.ready, c.ready, "SIMULATION-END", "reason=test-write-off");
  }
  // A cue sheet belongs to SAO: leaving SAO before its program area was reached forgets it.
  const Track* open = visible().openTrack();
  if (staged_write.write_type != kWriteTypeSao && cue_sheet_ && (open == nullptr || !open->session_at_once)) {
    dropCueSheet();
  }
  // A raw session belongs to raw mode: leaving it abandons what the host wrote (nothing is closed).
  if (staged_write.write_type != kWriteTypeRaw && raw_) {
    if (!raw_->damaged()) recording().discardRaw(raw_->leadInLba());
    raw_.reset();
    resetWriteHead();
  }
  write_params_ = staged_write;
  error_recovery_page_ = staged_recovery;
  c.params += " pages=" + codes;
}

}  // namespace vrec
