// FileTree::fromFolder / fromFile: turning a folder on disk into a FileTree. POSIX calls (fstatat,
// fdopendir, faccessat) rather than std::filesystem so every error carries the errno of the call
// that failed, and so the type of an entry is read once, without following links we mean to
// refuse. Entries are reached relative to their folder's descriptor: no path is walked twice.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>

#include "engine/base/os_error.h"
#include "engine/base/unique_fd.h"
#include "engine/stage/file_tree.h"
#include "engine/stage/joliet_name.h"

namespace dm::stage {
namespace {

using Node = FileTree::Node;
namespace fs = std::filesystem;

Status invalid(const fs::path& path, std::string message) {
  return fileStatus(path, std::move(message), ResultCode::kInvalidArgument);
}

std::chrono::sys_seconds secondsOf(const struct timespec& t) {
  return std::chrono::sys_seconds{std::chrono::seconds{t.tv_sec}};
}

// The attributes Rock Ridge records (PX, TF), from the node's own stat.
void takeAttributes(const struct stat& st, Node& node) {
  node.mtime = secondsOf(st.st_mtim);
  node.atime = secondsOf(st.st_atim);
  node.ctime = secondsOf(st.st_ctim);
  node.mode = st.st_mode & 07777;
  node.uid = st.st_uid;
  node.gid = st.st_gid;
}

const char* specialKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a fifo";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file or folder";
}

// A regular file node from the stat of the file (the link target's stat for a followed link).
// Checking read permission proves now, at staging time, that the burn will be able to read it.
// `dir_fd` and `entry` name the file (AT_FDCWD and the whole path for a file staged alone).
Result<Node> fileNode(const fs::path& path, int dir_fd, const char* entry, std::string name, const struct stat& st) {
  if (::faccessat(dir_fd, entry, R_OK, AT_EACCESS) != 0) return osError(path, "read file", errno);
  Node node;
  node.name = std::move(name);
  node.kind = FileTree::Kind::kFile;
  node.source = path;
  node.size_bytes = static_cast<uint64_t>(st.st_size);
  takeAttributes(st, node);
  return node;
}

// A symbolic link kept as a link: its target text, as readlink gives it.
Result<Node> symlinkNode(const fs::path& path, int dir_fd, std::string name, const struct stat& st) {
  std::string target(static_cast<size_t>(st.st_size > 0 ? st.st_size : 255) + 1, '\0');
  for (;;) {
    const ssize_t n = ::readlinkat(dir_fd, name.c_str(), target.data(), target.size());
    if (n < 0) return osError(path, "read link", errno);
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      break;
    }
    target.resize(target.size() * 2);  // the link grew since lstat
  }
  Node node;
  node.name = std::move(name);
  node.kind = FileTree::Kind::kSymlink;
  node.link_target = std::move(target);
  takeAttributes(st, node);
  return node;
}

// Rock Ridge names need only be UTF-8 (the Joliet tree gets a stand-in); without Rock Ridge the
// name must be one Joliet holds unchanged.
Status validateName(const fs::path& path, const std::string& name, const ScanOptions& options) {
  Result<std::u16string> joliet = options.rock_ridge ? utf8ToUcs2Lenient(name) : jolietName(name);
  if (joliet.ok()) return Status::Ok();
  return fileStatus(path, fmt::format("'{}': {}", path.string(), joliet.error().message()),
                    ResultCode::kBadJolietName);
}

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

