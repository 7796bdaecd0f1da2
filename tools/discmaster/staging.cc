// Staging PATHs into one tree and an ISO image (see staging.h).
#include "tools/discmaster/staging.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include "engine/base/os_error.h"

namespace dm::cli {
namespace {

// SOURCE_DATE_EPOCH (reproducible-builds.org) pins the volume dates so the same folder always
// gives the same image; otherwise the image is dated now, as a mastering tool's user expects.
Result<std::chrono::sys_seconds> creationTime() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (*end != '\0' || seconds < 0) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("SOURCE_DATE_EPOCH={}: expected seconds since 1970", epoch));
    }
    return std::chrono::sys_seconds(std::chrono::seconds(seconds));
  }
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Status badBoot(std::string message) { return Status(ResultCode::kInvalidArgument, std::move(message)); }

// The El Torito options of the command line; the boot image is read now (frozen, as IMAPI's
// BootImage stream is).
Result<layout::BootOptions> bootOptions(const StageOptions& o) {
  layout::BootOptions boot;
  std::ifstream in(o.boot_image, std::ios::binary);
  if (!in) return fileStatus(o.boot_image, fmt::format("cannot read the boot image '{}'", o.boot_image.string()));
  auto bytes = std::make_shared<std::vector<uint8_t>>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (o.boot_emulation == "none") {
    boot.emulation = layout::BootEmulation::kNone;
  } else if (o.boot_emulation == "hard-disk") {
    boot.emulation = layout::BootEmulation::kHardDisk;
  } else if (o.boot_emulation == "floppy") {
    // The floppy kind follows from the image's size, as mkisofs decides it.
    switch (bytes->size()) {
      case 1228800: boot.emulation = layout::BootEmulation::kFloppy12; break;
      case 1474560: boot.emulation = layout::BootEmulation::kFloppy144; break;
      case 2949120: boot.emulation = layout::BootEmulation::kFloppy288; break;
      default:
        return badBoot(fmt::format("--boot-emulation floppy: '{}' has {} bytes; a floppy image has 1228800, "
                                   "1474560 or 2949120",
                                   o.boot_image.string(), bytes->size()));
    }
  } else {
    return badBoot(fmt::format("--boot-emulation {}: use none, floppy or hard-disk", o.boot_emulation));
  }
  if (o.boot_platform == "x86") boot.platform = layout::BootPlatform::kX86;
  else if (o.boot_platform == "efi") boot.platform = layout::BootPlatform::kEfi;
  else if (o.boot_platform == "ppc") boot.platform = layout::BootPlatform::kPowerPc;
  else if (o.boot_platform == "mac") boot.platform = layout::BootPlatform::kMac;
  else return badBoot(fmt::format("--boot-platform {}: use x86, efi, ppc or mac", o.boot_platform));
  boot.load_sectors = o.boot_load_size;
  boot.image = std::move(bytes);
  return boot;
}

}  // namespace

Result<StagedImage> stageImage(const StageOptions& options) {
  auto tree = std::make_unique<stage::FileTree>(options.base.value_or(stage::FileTree()));
  bool added = false;
  for (const auto& path : options.paths) {
    std::error_code ec;
    const bool folder = std::filesystem::is_directory(path, ec);
    stage::ScanOptions scan;
    scan.rock_ridge = options.rock_ridge;
    Result<stage::FileTree> part = folder ? stage::FileTree::fromFolder(path, scan) : stage::FileTree::fromFile(path, scan);
    if (!part) return part.error();
    DM_TRY(tree->merge(*part, options.overwrite).withPrefix(fmt::format("adding {}", path.string())));
    added = added || !part->empty();
  }
  if (!added) {
    return Status(ResultCode::kInvalidImage, "nothing to burn: the given folders are empty");
  }
  layout::IsoOptions iso;
  iso.volume_name = options.volume_name;
  iso.rock_ridge = options.rock_ridge;
  iso.iso_level = options.iso_level;
  iso.session_start = options.session_start;
  if (!options.boot_image.empty()) {
    DM_ASSIGN_OR_RETURN(iso.boot, bootOptions(options));
  }
  DM_ASSIGN_OR_RETURN(iso.creation_time, creationTime());
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, layout::IsoImage::build(*tree, iso));
  StagedImage out;
  out.volume_name = image.volumeName();
  out.image = std::make_unique<layout::IsoImage>(std::move(image));
  out.tree = std::move(tree);
  return out;
}

}  // namespace dm::cli
