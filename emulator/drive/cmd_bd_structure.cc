// READ DISC STRUCTURE media type 1 (BD, mmc.md §2.7) on a BD writer: format 00h, the disc
// information of the lead-in (one DI unit: "DI", the disc type ID BDR/BDW, one layer, and the
// media identity a reader prints as manufacturer/type/revision — dvd+rw-mediainfo's "Media ID",
// bytes 100-105, 106-108 and 111 of the unit), 0Ah the spare area information of a disc formatted
// with spares (free and allocated spare clusters), and FFh the list of structures offered. With a
// CD or DVD loaded the drive answers 05/30/02.
#include <string>
#include <string_view>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"
#include "emulator/media/bd_layout.h"

namespace vrec {
namespace {

constexpr uint8_t kFormatDiscInformation = 0x00;
constexpr uint8_t kFormatSpareArea = 0x0A;
constexpr uint8_t kFormatList = 0xFF;
// dvd+rw-mediainfo asks for 4,100 bytes: the 4-byte header and a 4,096-byte DI block.
constexpr size_t kDiscInformationBytes = 4096;
constexpr size_t kSpareAreaBytes = 12;
// Modelled media identity: 6-character manufacturer ID, 3-character media type ID, revision.
constexpr std::string_view kManufacturerId = "DISCMS";

void putHeader(std::vector<uint8_t>& out) { putBe16(out, 0, static_cast<uint16_t>(out.size() - 2)); }

}  // namespace

void Drive::readBdStructure(Command& c, uint32_t address, uint8_t layer, uint8_t format, uint16_t allocation) {
  if (format != kFormatList && !requireMedium(c)) return;
  const bool bd = mediumPresent() && !trayOpen() && medium_.isBd();
  const Medium& disc = visible();
  const bool rewritable = bd && disc.family() == MediumFamily::kBdRe;
  const uint32_t full = disc.info().dvd_capacity_sectors;
  const bool spares = bd && disc.formattedCapacity() && *disc.formattedCapacity() < full;
  std::vector<uint8_t> out(4, 0);
  if (format == kFormatList) {
    // One 4-byte entry per structure: format, SDS/RDS bits (RDS: readable), structure length.
    const auto entry = [&out](uint8_t code, uint16_t length) {
      out.insert(out.end(), {code, 0x40, static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)});
    };
    if (bd) entry(kFormatDiscInformation, kDiscInformationBytes + 4);
    if (spares) entry(kFormatSpareArea, kSpareAreaBytes + 4);
    entry(kFormatList, 0xFFFF);
    putHeader(out);
    reply(c, out, allocation);
    return;
  }
  if (!bd) {
    fail(c, kSenseCannotReadIncompatibleFormat);
    return;
  }
  if (layer != 0 || address != 0) {
    failField(c, kSenseInvalidFieldInCdb, layer != 0 ? 6 : 2);  // single layer, no addressed formats
    return;
  }
  if (format == kFormatDiscInformation) {
    out.resize(4 + kDiscInformationBytes, 0);
    uint8_t* d = out.data() + 4;
    d[0] = 'D';
    d[1] = 'I';
    d[2] = 0x01;  // DI format 1
    d[3] = 0x08;  // units in the DI block (the BD-R/RE books repeat the unit; one is filled here)
    const std::string_view type_id = rewritable ? "BDW" : "BDR";
    std::copy(type_id.begin(), type_id.end(), d + 8);
    d[11] = 0x01;  // 120 mm, class 0, version 1
    d[12] = 0x10;  // one recording layer (bits 7-4), layer 0
    std::copy(kManufacturerId.begin(), kManufacturerId.end(), d + 100);
    const std::string_view media_type_id = rewritable ? "W01" : "R01";
    std::copy(media_type_id.begin(), media_type_id.end(), d + 106);
    d[111] = 0x01;  // product revision
    putHeader(out);
    reply(c, out, allocation);
    return;
  }
  if (format == kFormatSpareArea && spares) {
    // Spare clusters the format set aside; none used yet (the disc has no defects).
    const uint32_t clusters = (full - *disc.formattedCapacity()) / kBdClusterSectors;
    out.resize(4 + kSpareAreaBytes, 0);
    putBe32(out, 8, clusters);   // free spare clusters
    putBe32(out, 12, clusters);  // allocated spare clusters
    putHeader(out);
    reply(c, out, allocation);
    return;
  }
  failField(c, kSenseInvalidFieldInCdb, 7);  // a structure this medium does not have
}

}  // namespace vrec
