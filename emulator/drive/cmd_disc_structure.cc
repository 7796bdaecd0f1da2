// READ DISC STRUCTURE (ADh, mmc.md §2.7) for DVD media: format 00h physical format information
// (book type, disc size, layer type, data zone start PSN 030000h and end PSN), 11h ADIP
// information of DVD+R/+RW (manufacturer ID at offset 19 of the data, 23 of the reply, media
// type ID and revision) and FFh, the list of structures the loaded medium offers. A CD recorder
// has no such command (05/20/00); with a CD (or BD) loaded a DVD writer answers 05/30/02. Media
// type 1 (BD) goes to cmd_bd_structure.cc on a BD writer.
#include <string>
#include <string_view>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr uint8_t kFormatPhysical = 0x00;
constexpr uint8_t kFormatAdip = 0x11;
constexpr uint8_t kFormatList = 0xFF;
constexpr uint32_t kDataZoneStartPsn = 0x030000;  // mmc.md §2.7
constexpr size_t kPhysicalBytes = 2048;
constexpr size_t kAdipBytes = 256;
// Modelled media identity: the disc maker field a reader prints (e.g. dvd+rw-mediainfo).
constexpr std::string_view kManufacturerId = "DISCMSTR";

// Physical format byte 0: book type (high nibble) and part version (ECMA-267/-349/-337).
uint8_t bookType(MediumFamily family) {
  switch (family) {
    case MediumFamily::kDvdMinusR:
      return 0x25;  // DVD-R (0010b), version 5 (4.7 GB general)
    case MediumFamily::kDvdPlusRw:
      return 0x92;  // DVD+RW (1001b), version 2
    case MediumFamily::kDvdPlusR:
      return 0xA1;  // DVD+R (1010b), version 1
    case MediumFamily::kCd:
    case MediumFamily::kBdR:
    case MediumFamily::kBdRe:
      break;
  }
  return 0x00;
}

void putHeader(std::vector<uint8_t>& out) { putBe16(out, 0, static_cast<uint16_t>(out.size() - 2)); }

}  // namespace

void Drive::handleReadDiscStructure(Command& c) {
  const uint8_t media_type = c.cdb[1] & 0x0F;
  const uint32_t address = be32(c.cdb, 2);
  const uint8_t layer = c.cdb[6];
  const uint8_t format = c.cdb[7];
  const uint16_t allocation = be16(c.cdb, 8);
  c.params = "fmt=" + std::to_string(format) + " layer=" + std::to_string(layer) + " al=" + std::to_string(allocation);
  if (!profile_.writesDvd()) {
    failField(c, kSenseInvalidOpcode, 0);  // a CD recorder has no ADh (mmc.md §2)
    return;
  }
  if (media_type == 1 && profile_.writesBd()) {
    readBdStructure(c, address, layer, format, allocation);  // cmd_bd_structure.cc
    return;
  }
  if (media_type != 0) {
    failField(c, kSenseInvalidFieldInCdb, 1);  // 1 = BD: not this drive
    return;
  }
  if (format != kFormatList && !requireMedium(c)) return;
  const bool dvd = mediumPresent() && !trayOpen() && medium_.isDvd() && !medium_.isBd();
  const MediumFamily family = dvd ? medium_.family() : MediumFamily::kCd;
  const bool plus = family == MediumFamily::kDvdPlusR || family == MediumFamily::kDvdPlusRw;
  std::vector<uint8_t> out(4, 0);
  if (format == kFormatList) {
    // One 4-byte entry per structure: format, SDS/RDS bits (RDS: readable), structure length.
    const auto entry = [&out](uint8_t code, uint16_t length) {
      out.insert(out.end(), {code, 0x40, static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)});
    };
    if (dvd) {
      entry(kFormatPhysical, kPhysicalBytes + 4);
      if (plus) entry(kFormatAdip, kAdipBytes + 4);
    }
    entry(kFormatList, 0xFFFF);
    putHeader(out);
    reply(c, out, allocation);
    return;
  }
  if (!dvd) {
    fail(c, kSenseCannotReadIncompatibleFormat);
    return;
  }
  if (layer != 0 || address != 0) {
    failField(c, kSenseInvalidFieldInCdb, layer != 0 ? 6 : 2);  // single layer, no addressed formats
    return;
  }
  if (format == kFormatPhysical) {
    out.resize(4 + kPhysicalBytes, 0);
    uint8_t* d = out.data() + 4;
    d[0] = bookType(family);
    d[1] = 0x0F;  // 120 mm, maximum rate not specified
    // Layer type: recordable (bit 1) or rewritable (bit 2); one layer, parallel track path.
    d[2] = family == MediumFamily::kDvdPlusRw ? 0x04 : 0x02;
    d[3] = 0x10;  // 0.267 µm/bit, 0.74 µm track pitch
    putBe32(out, 4 + 4, kDataZoneStartPsn);
    putBe32(out, 4 + 8, kDataZoneStartPsn + visible().capacitySectors() - 1);
    putHeader(out);
    reply(c, out, allocation);
    return;
  }
  if (format == kFormatAdip && plus) {
    out.resize(4 + kAdipBytes, 0);
    uint8_t* d = out.data() + 4;
    d[0] = bookType(family);
    d[1] = 0x0F;
    d[2] = family == MediumFamily::kDvdPlusRw ? 0x04 : 0x02;
    d[3] = 0x10;
    std::copy(kManufacturerId.begin(), kManufacturerId.end(), d + 19);
    const std::string_view media_type_id = family == MediumFamily::kDvdPlusRw ? "W01" : "R01";
    std::copy(media_type_id.begin(), media_type_id.end(), d + 27);
    d[30] = 0x01;  // product revision
    putHeader(out);
    reply(c, out, allocation);
    return;
  }
  failField(c, kSenseInvalidFieldInCdb, 7);  // a structure this medium does not have
}

}  // namespace vrec
