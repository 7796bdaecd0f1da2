// Staging for the CLI: the PATHs of `burn` and `image` become one file tree (a folder adds its
// contents at the root, as IMAPI's AddData does; several folders merge) and then an ISO 9660 +
// Joliet image laid out on demand.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/layout/iso_image.h"
#include "engine/stage/file_tree.h"

namespace dm::cli {

struct StageOptions {
  std::vector<std::filesystem::path> paths;
  std::string volume_name;  // empty: the date, as IMAPI does
  bool overwrite = false;   // a later PATH's file replaces an earlier one of the same name
  bool rock_ridge = true;   // POSIX names, modes, symlinks and deep folders in the ISO 9660 tree
  int iso_level = 2;        // ECMA-119 interchange level 1, 2 or 3 (multi-extent files)
  // El Torito: the boot image file (empty: not bootable) and its catalog entry.
  std::filesystem::path boot_image;
  std::string boot_emulation = "none";  // none | floppy | hard-disk
  std::string boot_platform = "x86";    // x86 | efi | ppc | mac
  uint16_t boot_load_size = 0;          // no emulation: 512-byte sectors to load (0: 4)
  // Appending a session (burn --multisession on an appendable disc): the last session's tree,
  // which the PATHs merge over (`overwrite` decides clashes with old files too), and the disc
  // block where the new session starts.
  std::optional<stage::FileTree> base;
  uint32_t session_start = 0;
};

struct StagedImage {
  std::unique_ptr<stage::FileTree> tree;
  std::unique_ptr<layout::IsoImage> image;
  std::string volume_name;
};

// Reads the PATHs and lays out the image. The volume's dates come from SOURCE_DATE_EPOCH when set
// (reproducible images), else from the current time.
Result<StagedImage> stageImage(const StageOptions& options);

}  // namespace dm::cli
