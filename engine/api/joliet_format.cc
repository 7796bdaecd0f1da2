// JolietFormat: staging with IMAPI AddData semantics, block accounting, properties (see header).
#include "engine/api/joliet_format.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <memory>

#include "engine/api/disc_master.h"
#include "engine/stage/joliet_name.h"

namespace dm::api {
namespace {

constexpr const char* kVolumeName = "VolumeName";
constexpr const char* kRockRidge = "RockRidge";
constexpr const char* kPlaceBoot = "PlaceBootImageOnDisc";
constexpr const char* kBootManufacturer = "BootImageManufacturerIDString";
constexpr const char* kBootPlatform = "BootImagePlatform";
constexpr const char* kBootEmulation = "BootImageEmulationType";
constexpr const char* kBootImage = "BootImage";
constexpr size_t kMaxJolietVolumeChars = 16;  // the SVD's volume identifier: 32 bytes of UCS-2

Status badValue(const std::string& name, std::string_view wants) {
  return Status(ResultCode::kInvalidArgument, fmt::format("{} takes {}", name, wants));
}

}  // namespace

layout::IsoOptions JolietFormat::isoOptions() const {
  layout::IsoOptions options;
  options.volume_name = volume_name_;
  options.creation_time = master_.now();
  options.rock_ridge = rock_ridge_;
  options.iso_level = 3;  // files over 4 GiB as multi-extent records; the medium's size decides
  options.unreachable_files = unreachable_;
  options.session_start = session_start_;
  if (place_boot_image_) options.boot = boot_;
  return options;
}

Status JolietFormat::checkBootMedium() const {
  if (place_boot_image_ && !master_.mediumBlank())
    return Status(ResultCode::kBootImageAndNonBlankDisc,
                  "a bootable image needs a blank disc; the disc in the active recorder already holds data");
  return Status::Ok();
}

Result<layout::IsoImage> JolietFormat::layOut() const {
  DM_TRY(checkBootMedium());
  return layout::IsoImage::build(tree_, isoOptions());
}

Result<uint32_t> JolietFormat::totalDataBlocks() const {
  DM_TRY(master_.requireFormat(Format::kJoliet));
  return master_.mediumFreeBlocks();
}

Result<uint32_t> JolietFormat::usedDataBlocks() const {
  DM_TRY(master_.requireFormat(Format::kJoliet));
  if (!added_) return uint32_t{0};
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, layOut());
  return image.totalBlocks();
}

Status JolietFormat::addData(const std::filesystem::path& folder, bool overwrite) {
  DM_TRY(master_.requireFormat(Format::kJoliet));
  DM_TRY(checkBootMedium());
  stage::ScanOptions scan;
  scan.rock_ridge = rock_ridge_;
  DM_ASSIGN_OR_RETURN(stage::FileTree incoming, stage::FileTree::fromFolder(folder, scan));

  // Validate everything before anything is copied or changed: the merge, then the room — with
  // the data of replaced files counted, as it will be written.
  stage::FileTree trial = tree_;
  std::vector<stage::FileTree::Node> replaced;
  DM_TRY(trial.merge(incoming, overwrite, &replaced));
  layout::IsoOptions options = isoOptions();
  for (const auto& node : replaced)
    if (node.isFile() && !node.disc_lba) options.unreachable_files.push_back({node.source, node.size_bytes, 0, false});
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, layout::IsoImage::build(trial, options));
  DM_ASSIGN_OR_RETURN(uint32_t total, master_.mediumFreeBlocks());
  if (image.totalBlocks() > total) {
    return Status(ResultCode::kDiscFull,
                  fmt::format("adding '{}' would make the image {} blocks; the disc takes {}; nothing was added",
                              folder.string(), image.totalBlocks(), total));
  }

  stage::FreezeProgress progress{[this](uint64_t done, uint64_t all) {
    // IMAPI's add progress is in arbitrary steps; ours are bytes frozen (long is 64-bit on LP64).
    master_.notifyAddProgress(static_cast<long>(done), static_cast<long>(all));
    return !master_.queryCancel();
  }};
  if (master_.queryCancel()) return Status(ResultCode::kUserAbort, "addData cancelled; nothing was added");
  master_.notifyAddProgress(0, static_cast<long>(incoming.totalBytes()));
  DM_ASSIGN_OR_RETURN(stage::FileTree frozen, master_.stash().freeze(incoming, progress));
  replaced.clear();
  DM_TRY(tree_.merge(frozen, overwrite, &replaced));
  for (const auto& node : replaced)
    if (node.isFile() && !node.disc_lba) unreachable_.push_back({node.source, node.size_bytes, 0, false});
  added_ = added_ || !frozen.empty();
  return Status::Ok();
}

