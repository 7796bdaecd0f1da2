// Importing a session's tree (see session_import.h): descriptors, directory extents, names.
#include "engine/layout/session_import.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <set>

#include "engine/base/os_error.h"
#include "engine/base/unique_fd.h"
#include "engine/layout/ecma119_fields.h"
#include "engine/layout/hierarchy.h"

namespace dm::layout {
namespace {

using Node = stage::FileTree::Node;

constexpr uint32_t kDescriptorOffset = 16;  // ECMA-119 §6.2.1
constexpr uint32_t kMaxDescriptors = 64;
constexpr uint32_t kMaxDirectoryBytes = 64u << 20;  // far beyond any real directory
constexpr uint8_t kFlagDirectory = 0x02;            // §9.1.6
constexpr uint8_t kFlagMultiExtent = 0x80;

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

Status damaged(uint32_t lba, std::string what) {
  Status s(ResultCode::kInvalidImage, fmt::format("block {}: {}", lba, what));
  s.context().lba = lba;
  return s;
}

// UCS-2 big-endian bytes as UTF-8 (Joliet identifiers; the BMP only, so no surrogate pairs).
std::string ucs2ToUtf8(std::string_view be) {
  std::string out;
  for (size_t i = 0; i + 1 < be.size(); i += 2) {
    const auto c = static_cast<uint32_t>(static_cast<uint8_t>(be[i]) << 8 | static_cast<uint8_t>(be[i + 1]));
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | c >> 6);
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | c >> 12);
      out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// A file identifier without its ";version" (§7.5.1) and, for ISO 9660 names, the '.' of a name
// without an extension.
std::string withoutVersion(std::string name, bool iso) {
  if (const size_t semi = name.rfind(';'); semi != std::string::npos) name.resize(semi);
  if (iso && !name.empty() && name.back() == '.') name.pop_back();
  return name;
}

struct RawRecord {
  uint32_t lba = 0;  // of the data: the extent's location plus its extended attribute record
  uint32_t size = 0;
  uint8_t flags = 0;
  std::chrono::sys_seconds date{};
  std::string identifier;
  std::vector<uint8_t> system_use;
};

class Importer {
 public:
  Importer(const BlockReader& read, bool rock_ridge, uint8_t skip, bool joliet)
      : read_(read), rock_ridge_(rock_ridge), skip_(skip), joliet_(joliet) {}

  Result<std::vector<RawRecord>> readDirectory(uint32_t lba, uint32_t size) const {
    if (size == 0 || size > kMaxDirectoryBytes) return damaged(lba, fmt::format("a directory of {} bytes", size));
    const uint32_t blocks = (size + kBlockBytes - 1) / kBlockBytes;
    std::vector<uint8_t> buf(size_t{blocks} * kBlockBytes);
    DM_TRY(read_(lba, blocks, buf));
    std::vector<RawRecord> out;
    for (uint32_t b = 0; b < blocks; ++b) {
      const uint8_t* block = buf.data() + size_t{b} * kBlockBytes;
      for (size_t off = 0; off < kBlockBytes;) {
        const uint8_t* p = block + off;
        const size_t len = p[0];
        if (len == 0) break;  // §6.8.1.1: the rest of the block is unused
        if (len < 34 || off + len > kBlockBytes || 33u + p[32] > len)
          return damaged(lba + b, fmt::format("a directory record of {} bytes at offset {}", len, off));
        RawRecord r;
        r.lba = le32(p + 2) + p[1];
        r.size = le32(p + 10);
        r.flags = p[25];
        r.date = parseRecordDate(std::span<const uint8_t>(p + 18, 7));
        r.identifier.assign(reinterpret_cast<const char*>(p + 33), p[32]);
        const size_t su = 33u + p[32] + (p[32] % 2 == 0 ? 1 : 0);
        if (su < len) r.system_use.assign(p + su, p + len);
        out.push_back(std::move(r));
        off += len;
      }
    }
    if (out.empty() || out.front().identifier != std::string(1, '\0'))
      return damaged(lba, "a directory extent that does not begin with its \".\" record");
    return out;
  }

  Result<RockRidgeFacts> facts(const RawRecord& r) const {
    if (!rock_ridge_) return RockRidgeFacts{};
    return readRockRidge(r.system_use, skip_, read_);
  }

  // Attributes of a node from its record and Rock Ridge facts.
  static void describe(Node& n, const RawRecord& r, const RockRidgeFacts& f) {
    n.mtime = f.mtime.value_or(r.date);
    n.atime = f.atime.value_or(n.mtime);
    n.ctime = f.ctime.value_or(n.mtime);
    n.uid = f.uid;
    n.gid = f.gid;
    if (f.mode) n.mode = *f.mode & 07777;
  }