// The folder's descriptor. O_NOATIME (refused on folders of other owners): listing a folder must
// not move its access time, which Rock Ridge records, or the next image of the same folder would
// differ.
Result<UniqueFd> openFolder(const fs::path& dir_path) {
  int fd = ::open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::open(dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return osError(dir_path, "read folder", errno);
  return UniqueFd(fd);
}

// The entry names of the folder open as `dir_fd` (without "." and ".."), sorted by byte order.
Result<std::vector<std::string>> listNames(const fs::path& dir_path, int dir_fd) {
  const int fd = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);  // fdopendir takes the descriptor it is given
  if (fd < 0) return osError(dir_path, "read folder", errno);
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
  if (!dir) {
    const int err = errno;
    ::close(fd);
    return osError(dir_path, "read folder", err);
  }
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) return osError(dir_path, "read folder", errno);
      break;
    }
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Fills `dir` (at hierarchy `level`, the root being 1) with the entries of `dir_path`.
Status scanFolder(const fs::path& dir_path, int level, const ScanOptions& options, Node& dir) {
  DM_ASSIGN_OR_RETURN(UniqueFd dir_fd, openFolder(dir_path));
  DM_ASSIGN_OR_RETURN(std::vector<std::string> names, listNames(dir_path, dir_fd.get()));
  dir.children.reserve(names.size());
  for (std::string& name : names) {
    const fs::path path = dir_path / name;
    struct stat st {};
    if (::fstatat(dir_fd.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return osError(path, "stat", errno);
    DM_TRY(validateName(path, name, options));

    if (S_ISLNK(st.st_mode) && options.rock_ridge) {
      DM_ASSIGN_OR_RETURN(Node node, symlinkNode(path, dir_fd.get(), std::move(name), st));
      dir.children.push_back(std::move(node));
    } else if (S_ISLNK(st.st_mode)) {
      // Follow links to files only: a followed folder link could loop or leave the staged tree.
      struct stat target {};
      if (::fstatat(dir_fd.get(), name.c_str(), &target, 0) != 0) return osError(path, "follow link", errno);
      if (S_ISDIR(target.st_mode))
        return invalid(path, fmt::format("'{}' is a symbolic link to a folder; links to folders "
                                         "are not followed (stage the folder itself)",
                                         path.string()));
      if (!S_ISREG(target.st_mode))
        return invalid(path, fmt::format("'{}' links to {}; only regular files and folders can "
                                         "be staged",
                                         path.string(), specialKind(target.st_mode)));
      const std::string entry = name;
      DM_ASSIGN_OR_RETURN(Node node, fileNode(path, dir_fd.get(), entry.c_str(), std::move(name), target));
      dir.children.push_back(std::move(node));
    } else if (S_ISREG(st.st_mode)) {
      const std::string entry = name;
      DM_ASSIGN_OR_RETURN(Node node, fileNode(path, dir_fd.get(), entry.c_str(), std::move(name), st));
      dir.children.push_back(std::move(node));
    } else if (S_ISDIR(st.st_mode)) {
      if (!options.rock_ridge && level + 1 > kMaxDirectoryLevels)
        return invalid(path, fmt::format("'{}' is nested {} levels deep; ISO 9660 allows at most "
                                         "{} levels of folders including the root "
                                         "(ECMA-119 §6.8.2.1); Rock Ridge relocates deeper ones",
                                         path.string(), level + 1, kMaxDirectoryLevels));
      Node child;
      child.name = std::move(name);
      child.kind = FileTree::Kind::kDirectory;
      takeAttributes(st, child);
      DM_TRY(scanFolder(path, level + 1, options, child));
      dir.children.push_back(std::move(child));
    } else {
      return invalid(path, fmt::format("'{}' is {}; only regular files and folders can be staged",
                                       path.string(), specialKind(st.st_mode)));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<FileTree> FileTree::fromFolder(const fs::path& folder, ScanOptions options) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) return osError(folder, "read folder", errno);
  if (!S_ISDIR(st.st_mode))
    return invalid(folder, fmt::format("'{}' is not a folder", folder.string()));
  FileTree tree;
  takeAttributes(st, tree.root_);
  DM_TRY(scanFolder(folder, 1, options, tree.root_));
  tree.recount();
  return tree;
}

Result<FileTree> FileTree::fromFile(const fs::path& file, ScanOptions options) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return osError(file, "read file", errno);
  if (!S_ISREG(st.st_mode))
    return invalid(file, fmt::format("'{}' is {}", file.string(),
                                     S_ISDIR(st.st_mode) ? "a folder; use fromFolder"
                                                         : specialKind(st.st_mode)));
  std::string name = file.filename().string();
  DM_TRY(validateName(file, name, options));
  DM_ASSIGN_OR_RETURN(Node node, fileNode(file, AT_FDCWD, file.c_str(), std::move(name), st));
  FileTree tree;
  tree.root_.mtime = node.mtime;
  tree.root_.atime = node.atime;
  tree.root_.ctime = node.ctime;
  tree.root_.children.push_back(std::move(node));
  tree.recount();
  return tree;
}

}  // namespace dm::stage