JolietPropertySet JolietFormat::properties() const {
  return {{kVolumeName, volume_name_.empty() ? layout::defaultVolumeName(master_.now()) : volume_name_},
          {kRockRidge, rock_ridge_},
          {kPlaceBoot, place_boot_image_},
          {kBootManufacturer, boot_.manufacturer},
          {kBootPlatform, static_cast<int32_t>(boot_.platform)},
          {kBootEmulation, static_cast<int32_t>(boot_.emulation)}};
}

Status JolietFormat::checkJolietNames(const stage::FileTree::Node& dir, const std::string& path) const {
  for (const stage::FileTree::Node& child : dir.children) {
    const std::string child_path = path.empty() ? child.name : path + "/" + child.name;
    if (Result<std::u16string> name = stage::jolietName(child.name); !name.ok()) {
      return Status(ResultCode::kBadJolietName,
                    fmt::format("RockRidge cannot be turned off: '{}' is staged{} and Joliet cannot hold its name: {}",
                                child_path, session_start_ > 0 ? " (or on the disc)" : "", name.error().message()));
    }
    if (child.kind == stage::FileTree::Kind::kDirectory) DM_TRY(checkJolietNames(child, child_path));
  }
  return Status::Ok();
}

Status JolietFormat::setProperties(const JolietPropertySet& changes) {
  std::string next = volume_name_;
  bool rock_ridge = rock_ridge_;
  bool place_boot = place_boot_image_;
  layout::BootOptions boot = boot_;
  bool ignored = false;
  for (const auto& [name, value] : changes) {
    const auto* flag = std::get_if<bool>(&value);
    const auto* number = std::get_if<int32_t>(&value);
    const auto* text = std::get_if<std::string>(&value);
    if (name == kRockRidge || name == kPlaceBoot) {
      if (flag == nullptr) return badValue(name, "a bool");
      (name == kRockRidge ? rock_ridge : place_boot) = *flag;
      continue;
    }
    if (name == kBootManufacturer) {
      if (text == nullptr) return badValue(name, "a string");
      boot.manufacturer = *text;
      continue;
    }
    if (name == kBootPlatform) {
      if (number == nullptr || (*number != 0 && *number != 1 && *number != 2 && *number != 0xEF))
        return badValue(name, "0 (x86), 1 (PowerPC), 2 (Mac) or 0xEF (EFI)");
      boot.platform = static_cast<layout::BootPlatform>(*number);
      continue;
    }
    if (name == kBootEmulation) {
      if (number == nullptr || *number < 0 || *number > 4) return badValue(name, "0 (none) … 4 (hard disk)");
      boot.emulation = static_cast<layout::BootEmulation>(*number);
      continue;
    }
    if (name == kBootImage) {
      if (text == nullptr) return badValue(name, "the boot image file's path");
      std::ifstream in(*text, std::ios::binary);
      if (!in) return Status(ResultCode::kFileAccess, fmt::format("cannot read the boot image '{}'", *text));
      boot.image = std::make_shared<const std::vector<uint8_t>>(std::istreambuf_iterator<char>(in),
                                                                std::istreambuf_iterator<char>());
      continue;
    }
    if (name != kVolumeName) {
      ignored = true;
      continue;
    }
    if (text == nullptr) return Status(ResultCode::kInvalidArgument, "VolumeName takes a string");
    auto ucs2 = stage::utf8ToUcs2(*text);
    if (!ucs2 || ucs2->size() > kMaxJolietVolumeChars) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("VolumeName '{}': Joliet holds at most {} characters of the BMP", *text,
                                kMaxJolietVolumeChars));
    }
    next = *text;
  }
  if (place_boot) DM_TRY(layout::checkBootOptions(boot));
  // Without Rock Ridge every staged name — imported from the disc's last session too — must be
  // one Joliet holds unchanged: refuse here, naming the file, rather than burn stand-in names.
  if (rock_ridge_ && !rock_ridge) DM_TRY(checkJolietNames(tree_.root(), ""));
  volume_name_ = next;
  rock_ridge_ = rock_ridge;
  place_boot_image_ = place_boot;
  boot_ = boot;
  if (ignored) return Status(ResultCode::kPropertiesIgnored, "unknown or unsupported properties were ignored");
  return Status::Ok();
}

void JolietFormat::clear() {
  tree_ = stage::FileTree();
  unreachable_.clear();
  added_ = false;
  session_start_ = 0;
}

Status JolietFormat::startAppend(const stage::FileTree& imported, uint32_t session_start) {
  stage::FileTree merged = imported;
  DM_TRY(merged.merge(tree_, /*overwrite=*/true));
  tree_ = std::move(merged);
  session_start_ = session_start;
  return Status::Ok();
}

}  // namespace dm::api