  Status fill(Node& dir, uint32_t lba, uint32_t size, bool root) {
    if (!visiting_.insert(lba).second) return damaged(lba, "a directory that contains itself");
    DM_ASSIGN_OR_RETURN(std::vector<RawRecord> records, readDirectory(lba, size));
    {
      DM_ASSIGN_OR_RETURN(RockRidgeFacts self, facts(records.front()));
      const std::string keep = dir.name;
      describe(dir, records.front(), self);
      dir.name = keep;
    }
    std::optional<Node> open_file;  // a multi-extent file whose last part is still to come
    std::string open_id;
    for (size_t i = 1; i < records.size(); ++i) {
      const RawRecord& r = records[i];
      if (r.identifier == std::string(1, '\1')) continue;
      DM_ASSIGN_OR_RETURN(RockRidgeFacts f, facts(r));
      if (f.relocated) continue;  // shown where its CL placeholder is
      const bool is_dir = (r.flags & kFlagDirectory) != 0 || f.child_link.has_value();
      if (open_file && open_id == r.identifier && !is_dir) {
        // §6.5.1: the next part of the file. The layout writes parts of kMaxExtentBytes end to end.
        const uint64_t had = open_file->size_bytes;
        if (had % kMaxExtentBytes != 0 ||
            uint64_t{*open_file->disc_lba} + had / kBlockBytes != r.lba)
          return damaged(r.lba, fmt::format("'{}' is a multi-extent file whose parts do not lie end to end in "
                                            "parts of {} bytes; it cannot be carried into a new session",
                                            open_file->name, kMaxExtentBytes));
        open_file->size_bytes += r.size;
        if ((r.flags & kFlagMultiExtent) == 0) {
          dir.children.push_back(std::move(*open_file));
          open_file.reset();
        }
        continue;
      }
      if (open_file) return damaged(lba, fmt::format("multi-extent file '{}' has no last part", open_file->name));
      Node n;
      n.name = f.name ? *f.name : joliet_ ? withoutVersion(ucs2ToUtf8(r.identifier), false)
                                          : withoutVersion(r.identifier, true);
      if (n.name.empty() || n.name == "." || n.name == "..") continue;
      describe(n, r, f);
      const uint32_t type = f.mode.value_or(0) & S_IFMT;
      if (is_dir) {
        n.kind = stage::FileTree::Kind::kDirectory;
        if (!f.mode) n.mode = stage::FileTree::kDefaultDirectoryMode;
        uint32_t at = r.lba, bytes = r.size;
        if (f.child_link) {
          at = *f.child_link;
          DM_ASSIGN_OR_RETURN(std::vector<RawRecord> moved, readDirectory(at, kBlockBytes));
          bytes = moved.front().size;
          DM_ASSIGN_OR_RETURN(RockRidgeFacts self, facts(moved.front()));
          describe(n, moved.front(), self);
        }
        DM_TRY(fill(n, at, bytes, false));
      } else if (type == S_IFLNK || f.link_target) {
        n.kind = stage::FileTree::Kind::kSymlink;
        n.link_target = f.link_target.value_or("");
      } else if (type != 0 && type != S_IFREG) {
        continue;  // a device, fifo or socket: a FileTree holds none
      } else {
        n.kind = stage::FileTree::Kind::kFile;
        if (!f.mode) n.mode = stage::FileTree::kDefaultFileMode;
        n.size_bytes = r.size;
        n.disc_lba = r.lba;
        if ((r.flags & kFlagMultiExtent) != 0) {
          open_id = r.identifier;
          open_file = std::move(n);
          continue;
        }
      }
      dir.children.push_back(std::move(n));
    }
    if (open_file) return damaged(lba, fmt::format("multi-extent file '{}' has no last part", open_file->name));
    std::stable_sort(dir.children.begin(), dir.children.end(),
                     [](const Node& a, const Node& b) { return a.name < b.name; });
    // Names that collapse to one (versions, case-folded readers' leftovers): the first stays.
    dir.children.erase(std::unique(dir.children.begin(), dir.children.end(),
                                   [](const Node& a, const Node& b) { return a.name == b.name; }),
                       dir.children.end());
    if (root && rock_ridge_) {
      // The relocation directory, once its RE entries are skipped, holds nothing of the user's.
      std::erase_if(dir.children, [](const Node& c) {
        return c.isDirectory() && c.children.empty() &&
               (c.name == "rr_moved" || c.name == ".rr_moved" || c.name == "RR_MOVED");
      });
    }
    visiting_.erase(lba);
    return Status::Ok();
  }

