// Building one directory hierarchy and rendering its records and path tables (see hierarchy.h).
#include "engine/layout/hierarchy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "engine/layout/iso_names.h"
#include "engine/stage/joliet_name.h"

namespace dm::layout {
namespace {

using Node = stage::FileTree::Node;

// §9.4.4: the parent directory number is a 16-bit field, so at most 65535 directories.
constexpr size_t kMaxDirectories = 0xFFFF;

// §9.1: 33 fixed bytes, the identifier, and a padding byte when the identifier length is even
// (§9.1.12), which keeps every record an even length.
size_t recordBytes(size_t identifier_bytes) {
  return 33 + identifier_bytes + (identifier_bytes % 2 == 0 ? 1 : 0);
}

// §9.4: 8 fixed bytes, the identifier, and a padding byte when its length is odd (§9.4.6).
size_t pathRecordBytes(size_t identifier_bytes) {
  return 8 + identifier_bytes + (identifier_bytes % 2 != 0 ? 1 : 0);
}

Result<std::vector<std::string>> childIdentifiers(const Node& dir, Flavor flavor,
                                                  const std::string& tree_path) {
  std::vector<std::string> ids;
  ids.reserve(dir.children.size());
  if (flavor == Flavor::kIso9660) {
    std::vector<IsoNameRequest> requests;
    requests.reserve(dir.children.size());
    for (const Node& c : dir.children) requests.push_back({c.name, c.isDirectory()});
    return isoIdentifiers(requests);
  }
  for (const Node& c : dir.children) {
    Result<std::u16string> units = stage::jolietName(c.name);
    if (!units.ok()) return units.error().withPrefix(fmt::format("'{}/{}'", tree_path, c.name));
    ids.push_back(stage::ucs2BigEndian(*units));
  }
  return ids;
}

// Packs the records into blocks: a record that would cross a block boundary starts the next
// block instead (§6.8.1.1), the rest of the block staying zero.
void packBlocks(Directory& dir) {
  dir.block_first_record.assign(1, 0);
  size_t offset = 0;
  for (uint32_t i = 0; i < dir.records.size(); ++i) {
    const size_t len = recordBytes(dir.records[i].identifier.size());
    if (offset + len > kBlockBytes) {
      dir.block_first_record.push_back(i);
      offset = 0;
    }
    offset += len;
  }
}

void writeRecord(const DirectoryRecord& r, uint32_t lba, uint32_t data_bytes, uint8_t* p) {
  const size_t id_len = r.identifier.size();
  const size_t len = recordBytes(id_len);
  std::memset(p, 0, len);
  p[0] = static_cast<uint8_t>(len);                   // §9.1.1 length of directory record
  p[1] = 0;                                           // §9.1.2 no extended attribute record
  put733(p + 2, lba);                                 // §9.1.3 location of extent
  put733(p + 10, data_bytes);                         // §9.1.4 data length
  std::memcpy(p + 18, r.date.data(), r.date.size());  // §9.1.5 recording date and time
  p[25] = r.directory ? 0x02 : 0x00;                  // §9.1.6 file flags: bit 1 = directory
  p[26] = 0;                                          // §9.1.7 file unit size: not interleaved
  p[27] = 0;                                          // §9.1.8 interleave gap size
  put723(p + 28, 1);                                  // §9.1.9 volume sequence number
  p[32] = static_cast<uint8_t>(id_len);               // §9.1.10 length of file identifier
  std::memcpy(p + 33, r.identifier.data(), id_len);   // §9.1.11 (padding byte stays 0)
}

}  // namespace

Result<Hierarchy> buildHierarchy(const stage::FileTree& tree, Flavor flavor,
                                 const FileIndex& file_index, std::chrono::sys_seconds root_date) {
  Hierarchy h;
  h.flavor = flavor;
  std::vector<const Node*> nodes{&tree.root()};
  std::vector<std::string> paths{""};
  h.directories.push_back(Directory{std::string(1, '\0'), 0, recordDate(root_date), {}, {}, 0});

  // Breadth first, each directory's subdirectories appended in identifier order: that is the
  // §6.9.1 path table order (by level, then parent number, then identifier).
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    const Node& node = *nodes[i];
    DM_ASSIGN_OR_RETURN(std::vector<std::string> ids, childIdentifiers(node, flavor, paths[i]));
    std::vector<size_t> order(ids.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return compareIdentifiers(ids[a], node.children[a].isDirectory(), ids[b],
                                node.children[b].isDirectory(), h.unitBytes()) < 0;
    });

