// Staging PATHs into one tree and an ISO image (see staging.h).
#include "tools/discmaster/staging.h"

#include <fmt/format.h>

#include <cstdlib>

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

}  // namespace

Result<StagedImage> stageImage(const StageOptions& options) {
  auto tree = std::make_unique<stage::FileTree>();
  for (const auto& path : options.paths) {
    std::error_code ec;
    const bool folder = std::filesystem::is_directory(path, ec);
    Result<stage::FileTree> part = folder ? stage::FileTree::fromFolder(path) : stage::FileTree::fromFile(path);
    if (!part) return part.error();
    DM_TRY(tree->merge(*part, options.overwrite).withPrefix(fmt::format("adding {}", path.string())));
  }
  if (tree->empty()) {
    return Status(ResultCode::kInvalidImage, "nothing to burn: the given folders are empty");
  }
  layout::IsoOptions iso;
  iso.volume_name = options.volume_name;
  DM_ASSIGN_OR_RETURN(iso.creation_time, creationTime());
  DM_ASSIGN_OR_RETURN(layout::IsoImage image, layout::IsoImage::build(*tree, iso));
  StagedImage out;
  out.volume_name = image.volumeName();
  out.image = std::make_unique<layout::IsoImage>(std::move(image));
  out.tree = std::move(tree);
  return out;
}

}  // namespace dm::cli