 private:
  const BlockReader& read_;
  bool rock_ridge_;
  uint8_t skip_;
  bool joliet_;
  std::set<uint32_t> visiting_;
};

}  // namespace

Result<ImportedSession> importSession(const BlockReader& read, uint32_t session_start) {
  ImportedSession out;
  out.session_start = session_start;
  std::vector<uint8_t> block(kBlockBytes);
  std::vector<uint8_t> joliet_descriptor;
  bool terminated = false;
  for (uint32_t k = 0; k < kMaxDescriptors && !terminated; ++k) {
    const uint32_t lba = session_start + kDescriptorOffset + k;
    DM_TRY(read(lba, 1, block));
    if (std::string_view(reinterpret_cast<const char*>(block.data() + 1), 5) != "CD001") {
      if (k == 0) {
        Status s(ResultCode::kCannotWriteToMedia,
                 fmt::format("the last session (from block {}) holds no ISO 9660 file system: block {} is not a "
                             "volume descriptor, so there is no tree to append to",
                             session_start, lba));
        s.context().lba = lba;
        return s;
      }
      return damaged(lba, "the volume descriptor set ends without a terminator");
    }
    const uint8_t type = block[0];
    if (type == 1 && out.primary_descriptor.empty()) out.primary_descriptor = block;
    // §8.5 escape sequences %/@, %/C, %/E: Joliet UCS-2 levels 1–3.
    if (type == 2 && block[88] == '%' && block[89] == '/' && (block[90] == '@' || block[90] == 'C' || block[90] == 'E') &&
        joliet_descriptor.empty())
      joliet_descriptor = block;
    terminated = type == 255;
  }
  if (out.primary_descriptor.empty())
    return damaged(session_start + kDescriptorOffset, "the session has no primary volume descriptor");
  const uint8_t* pvd = out.primary_descriptor.data();
  out.volume_space_blocks = le32(pvd + 80);
  out.volume_id = trimmed(std::string(reinterpret_cast<const char*>(pvd + 40), 32));
  out.joliet = !joliet_descriptor.empty();
  if (out.joliet) {
    out.volume_id = trimmed(ucs2ToUtf8(std::string_view(reinterpret_cast<const char*>(joliet_descriptor.data() + 40), 32)));
  }

  const uint32_t root_lba = le32(pvd + 156 + 2) + pvd[156 + 1];
  const uint32_t root_bytes = le32(pvd + 156 + 10);
  // Rock Ridge is in use when the root's "." record starts with SP (SUSP §5.3).
  Importer probe(read, false, 0, false);
  DM_ASSIGN_OR_RETURN(std::vector<RawRecord> root_records, probe.readDirectory(root_lba, root_bytes));
  const std::optional<uint8_t> skip = suspSkipBytes(root_records.front().system_use);
  out.rock_ridge = skip.has_value();

  Node root;
  root.kind = stage::FileTree::Kind::kDirectory;
  if (out.rock_ridge || !out.joliet) {
    Importer importer(read, out.rock_ridge, skip.value_or(0), false);
    DM_TRY(importer.fill(root, root_lba, root_bytes, true));
  } else {
    const uint8_t* svd = joliet_descriptor.data();
    Importer importer(read, false, 0, true);
    DM_TRY(importer.fill(root, le32(svd + 156 + 2) + svd[156 + 1], le32(svd + 156 + 10), true));
  }
  out.tree = stage::FileTree::fromRoot(std::move(root));
  return out;
}

BlockReader imageFileReader(std::filesystem::path image, uint32_t first_lba) {
  return [image = std::move(image), first_lba](uint32_t lba, uint32_t count, std::span<uint8_t> out) -> Status {
    if (lba < first_lba || out.size() < size_t{count} * kBlockBytes)
      return fileStatus(image, fmt::format("'{}' holds blocks from {}; block {} was asked for", image.string(),
                                           first_lba, lba));
    UniqueFd fd(::open(image.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return osError(image, "read image", errno);
    const auto offset = static_cast<off_t>(uint64_t{lba - first_lba} * kBlockBytes);
    const size_t want = size_t{count} * kBlockBytes;
    size_t done = 0;
    while (done < want) {
      const ssize_t n = ::pread(fd.get(), out.data() + done, want - done, offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return osError(image, "read image", errno);
      if (n == 0)
        return fileStatus(image, fmt::format("'{}' ends before block {}", image.string(), lba + done / kBlockBytes));
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  };
}

}  // namespace dm::layout
