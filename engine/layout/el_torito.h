// El Torito 1.0 (Phoenix/IBM, "El Torito Bootable CD-ROM Format Specification", 1995): the Boot
// Record Volume Descriptor that points at the boot catalog, and the catalog itself — a validation
// entry (platform, manufacturer, checksum, 55 AA) and the initial/default entry (bootable,
// emulation, load segment, system type, sector count, load RBA). The boot image is one extent of
// the image without a directory record; the catalog likewise.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/base/status.h"

namespace dm::layout {

// The media type of the initial entry (El Torito §2.2), the values of IMAPI's
// BootImageEmulationType (imapi.md §2.2).
enum class BootEmulation : uint8_t { kNone = 0, kFloppy12 = 1, kFloppy144 = 2, kFloppy288 = 3, kHardDisk = 4 };
// The platform ID of the validation entry: IMAPI's BootImagePlatform, plus 0xEF for UEFI.
enum class BootPlatform : uint8_t { kX86 = 0, kPowerPc = 1, kMac = 2, kEfi = 0xEF };

struct BootOptions {
  std::shared_ptr<const std::vector<uint8_t>> image;  // the boot image's bytes, frozen
  BootEmulation emulation = BootEmulation::kNone;
  BootPlatform platform = BootPlatform::kX86;
  std::string manufacturer;     // ≤ 24 bytes of the validation entry's ID string
  uint16_t load_segment = 0;    // 0: the BIOS default, 07C0
  uint16_t load_sectors = 0;    // no emulation: 512-byte sectors to load; 0 → 4 (one CD block)
};

// Checks the options against the specification: a floppy image has exactly the floppy's size
// (1 228 800, 1 474 560 or 2 949 120 bytes), a hard-disk image starts with an MBR (55 AA) holding
// one partition, the manufacturer fits 24 bytes of ASCII. Errors: E_INVALIDARG saying which.
Status checkBootOptions(const BootOptions& boot);

// The Boot Record Volume Descriptor (El Torito §2.0), one block.
void writeBootRecord(uint32_t catalog_lba, std::span<uint8_t> out);

// The boot catalog (El Torito §2.1–2.2), one block. REQUIRES: checkBootOptions passed.
void writeBootCatalog(const BootOptions& boot, uint32_t image_lba, std::span<uint8_t> out);

}  // namespace dm::layout
