// StashFileSystem: the file-system seam of the stash — free space, and cloning or copying one
// file, appending to one —
// so tests can make a disk fill up or a copy fail without a real full disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "engine/base/result.h"

namespace dm::stage {

class StashFileSystem {
 public:
  virtual ~StashFileSystem() = default;
  // Bytes an unprivileged writer may still use on the file system holding `dir`.
  virtual Result<uint64_t> freeBytes(const std::filesystem::path& dir) = 0;
  // Makes `to` (new) a frozen copy of `from`: a reflink where possible, else a byte copy. Returns
  // the bytes now in `to`. ENOSPC → IMAPI_E_NOTENOUGHDISKFORSTASH; other failures name the file.
  // `cloned` tells whether the copy shares blocks (and so used no space).
  virtual Result<uint64_t> cloneOrCopy(const std::filesystem::path& from, const std::filesystem::path& to,
                                       bool& cloned) = 0;
  // Appends `bytes` to `to` (created if missing), all or nothing: on failure the file is cut back
  // to its previous size. ENOSPC → IMAPI_E_NOTENOUGHDISKFORSTASH.
  virtual Status append(const std::filesystem::path& to, std::span<const uint8_t> bytes) = 0;
};

// The real file system: statvfs, ioctl(FICLONE), copy_file_range with a read/write fallback,
// O_APPEND writes.
StashFileSystem& realStashFileSystem();

}  // namespace dm::stage
