// One directory hierarchy of the image — the primary ISO 9660 one or the Joliet one — as
// in-memory metadata: the directories in path-table order, each with its directory records,
// packed into 2048-byte blocks. Blocks of directory extents and the path tables are rendered from
// this on demand; only the extent locations are filled in later, by the image, once every
// region's size is known. Both hierarchies point at one shared file table (data is stored once).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/result.h"
#include "engine/layout/ecma119_fields.h"
#include "engine/stage/file_tree.h"

namespace dm::layout {

enum class Flavor : uint8_t { kIso9660, kJoliet };

// Where one file's data lives. Zero-byte files have no extent of their own (see iso_image.h).
struct FileExtent {
  std::filesystem::path source;
  uint32_t size_bytes = 0;
  uint32_t lba = 0;
  uint32_t blocks() const { return (size_bytes + kBlockBytes - 1) / kBlockBytes; }
};

// The file table index of every file node of the tree being laid out.
using FileIndex = std::unordered_map<const stage::FileTree::Node*, uint32_t>;

// One directory record (ECMA-119 §9.1) before serialization; its extent location and data
// length are looked up when the block is rendered.
struct DirectoryRecord {
  std::string identifier;  // as written: "\0" ".", "\1" "..", d-characters or UCS-2 BE
  bool directory = false;
  uint32_t target = 0;  // directory: index in Hierarchy::directories; file: file table index
  RecordDate date{};
};

struct Directory {
  std::string identifier;  // as in the path table and the parent's record; "\0" for the root
  uint32_t parent = 0;     // index of the parent; the root is its own parent (§6.9.1)
  RecordDate date{};
  std::vector<DirectoryRecord> records;      // ".", "..", then children in §9.3 order
  std::vector<uint32_t> block_first_record;  // index of the first record of each block
  uint32_t lba = 0;                          // set by the image

  uint32_t blocks() const { return static_cast<uint32_t>(block_first_record.size()); }
  // §6.8.1: a directory's data length is a whole number of blocks.
  uint32_t dataBytes() const { return blocks() * kBlockBytes; }
};

struct Hierarchy {
  Flavor flavor = Flavor::kIso9660;
  std::vector<Directory> directories;  // path table order: directory number = index + 1
  uint32_t path_table_bytes = 0;       // §8.4.14, without the padding to a whole block

  size_t unitBytes() const { return flavor == Flavor::kJoliet ? 2 : 1; }
  uint32_t pathTableBlocks() const { return (path_table_bytes + kBlockBytes - 1) / kBlockBytes; }
};

// Builds the hierarchy of `tree` for one flavor: names (iso_names.h or the Joliet names of
// joliet_name.h), §9.3 record order, §6.9.1 directory numbering, records packed so none crosses a
// block boundary (§6.8.1.1). The root directory's date is `root_date`; other dates are mtimes.
// Errors: E_INVALIDARG if the directory count exceeds the 16-bit parent numbers of the path table
// (§9.4.4); IMAPI_E_BADJOLIETNAME for a name staging should have refused.
Result<Hierarchy> buildHierarchy(const stage::FileTree& tree, Flavor flavor,
                                 const FileIndex& file_index, std::chrono::sys_seconds root_date);

// The L (little-endian, `big_endian` false) or M path table (§9.4), padded to whole blocks.
// REQUIRES: directory LBAs assigned.
std::vector<uint8_t> renderPathTable(const Hierarchy& hierarchy, bool big_endian);

// Writes block `block` of directory `dir`'s extent (2048 bytes) into `out`.
// REQUIRES: directory LBAs and the file table's LBAs assigned.
void renderDirectoryBlock(const Hierarchy& hierarchy, uint32_t dir, uint32_t block,
                          std::span<const FileExtent> files, std::span<uint8_t> out);

// The 34-byte root directory record for a volume descriptor (§8.4.18).
std::array<uint8_t, 34> rootDirectoryRecord(const Hierarchy& hierarchy);

}  // namespace dm::layout