    std::vector<DirectoryRecord> records;
    records.reserve(order.size() + 2);
    const uint32_t parent = h.directories[i].parent;
    records.push_back({std::string(1, '\0'), true, i, h.directories[i].date});            // "."
    records.push_back({std::string(1, '\1'), true, parent, h.directories[parent].date});  // ".."
    for (size_t k : order) {
      const Node& child = node.children[k];
      const RecordDate date = recordDate(child.mtime);
      if (child.isDirectory()) {
        if (h.directories.size() >= kMaxDirectories)
          return Status(ResultCode::kInvalidArgument,
                        fmt::format("more than {} folders: the path table's parent numbers are "
                                    "16-bit (ECMA-119 §9.4.4)",
                                    kMaxDirectories));
        const auto index = static_cast<uint32_t>(h.directories.size());
        h.directories.push_back(Directory{ids[k], i, date, {}, {}, 0});
        nodes.push_back(&child);
        paths.push_back(paths[i] + "/" + child.name);
        records.push_back({std::move(ids[k]), true, index, date});
      } else {
        records.push_back({std::move(ids[k]), false, file_index.at(&child), date});
      }
    }
    h.directories[i].records = std::move(records);
    packBlocks(h.directories[i]);
  }

  uint64_t table_bytes = 0;
  for (const Directory& d : h.directories) table_bytes += pathRecordBytes(d.identifier.size());
  h.path_table_bytes = static_cast<uint32_t>(table_bytes);  // ≤ 65535 × 138 bytes: fits
  return h;
}

std::vector<uint8_t> renderPathTable(const Hierarchy& h, bool big_endian) {
  std::vector<uint8_t> out(size_t{h.pathTableBlocks()} * kBlockBytes, 0);
  size_t offset = 0;
  for (const Directory& d : h.directories) {
    uint8_t* p = out.data() + offset;
    p[0] = static_cast<uint8_t>(d.identifier.size());  // §9.4.1 length of directory identifier
    p[1] = 0;                                          // §9.4.2 extended attribute record length
    const auto parent_number = static_cast<uint16_t>(d.parent + 1);
    if (big_endian) {
      put732(p + 2, d.lba);          // §9.4.3 location of extent
      put722(p + 6, parent_number);  // §9.4.4 parent directory number
    } else {
      put731(p + 2, d.lba);
      put721(p + 6, parent_number);
    }
    std::memcpy(p + 8, d.identifier.data(), d.identifier.size());  // §9.4.5, §9.4.6 pad = 0
    offset += pathRecordBytes(d.identifier.size());
  }
  return out;
}

void renderDirectoryBlock(const Hierarchy& h, uint32_t dir, uint32_t block,
                          std::span<const FileExtent> files, std::span<uint8_t> out) {
  std::memset(out.data(), 0, kBlockBytes);
  const Directory& d = h.directories[dir];
  const uint32_t first = d.block_first_record[block];
  const uint32_t end = block + 1 < d.blocks() ? d.block_first_record[block + 1]
                                              : static_cast<uint32_t>(d.records.size());
  size_t offset = 0;
  for (uint32_t i = first; i < end; ++i) {
    const DirectoryRecord& r = d.records[i];
    uint32_t lba = 0;
    uint32_t bytes = 0;
    if (r.directory) {
      lba = h.directories[r.target].lba;
      bytes = h.directories[r.target].dataBytes();
    } else {
      lba = files[r.target].lba;
      bytes = files[r.target].size_bytes;
    }
    writeRecord(r, lba, bytes, out.data() + offset);
    offset += recordBytes(r.identifier.size());
  }
}

std::array<uint8_t, 34> rootDirectoryRecord(const Hierarchy& h) {
  std::array<uint8_t, 34> out{};
  const Directory& root = h.directories.front();
  writeRecord(root.records.front(), root.lba, root.dataBytes(), out.data());
  return out;
}

}  // namespace dm::layout
