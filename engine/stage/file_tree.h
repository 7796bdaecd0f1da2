// FileTree: the directories and regular files staged for a data disc, before any layout. It owns
// the IMAPI AddData semantics (imapi.md §1.4): a folder's *contents* become root entries, repeated
// adds merge into one tree, a name clash is IMAPI_E_FILEEXISTS unless overwrite is set, and a
// failed add changes nothing. It also refuses, at staging time, what the disc cannot hold: names
// Joliet cannot carry (IMAPI_E_BADJOLIETNAME) and directory trees deeper than ISO 9660 allows —
// unless the tree is scanned for Rock Ridge, whose POSIX names and directory relocation carry
// both — and anything that is not a regular file, a directory or (with Rock Ridge) a symlink.
//
// A tree records where each file's bytes come from (source path, size) and the POSIX attributes
// Rock Ridge writes (mode, owner, times, link targets); it does not copy the bytes. Children are kept sorted by the byte order of their UTF-8 names, so every walk of the tree
// (and so every image built from it) is deterministic.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"

namespace dm::stage {

// ECMA-119 §6.8.2.1: "The number of levels in the hierarchy shall not exceed eight" (the root is
// level 1). Deeper trees need Rock Ridge relocation (RRIP §4.1.5), so a scan without Rock Ridge
// refuses them with E_INVALIDARG naming the too-deep folder.
inline constexpr int kMaxDirectoryLevels = 8;

// ECMA-119 §9.1.4: a directory record's data length is a 32-bit field. Larger files need
// multi-extent records (interchange level 3); the layout decides, staging keeps any size.
inline constexpr uint64_t kMaxFileBytes = 0xFFFFFFFFull;

// What a scan accepts. With Rock Ridge the ISO 9660 tree carries the real POSIX names, deep
// folders are relocated, and symbolic links are kept as links (never followed); without it, the
// tree must fit plain ISO 9660 + Joliet (names Joliet holds, ≤ 8 levels, links to files followed).
struct ScanOptions {
  bool rock_ridge = true;
};

class FileTree {
 public:
  enum class Kind : uint8_t { kDirectory, kFile, kSymlink };

  // Permission bits of nodes made without a stat (the root of an empty tree, tests).
  static constexpr uint32_t kDefaultDirectoryMode = 0755;
  static constexpr uint32_t kDefaultFileMode = 0644;

  struct Node {
    std::string name;  // UTF-8 (a valid Joliet name unless scanned for Rock Ridge); "" for the root
    Kind kind = Kind::kDirectory;
    std::filesystem::path source;      // files: where the bytes are read from at burn time
    uint64_t size_bytes = 0;           // files: size when staged
    std::chrono::sys_seconds mtime{};  // last modification, for the recording date
    std::chrono::sys_seconds atime{};  // last access (Rock Ridge TF)
    std::chrono::sys_seconds ctime{};  // last status change (Rock Ridge TF)
    uint32_t mode = kDefaultDirectoryMode;  // st_mode & 07777: permissions, setuid, setgid, sticky
    uint32_t uid = 0;
    uint32_t gid = 0;
    std::string link_target;     // symlinks: the target as stored in the link
    // Files imported from an earlier session of the disc (session_import.h): the data is already
    // on the disc, contiguous from this absolute block, so the layout points at it and writes
    // nothing; `source` is unused.
    std::optional<uint32_t> disc_lba;
    std::vector<Node> children;  // directories: sorted by name (byte order), unique

    bool isDirectory() const { return kind == Kind::kDirectory; }
    bool isFile() const { return kind == Kind::kFile; }
    bool isSymlink() const { return kind == Kind::kSymlink; }
    // The child called `child_name`, or nullptr.
    const Node* child(std::string_view child_name) const;
  };

  // An empty tree: a root directory with no children.
  FileTree();

  // The contents of `folder` (not the folder itself) as root entries, recursively — IMAPI
  // AddData semantics. The root's attributes are the folder's.
  // Symbolic links: with Rock Ridge, every link is staged as a link (its target text, never
  // followed). Without: a link to a regular file is followed (the file is staged under the
  // link's name and read through the link); a link to a directory is refused (E_INVALIDARG),
  // which rules out cycles; a dangling link is IMAPI_E_FILEACCESS.
  // Errors, each naming the source path:
  //   IMAPI_E_FILEACCESS   a file or folder cannot be read (with the OS reason), or vanished
  //   IMAPI_E_BADJOLIETNAME a name that is not UTF-8; without Rock Ridge any name Joliet cannot
  //                        hold (see joliet_name.h)
  //   E_INVALIDARG         `folder` is not a folder; a fifo, socket or device; without Rock
  //                        Ridge a symlinked folder or folders nested deeper than
  //                        kMaxDirectoryLevels
  static Result<FileTree> fromFolder(const std::filesystem::path& folder, ScanOptions options = {});

  // A tree whose root holds the single regular file `file` under its own name (for staging a
  // file given on its own). Same errors as fromFolder.
  static Result<FileTree> fromFile(const std::filesystem::path& file, ScanOptions options = {});

  // A tree with `root` as its root (an imported session). REQUIRES: every directory's children
  // sorted by name (byte order) and unique.
  static FileTree fromRoot(Node root);

  // Merges `other` into this tree (IMAPI AddData over an existing stash):
  //   directory vs directory  merged recursively (the existing directory keeps its mtime);
  //   file vs file            IMAPI_E_FILEEXISTS, or with `overwrite` the file of `other` wins
  //                           (the replaced node is appended to `replaced` when given: IMAPI
  //                           still writes its data, imapi.md §1.4);
  //   file vs directory       IMAPI_E_FILEEXISTS, even with `overwrite` (IMAPI replaces files,
  //                           never a file by a folder or a folder by a file).
  // The whole of `other` is checked before anything is applied: on error this tree is unchanged.
  // Error messages name the clashing path inside the tree ("/docs/a.txt").
  // Symlinks count as files here.
  Status merge(const FileTree& other, bool overwrite, std::vector<Node>* replaced = nullptr);

  const Node& root() const { return root_; }

  // The node at a '/'-separated path inside the tree ("docs/a.txt"; "" is the root), or nullptr.
  const Node* find(std::string_view tree_path) const;

  // Calls `visit` on every regular file node in tree order; it may change the node's source and size
  // (the stash points files at frozen copies) but not its name or kind. Stops at the first error;
  // the counters are brought up to date either way.
  Status visitFiles(const std::function<Status(Node&)>& visit);

  size_t fileCount() const { return file_count_; }  // regular files
  size_t symlinkCount() const { return symlink_count_; }
  size_t directoryCount() const { return directory_count_; }  // not counting the root
  uint64_t totalBytes() const { return total_bytes_; }        // sum of file sizes
  bool empty() const { return root_.children.empty(); }

 private:
  void recount();

  Node root_;
  size_t file_count_ = 0;
  size_t symlink_count_ = 0;
  size_t directory_count_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace dm::stage
