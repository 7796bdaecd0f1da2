// Stash: where staged file content is frozen (imapi.md §0, §1.4). Adding a tree to the stash
// copies every file's bytes into the stash directory at that moment — a reflink (FICLONE) where the
// file system shares blocks, a copy otherwise — and returns the tree with its sources pointing at
// the frozen copies, so changing or deleting a source file afterwards does not change the disc.
//
// Trade-off: a reflink is instant and costs no space but needs a copy-on-write file system (Btrfs,
// XFS with reflink, bcachefs) with the stash on the same one as the sources; elsewhere the stash
// costs a full copy in time and space, which is what IMAPI's own stash file did.
//
// One process at a time: the stash directory is locked (flock on `.lock`) while a Stash object
// holds it; a second holder gets IMAPI_E_STASHINUSE. A freeze that cannot finish — no room
// (IMAPI_E_NOTENOUGHDISKFORSTASH), an unreadable source (IMAPI_E_FILEACCESS), a cancel
// (IMAPI_E_USERABORT) — removes what it had copied: nothing half-written is left behind, and what
// earlier freezes put in the stash stays.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>

#include "engine/base/result.h"
#include "engine/base/unique_fd.h"
#include "engine/stage/file_tree.h"
#include "engine/stage/stash_file_system.h"

namespace dm::stage {

struct FreezeProgress {
  // Called after each file with bytes frozen so far and in all; false cancels.
  std::function<bool(uint64_t done_bytes, uint64_t total_bytes)> on_progress;
};

class Stash {
 public:
  // Opens (creating it if needed) the stash at `dir`, locks it, and removes frozen files an
  // earlier holder left behind (a crashed process: the lock was free). Errors: IMAPI_E_STASHINUSE
  // when another Stash holds the lock; IMAPI_E_FILEACCESS when the directory cannot be created.
  // `fs` is the file-system seam (real by default); it must outlive the stash.
  static Result<Stash> open(const std::filesystem::path& dir, StashFileSystem* fs = nullptr);

  Stash(Stash&&) noexcept = default;
  Stash& operator=(Stash&&) noexcept = default;
  ~Stash();  // releases the lock; frozen files stay until clear()

  // Freezes every file of `tree` and returns the same tree with sources in the stash and sizes
  // as copied. On error nothing of this call remains in the stash.
  Result<FileTree> freeze(const FileTree& tree, const FreezeProgress& progress = {});

  // Streams: stash files filled piece by piece (audio tracks, imapi.md §1.5). createStream() makes
  // an empty one; appendToStream() adds bytes all or nothing (IMAPI_E_NOTENOUGHDISKFORSTASH when
  // the disk is full, and the stream keeps what it had). clear() removes streams too.
  Result<std::filesystem::path> createStream();
  Status appendToStream(const std::filesystem::path& stream, std::span<const uint8_t> bytes);

  // Removes every frozen file (IMAPI: after a successful record, clearFormatContent, a format
  // change and close).
  Status clear();

  const std::filesystem::path& directory() const { return dir_; }
  uint64_t frozenBytes() const { return frozen_bytes_; }
  uint64_t frozenFiles() const { return frozen_files_; }

 private:
  Stash(std::filesystem::path dir, UniqueFd lock, StashFileSystem* fs)
      : dir_(std::move(dir)), lock_(std::move(lock)), fs_(fs) {}

  std::filesystem::path dir_;
  UniqueFd lock_;
  StashFileSystem* fs_ = nullptr;
  uint64_t next_id_ = 0;
  uint64_t frozen_bytes_ = 0;
  uint64_t frozen_files_ = 0;
};

}  // namespace dm::stage
