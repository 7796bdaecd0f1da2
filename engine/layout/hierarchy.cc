// Rendering one directory hierarchy's records and path tables, and resolving the addresses in
// its System Use entries (see hierarchy.h). Building it is in hierarchy_build.cc.
#include "engine/layout/hierarchy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>


namespace dm::layout {
namespace {

// §9.1: 33 fixed bytes, the identifier, and a padding byte when the identifier length is even
// (§9.1.12), which keeps every record an even length.
size_t recordBytes(size_t identifier_bytes) {
  return 33 + identifier_bytes + (identifier_bytes % 2 == 0 ? 1 : 0);
}

// §9.4: 8 fixed bytes, the identifier, and a padding byte when its length is odd (§9.4.6).
size_t pathRecordBytes(size_t identifier_bytes) {
  return 8 + identifier_bytes + (identifier_bytes % 2 != 0 ? 1 : 0);
}

void writeRecord(const DirectoryRecord& r, uint32_t lba, uint32_t data_bytes, uint8_t* p) {
  const size_t id_len = r.identifier.size();
  const size_t len = r.bytes();
  std::memset(p, 0, len);
  p[0] = static_cast<uint8_t>(len);                   // §9.1.1 length of directory record
  p[1] = 0;                                           // §9.1.2 no extended attribute record
  put733(p + 2, lba);                                 // §9.1.3 location of extent
  put733(p + 10, data_bytes);                         // §9.1.4 data length
  std::memcpy(p + 18, r.date.data(), r.date.size());  // §9.1.5 recording date and time
  // §9.1.6 file flags: bit 1 directory, bit 7 "not the final record of the file" (multi-extent)
  p[25] = static_cast<uint8_t>((r.directory() ? 0x02 : 0x00) | (r.last_part ? 0x00 : 0x80));
  p[26] = 0;                                          // §9.1.7 file unit size: not interleaved
  p[27] = 0;                                          // §9.1.8 interleave gap size
  put723(p + 28, 1);                                  // §9.1.9 volume sequence number
  p[32] = static_cast<uint8_t>(id_len);               // §9.1.10 length of file identifier
  std::memcpy(p + 33, r.identifier.data(), id_len);   // §9.1.11 (padding byte stays 0)
  std::memcpy(p + recordBytes(id_len), r.system_use.data(), r.system_use.size());  // §9.1.13
}

}  // namespace

size_t DirectoryRecord::bytes() const { return recordBytes(identifier.size()) + system_use.size(); }

void packBlocks(Directory& dir) {
  dir.block_first_record.assign(1, 0);
  size_t offset = 0;
  for (uint32_t i = 0; i < dir.records.size(); ++i) {
    const size_t len = dir.records[i].bytes();
    if (offset + len > kBlockBytes) {
      dir.block_first_record.push_back(i);
      offset = 0;
    }
    offset += len;
  }
}

void resolveAddresses(Hierarchy& h) {
  for (const AddressFixup& f : h.fixups) {
    const uint32_t lba = f.target == AddressFixup::Target::kDirectory ? h.directories[f.value].lba
                                                                      : h.continuation_lba + f.value;
    uint8_t* at = f.in_continuation
                      ? h.continuation.data() + f.offset
                      : reinterpret_cast<uint8_t*>(h.directories[f.dir].records[f.record].system_use.data()) + f.offset;
    put733(at, lba);
  }
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
    uint32_t lba = h.empty_lba;
    uint32_t bytes = 0;
    if (r.kind == DirectoryRecord::Kind::kDirectory) {
      lba = h.directories[r.target].lba;
      bytes = h.directories[r.target].dataBytes();
    } else if (r.kind == DirectoryRecord::Kind::kFile) {
      const FileExtent& f = files[r.target];
      const uint64_t skipped = uint64_t{r.part} * kMaxExtentBytes;
      lba = f.size_bytes == 0 ? h.empty_lba : f.lba + static_cast<uint32_t>(skipped / kBlockBytes);
      bytes = static_cast<uint32_t>(std::min(f.size_bytes - skipped, r.last_part ? f.size_bytes : kMaxExtentBytes));
    }
    writeRecord(r, lba, bytes, out.data() + offset);
    offset += r.bytes();
  }
}

std::array<uint8_t, 34> rootDirectoryRecord(const Hierarchy& h) {
  // The descriptor's copy is the bare 34-byte record: the System Use field stays in the extent.
  DirectoryRecord dot = h.directories.front().records.front();
  dot.system_use.clear();
  std::array<uint8_t, 34> out{};
  const Directory& root = h.directories.front();
  writeRecord(dot, root.lba, root.dataBytes(), out.data());
  return out;
}

}  // namespace dm::layout
