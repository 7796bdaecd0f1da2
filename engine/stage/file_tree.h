// FileTree: the directories and regular files staged for a data disc, before any layout. It owns
// the IMAPI AddData semantics (imapi.md §1.4): a folder's *contents* become root entries, repeated
// adds merge into one tree, a name clash is IMAPI_E_FILEEXISTS unless overwrite is set, and a
// failed add changes nothing. It also refuses, at staging time, what the disc cannot hold: names
// Joliet cannot carry (IMAPI_E_BADJOLIETNAME), directory trees deeper than ISO 9660 allows, files
// larger than one ISO 9660 extent, and anything that is not a regular file or a directory.
//
// A tree records where each file's bytes come from (source path, size, mtime); it does not copy
// them. Children are kept sorted by the byte order of their UTF-8 names, so every walk of the tree
// (and so every image built from it) is deterministic.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/status.h"

namespace dm::stage {

// ECMA-119 §6.8.2.1: "The number of levels in the hierarchy shall not exceed eight" (the root is
// level 1). Deeper trees need Rock Ridge relocation (genisoimage's RR_MOVED) or ISO 9660:1999,
// which we do not write; staging refuses them with E_INVALIDARG naming the too-deep folder.
inline constexpr int kMaxDirectoryLevels = 8;

// ECMA-119 §9.1.4: a directory record's data length is a 32-bit field. Files beyond it need
// multi-extent records (interchange level 3), which we do not write yet.
inline constexpr uint64_t kMaxFileBytes = 0xFFFFFFFFull;

class FileTree {
 public:
  enum class Kind : uint8_t { kDirectory, kFile };

  struct Node {
    std::string name;  // UTF-8, valid as a Joliet name; "" for the root
    Kind kind = Kind::kDirectory;
    std::filesystem::path source;      // files: where the bytes are read from at burn time
    uint64_t size_bytes = 0;           // files: size when staged
    std::chrono::sys_seconds mtime{};  // last modification, for the recording date
    std::vector<Node> children;        // directories: sorted by name (byte order), unique

    bool isDirectory() const { return kind == Kind::kDirectory; }
    bool isFile() const { return kind == Kind::kFile; }
    // The child called `child_name`, or nullptr.
    const Node* child(std::string_view child_name) const;
  };

  // An empty tree: a root directory with no children.
  FileTree();

  // The contents of `folder` (not the folder itself) as root entries, recursively — IMAPI
  // AddData semantics. The root's mtime is the folder's.
  // Symbolic links: a link to a regular file is followed (the file is staged under the link's
  // name and read through the link); a link to a directory is refused (E_INVALIDARG), which rules
  // out cycles; a dangling link is IMAPI_E_FILEACCESS.
  // Errors, each naming the source path:
  //   IMAPI_E_FILEACCESS   a file or folder cannot be read (with the OS reason), or vanished
  //   IMAPI_E_BADJOLIETNAME a name Joliet cannot hold (see joliet_name.h)
  //   E_INVALIDARG         `folder` is not a folder; a fifo, socket or device; a symlinked
  //                        folder; folders nested deeper than kMaxDirectoryLevels; a file larger
  //                        than kMaxFileBytes
  static Result<FileTree> fromFolder(const std::filesystem::path& folder);

  // A tree whose root holds the single regular file `file` under its own name (for staging a
  // file given on its own). Same errors as fromFolder.
  static Result<FileTree> fromFile(const std::filesystem::path& file);

  // Merges `other` into this tree (IMAPI AddData over an existing stash):
  //   directory vs directory  merged recursively (the existing directory keeps its mtime);
  //   file vs file            IMAPI_E_FILEEXISTS, or with `overwrite` the file of `other` wins;
  //   file vs directory       IMAPI_E_FILEEXISTS, even with `overwrite` (IMAPI replaces files,
  //                           never a file by a folder or a folder by a file).
  // The whole of `other` is checked before anything is applied: on error this tree is unchanged.
  // Error messages name the clashing path inside the tree ("/docs/a.txt").
  Status merge(const FileTree& other, bool overwrite);

  const Node& root() const { return root_; }

  // The node at a '/'-separated path inside the tree ("docs/a.txt"; "" is the root), or nullptr.
  const Node* find(std::string_view tree_path) const;

  // Calls `visit` on every file node in tree order; it may change the node's source and size
  // (the stash points files at frozen copies) but not its name or kind. Stops at the first error;
  // the counters are brought up to date either way.
  Status visitFiles(const std::function<Status(Node&)>& visit);

  size_t fileCount() const { return file_count_; }
  size_t directoryCount() const { return directory_count_; }  // not counting the root
  uint64_t totalBytes() const { return total_bytes_; }        // sum of file sizes
  bool empty() const { return root_.children.empty(); }

 private:
  void recount();

  Node root_;
  size_t file_count_ = 0;
  size_t directory_count_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace dm::stage
