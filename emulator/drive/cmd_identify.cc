// TEST UNIT READY, REQUEST SENSE and INQUIRY: whether the drive is ready, what went wrong last,
// and who it is (SPC-3; mmc.md §2).
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr uint8_t kPeripheralCdDvd = 0x05;      // SPC-3: peripheral device type 05h (CD/DVD)
constexpr uint8_t kRemovableBit = 0x80;         // RMB
// mmc.md §2 INQUIRY: ATAPI drives commonly claim no SCSI version (00h); response format 2.
constexpr uint8_t kInquiryVersion = 0x00;
constexpr uint8_t kResponseDataFormat = 0x02;
constexpr size_t kStandardInquiryBytes = 36;
constexpr uint8_t kVpdSupportedPages = 0x00;
constexpr uint8_t kVpdUnitSerialNumber = 0x80;

void putPadded(std::vector<uint8_t>& out, size_t offset, const std::string& text, size_t width) {
  for (size_t i = 0; i < width; ++i) {
    const char ch = i < text.size() ? text[i] : ' ';
    // SPC-3 standard INQUIRY data: the identification fields are printable ASCII.
    out[offset + i] = static_cast<uint8_t>(ch >= 0x20 && ch < 0x7F ? ch : ' ');
  }
}

}  // namespace

void Drive::handleTestUnitReady(Command& c) {
  if (busy_ && !profile_.quirks.has(Quirk::kTurReadyWhileBusy)) {  // mmc.md §9 #18
    c.failure = busyReport();
    return;
  }
  requireMedium(c);
}

void Drive::handleRequestSense(Command& c) {
  if ((c.cdb[1] & 0x01) != 0) {
    // Descriptor format sense (DESC=1) is not offered: MMC drives answer in fixed format.
    failField(c, kSenseInvalidFieldInCdb, 1, 0);
    return;
  }
  const uint8_t allocation = c.cdb[4];
  c.params = "al=" + std::to_string(allocation);
  SenseReport report{kSenseNone};
  if (pending_sense_) {
    report = *pending_sense_;
    pending_sense_.reset();
  } else if (busy_) {
    // mmc.md §5.1: hosts poll IMMED operations with REQUEST SENSE and read the progress bytes.
    report = busyReport();
  } else if (unit_attention_) {
    report = SenseReport{*unit_attention_};
    unit_attention_.reset();
  }
  const std::array<uint8_t, 18> bytes = report.encode();
  reply(c, bytes, allocation);
}

void Drive::handleInquiry(Command& c) {
  const bool evpd = (c.cdb[1] & 0x01) != 0;
  const uint8_t page = c.cdb[2];
  const uint16_t allocation = be16(c.cdb, 3);
  c.params = std::string("evpd=") + (evpd ? "1" : "0") + " page=" + std::to_string(page) +
             " al=" + std::to_string(allocation);
  if ((c.cdb[1] & 0xFE) != 0) {
    failField(c, kSenseInvalidFieldInCdb, 1, (c.cdb[1] & 0x02) != 0 ? 1 : 7);  // CmdDt is obsolete
    return;
  }
  if (!evpd && page != 0) {
    failField(c, kSenseInvalidFieldInCdb, 2);
    return;
  }
  std::vector<uint8_t> out;
  if (evpd) {
    if (page == kVpdSupportedPages) {
      out = {kPeripheralCdDvd, kVpdSupportedPages, 0x00, 0x02, kVpdSupportedPages, kVpdUnitSerialNumber};
    } else if (page == kVpdUnitSerialNumber) {
      const std::string& serial = profile_.serial_number;
      out.assign(4 + serial.size(), 0);
      out[0] = kPeripheralCdDvd;
      out[1] = kVpdUnitSerialNumber;
      out[3] = static_cast<uint8_t>(serial.size());
      putPadded(out, 4, serial, serial.size());
    } else {
      failField(c, kSenseInvalidFieldInCdb, 2);
      return;
    }
    reply(c, out, allocation);
    return;
  }
  // SPC-3 standard INQUIRY data, 36 bytes (mmc.md §2).
  out.assign(kStandardInquiryBytes, 0);
  out[0] = kPeripheralCdDvd;
  out[1] = kRemovableBit;
  out[2] = kInquiryVersion;
  out[3] = kResponseDataFormat;
  out[4] = static_cast<uint8_t>(kStandardInquiryBytes - 5);  // additional length: n - 4, 1Fh
  putPadded(out, 8, profile_.vendor, 8);
  putPadded(out, 16, profile_.product, 16);
  putPadded(out, 32, profile_.revision, 4);
  reply(c, out, allocation);
}

}  // namespace vrec
