// Stash: locking, freezing a tree with rollback, clearing (see stash.h).
#include "engine/stage/stash.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>

#include <cerrno>
#include <vector>

#include "engine/base/os_error.h"

namespace dm::stage {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLockName = ".lock";
constexpr const char* kFrozenPrefix = "frozen-";

}  // namespace

Result<Stash> Stash::open(const fs::path& dir, StashFileSystem* fs) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return osError(dir, "create the stash folder", ec.value());
  const fs::path lock_path = dir / kLockName;
  UniqueFd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!lock.valid()) return osError(lock_path, "open the stash lock", errno);
  // flock locks belong to the open file description, so a second Stash on the same folder is
  // refused even inside this process, as another process's would be.
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return fileStatus(dir, fmt::format("the stash '{}' is in use by another discmaster", dir.string()),
                        ResultCode::kStashInUse);
    }
    return osError(lock_path, "lock the stash", errno);
  }
  Stash stash(dir, std::move(lock), fs != nullptr ? fs : &realStashFileSystem());
  // Whatever is frozen here belongs to a holder that is gone (the lock was free): a stash lives
  // only as long as its session, so an orphan is removed before the new session starts.
  DM_TRY(stash.clear());
  return stash;
}

Stash::~Stash() = default;  // closing the lock descriptor releases the flock

Result<FileTree> Stash::freeze(const FileTree& tree, const FreezeProgress& progress) {
  const uint64_t total = tree.totalBytes();
  DM_ASSIGN_OR_RETURN(const uint64_t free_bytes, fs_->freeBytes(dir_));
  const bool room_for_copies = free_bytes >= total;

  FileTree frozen = tree;
  std::vector<fs::path> made;
  uint64_t done = 0;
  const Status status = frozen.visitFiles([&](FileTree::Node& file) -> Status {
    if (file.disc_lba) return Status::Ok();  // already on the disc: nothing to freeze
    const fs::path copy = dir_ / fmt::format("{}{:08}", kFrozenPrefix, next_id_ + made.size());
    bool cloned = false;
    auto copied = fs_->cloneOrCopy(file.source, copy, cloned);
    made.push_back(copy);  // even a failed copy may have left a partial file to remove
    if (!copied) return copied.error();
    // Without reflinks every byte needs room: fail at once rather than after copying most of it.
    if (!cloned && !room_for_copies) {
      return fileStatus(dir_,
                        fmt::format("the stash '{}' has {} bytes free; staging needs {}", dir_.string(),
                                    free_bytes, total),
                        ResultCode::kNotEnoughDiskForStash);
    }
    file.source = copy;
    file.size_bytes = *copied;  // what was frozen is what will be burned
    done += *copied;
    if (progress.on_progress && !progress.on_progress(done, total)) {
      return Status(ResultCode::kUserAbort, "staging cancelled; nothing of this add was kept");
    }
    return Status::Ok();
  });
  if (!status.ok()) {
    for (const auto& p : made) {
      std::error_code ignored;
      fs::remove(p, ignored);
    }
    return status;
  }
  next_id_ += made.size();
  frozen_files_ += made.size();
  frozen_bytes_ += done;
  return frozen;
}

Result<fs::path> Stash::createStream() {
  const fs::path stream = dir_ / fmt::format("{}{:08}", kFrozenPrefix, next_id_++);
  DM_TRY(fs_->append(stream, {}));
  ++frozen_files_;
  return stream;
}

Status Stash::appendToStream(const fs::path& stream, std::span<const uint8_t> bytes) {
  DM_TRY(fs_->append(stream, bytes));
  frozen_bytes_ += bytes.size();
  return Status::Ok();
}

Status Stash::clear() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (entry.path().filename().string().rfind(kFrozenPrefix, 0) != 0) continue;
    fs::remove(entry.path(), ec);
    if (ec) return osError(entry.path(), "remove stashed file", ec.value());
  }
  if (ec) return osError(dir_, "list the stash", ec.value());
  frozen_bytes_ = 0;
  frozen_files_ = 0;
  return Status::Ok();
}

}  // namespace dm::stage
