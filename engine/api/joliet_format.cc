// JolietFormat: staging with IMAPI AddData semantics, block accounting, properties (see header).
#include "engine/api/joliet_format.h"

#include <fmt/format.h>

#include "engine/api/disc_master.h"
#include "engine/stage/joliet_name.h"

namespace dm::api {
namespace {

constexpr const char* kVolumeName = "VolumeName";
constexpr size_t kMaxJolietVolumeChars = 16;  // the SVD's volume identifier: 32 bytes of UCS-2

}  // namespace

Result<layout::IsoImage> JolietFormat::layOut() const {
  layout::IsoOptions options;
  options.volume_name = volume_name_;
  options.creation_time = master_.now();
  return layout::IsoImage::build(tree_, options);
}

Result<uint32_t> JolietFormat::totalDataBlocks() const {
  DM_TRY(master_.requireFormat(Format::kJoliet));
  return master_.mediumFreeBlocks();
}

Result<uint32_t> JolietFormat::usedDataBlocks() const {
  DM_TRY(master_.requireFormat(Format::kJoliet));
  if (tree_.empty()) return uint32_t{0};
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, layOut());
  return image.totalBlocks();
}

Status JolietFormat::addData(const std::filesystem::path& folder, bool overwrite) {
  DM_TRY(master_.requireFormat(Format::kJoliet));
  DM_ASSIGN_OR_RETURN(stage::FileTree incoming, stage::FileTree::fromFolder(folder));

  // Validate everything before anything is copied or changed: the merge, then the room.
  stage::FileTree trial = tree_;
  DM_TRY(trial.merge(incoming, overwrite));
  layout::IsoOptions options;
  options.volume_name = volume_name_;
  options.creation_time = master_.now();
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
  return tree_.merge(frozen, overwrite);
}

JolietPropertySet JolietFormat::properties() const {
  return {{kVolumeName, volume_name_.empty() ? layout::defaultVolumeName(master_.now()) : volume_name_}};
}

Status JolietFormat::setProperties(const JolietPropertySet& changes) {
  std::string next = volume_name_;
  bool ignored = false;
  for (const auto& [name, value] : changes) {
    if (name != kVolumeName) {
      ignored = true;  // El Torito and other IMAPI properties are not supported yet
      continue;
    }
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr) return Status(ResultCode::kInvalidArgument, "VolumeName takes a string");
    auto ucs2 = stage::utf8ToUcs2(*text);
    if (!ucs2 || ucs2->size() > kMaxJolietVolumeChars) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("VolumeName '{}': Joliet holds at most {} characters of the BMP", *text,
                                kMaxJolietVolumeChars));
    }
    next = *text;
  }
  volume_name_ = next;
  if (ignored) return Status(ResultCode::kPropertiesIgnored, "unknown or unsupported properties were ignored");
  return Status::Ok();
}

void JolietFormat::clear() { tree_ = stage::FileTree(); }

}  // namespace dm::api
