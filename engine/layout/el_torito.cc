// El Torito boot record and boot catalog (see el_torito.h). Offsets are those of the
// specification's tables (0-based byte offsets within the descriptor or the 32-byte entry).
#include "engine/layout/el_torito.h"

#include <fmt/format.h>

#include <cstring>

#include "engine/layout/ecma119_fields.h"

namespace dm::layout {
namespace {

constexpr std::string_view kBootSystemId = "EL TORITO SPECIFICATION";
constexpr size_t kManufacturerBytes = 24;

Status invalid(std::string message) { return Status(ResultCode::kInvalidArgument, std::move(message)); }

uint64_t floppyBytes(BootEmulation e) {
  switch (e) {
    case BootEmulation::kFloppy12: return 1228800;
    case BootEmulation::kFloppy144: return 1474560;
    case BootEmulation::kFloppy288: return 2949120;
    default: return 0;
  }
}

// Hard-disk emulation: the partition type of the image's only MBR partition (its system type).
uint8_t partitionType(const std::vector<uint8_t>& image) {
  for (int i = 0; i < 4; ++i) {
    const uint8_t type = image[0x1BE + 16 * static_cast<size_t>(i) + 4];
    if (type != 0) return type;
  }
  return 0;
}

}  // namespace

Status checkBootOptions(const BootOptions& boot) {
  if (!boot.image || boot.image->empty()) return invalid("the boot image is empty");
  const std::vector<uint8_t>& image = *boot.image;
  if (boot.manufacturer.size() > kManufacturerBytes)
    return invalid(fmt::format("the boot image manufacturer '{}' has {} bytes; El Torito holds {}", boot.manufacturer,
                               boot.manufacturer.size(), kManufacturerBytes));
  for (char c : boot.manufacturer)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E)
      return invalid("the boot image manufacturer must be printable ASCII");
  switch (boot.platform) {
    case BootPlatform::kX86: case BootPlatform::kPowerPc: case BootPlatform::kMac: case BootPlatform::kEfi: break;
    default: return invalid(fmt::format("boot platform {} is not 0 (x86), 1 (PowerPC), 2 (Mac) or 0xEF (EFI)",
                                        static_cast<int>(boot.platform)));
  }
  switch (boot.emulation) {
    case BootEmulation::kNone: return Status::Ok();
    case BootEmulation::kFloppy12: case BootEmulation::kFloppy144: case BootEmulation::kFloppy288:
      if (image.size() != floppyBytes(boot.emulation))
        return invalid(fmt::format("a floppy emulation boot image must have exactly {} bytes; this one has {}",
                                   floppyBytes(boot.emulation), image.size()));
      return Status::Ok();
    case BootEmulation::kHardDisk: {
      if (image.size() < 512 || image[510] != 0x55 || image[511] != 0xAA)
        return invalid("a hard-disk emulation boot image must start with a master boot record (55 AA at byte 510)");
      int partitions = 0;
      for (int i = 0; i < 4; ++i) partitions += image[0x1BE + 16 * static_cast<size_t>(i) + 4] != 0 ? 1 : 0;
      if (partitions != 1)
        return invalid(fmt::format("a hard-disk emulation boot image must hold exactly one partition; it has {}",
                                   partitions));
      return Status::Ok();
    }
  }
  return invalid(fmt::format("boot emulation type {} is not 0–4", static_cast<int>(boot.emulation)));
}

void writeBootRecord(uint32_t catalog_lba, std::span<uint8_t> out) {
  std::memset(out.data(), 0, kBlockBytes);
  out[0] = 0;                                // boot record indicator
  std::memcpy(out.data() + 1, "CD001", 5);   // ISO 9660 identifier
  out[6] = 1;                                // descriptor version
  std::memcpy(out.data() + 7, kBootSystemId.data(), kBootSystemId.size());  // zero padded to 32
  put731(out.data() + 0x47, catalog_lba);    // absolute pointer to the boot catalog
}

void writeBootCatalog(const BootOptions& boot, uint32_t image_lba, std::span<uint8_t> out) {
  std::memset(out.data(), 0, kBlockBytes);
  uint8_t* v = out.data();  // validation entry
  v[0] = 0x01;              // header ID
  v[1] = static_cast<uint8_t>(boot.platform);
  std::memcpy(v + 4, boot.manufacturer.data(), boot.manufacturer.size());
  v[30] = 0x55;
  v[31] = 0xAA;
  // The checksum word makes the sixteen little-endian words of the entry sum to zero.
  uint16_t sum = 0;
  for (size_t i = 0; i < 32; i += 2) sum = static_cast<uint16_t>(sum + (v[i] | (v[i + 1] << 8)));
  put721(v + 28, static_cast<uint16_t>(0x10000 - sum));

  uint8_t* d = out.data() + 32;  // initial/default entry
  d[0] = 0x88;                   // bootable
  d[1] = static_cast<uint8_t>(boot.emulation);
  put721(d + 2, boot.load_segment);
  d[4] = boot.emulation == BootEmulation::kHardDisk ? partitionType(*boot.image) : 0;
  const uint16_t sectors =
      boot.emulation == BootEmulation::kNone ? (boot.load_sectors != 0 ? boot.load_sectors : 4) : 1;
  put721(d + 6, sectors);
  put731(d + 8, image_lba);
}

}  // namespace dm::layout
