// One directory hierarchy of the image — the primary ISO 9660 one or the Joliet one — as
// in-memory metadata: the directories in path-table order, each with its directory records,
// packed into 2048-byte blocks. Blocks of directory extents and the path tables are rendered from
// this on demand; only the extent locations are filled in later, by the image, once every
// region's size is known. Both hierarchies point at one shared file table (data is stored once).
//
// With Rock Ridge (ISO 9660 flavor only) every record carries its System Use entries (rock_ridge.h),
// overflow goes to Continuation Areas kept here as whole blocks, symbolic links become 0-byte
// records with SL, and directories deeper than 8 levels are relocated (RRIP §4.1.5): moved under a
// root directory "rr_moved" (RE), with a 0-byte CL record in their original parent and PL in
// their "..". Joliet leaves symbolic links out and keeps the tree as it is, at any depth.
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
// Files of an earlier session (on_disc) keep the extent they have on the disc: lba is absolute
// and the image writes no data for them.
struct FileExtent {
  std::filesystem::path source;
  uint64_t size_bytes = 0;
  uint32_t lba = 0;
  bool on_disc = false;
  uint32_t blocks() const { return static_cast<uint32_t>((size_bytes + kBlockBytes - 1) / kBlockBytes); }
};

// ECMA-119 §9.1.4 holds 32-bit lengths; interchange level 3 (§10.3) records larger files as
// several extents, each but the last a whole number of blocks: parts of 4 GiB − 2048 bytes.
inline constexpr uint64_t kMaxExtentBytes = 0xFFFFF800ull;

// The file table index of every file node of the tree being laid out.
using FileIndex = std::unordered_map<const stage::FileTree::Node*, uint32_t>;

// One directory record (ECMA-119 §9.1) before serialization; its extent location and data
// length are looked up when the block is rendered.
struct DirectoryRecord {
  enum class Kind : uint8_t { kDirectory, kFile, kEmpty };  // kEmpty: symlink or CL placeholder
  std::string identifier;  // as written: "\0" ".", "\1" "..", d-characters or UCS-2 BE
  Kind kind = Kind::kFile;
  uint32_t target = 0;  // directory: index in Hierarchy::directories; file: file table index
  uint32_t part = 0;    // multi-extent files: which extent this record describes
  bool last_part = true;
  RecordDate date{};
  std::string system_use;  // SUSP entries, addresses resolved by resolveAddresses()
  bool directory() const { return kind == Kind::kDirectory; }
  size_t bytes() const;    // the whole record: §9.1 fixed part, identifier, padding, system use
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

// A block address inside a System Use field or a Continuation Area, known only once the image
// has placed every extent.
struct AddressFixup {
  enum class Target : uint8_t { kDirectory, kContinuation };
  bool in_continuation = false;  // else in directories[dir].records[record].system_use
  uint32_t dir = 0, record = 0;
  size_t offset = 0;             // of the 733 field in the record's system use or continuation
  Target target = Target::kDirectory;
  uint32_t value = 0;            // directory index, or continuation block index
};

struct Hierarchy {
  Flavor flavor = Flavor::kIso9660;
  std::vector<Directory> directories;  // path table order: directory number = index + 1
  uint32_t path_table_bytes = 0;       // §8.4.14, without the padding to a whole block
  std::vector<uint8_t> continuation;   // SUSP Continuation Areas, whole blocks
  uint32_t continuation_lba = 0;       // set by the image
  uint32_t empty_lba = 0;              // where 0-byte records point; set by the image
  std::vector<AddressFixup> fixups;

  size_t unitBytes() const { return flavor == Flavor::kJoliet ? 2 : 1; }
  uint32_t pathTableBlocks() const { return (path_table_bytes + kBlockBytes - 1) / kBlockBytes; }
  uint32_t continuationBlocks() const { return static_cast<uint32_t>(continuation.size() / kBlockBytes); }
};

struct HierarchyOptions {
  std::chrono::sys_seconds root_date{};  // the root directory's date; other dates are mtimes
  bool rock_ridge = false;               // ISO 9660 flavor only
  int iso_level = 2;                     // 1: 8.3 names; 3: multi-extent files
};

// Builds the hierarchy of `tree` for one flavor: names (iso_names.h or the Joliet names of
// joliet_name.h, with unique stand-ins for names Joliet cannot hold), §9.3 record order, §6.9.1
// directory numbering, records packed so none crosses a block boundary (§6.8.1.1).
// Errors: E_INVALIDARG if the directory count exceeds the 16-bit parent numbers of the path table
// (§9.4.4), a tree deeper than 8 levels without Rock Ridge, or a file too large for the level;
// IMAPI_E_BADJOLIETNAME for a name that needs Rock Ridge when it is off.
Result<Hierarchy> buildHierarchy(const stage::FileTree& tree, Flavor flavor,
                                 const FileIndex& file_index, const HierarchyOptions& options);

// Packs a directory's records into blocks: a record that would cross a block boundary starts the
// next block instead (§6.8.1.1), the rest of the block staying zero.
void packBlocks(Directory& dir);

// Writes the block addresses of CE, CL and PL entries. REQUIRES: directory LBAs and
// continuation_lba assigned.
void resolveAddresses(Hierarchy& hierarchy);

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
