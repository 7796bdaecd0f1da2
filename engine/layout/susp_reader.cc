// Reading SUSP / Rock Ridge entries back (see susp_reader.h).
#include "engine/layout/susp_reader.h"

#include <fmt/format.h>

#include <array>
#include <cstring>

namespace dm::layout {
namespace {

// A chain of Continuation Areas longer than this is taken to loop.
constexpr int kMaxContinuations = 64;

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

std::chrono::sys_seconds fromFields(int year, unsigned month, unsigned day, int hour, int minute, int second,
                                    int offset_quarters) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::chrono::sys_seconds{};
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return std::chrono::sys_seconds{days} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} - std::chrono::minutes{15 * offset_quarters};
}

int digits(const uint8_t* p, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) v = v * 10 + (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : 0);
  return v;
}

struct Parser {
  const BlockReader& read;
  RockRidgeFacts facts;
  bool name_continues = false;
  bool link_separator = false;  // the next SL component starts a new path element
  std::vector<std::array<uint32_t, 3>> continuations;  // block, offset, length

  void entry(const uint8_t* e, size_t len) {
    const std::string_view sig(reinterpret_cast<const char*>(e), 2);
    if (sig == "CE" && len >= 28) {
      continuations.push_back({le32(e + 4), le32(e + 12), le32(e + 20)});
    } else if (sig == "NM" && len >= 5) {
      facts.any = true;
      const uint8_t flags = e[4];
      if ((flags & 0x06) != 0) return;  // "." or "..": not a name
      std::string part(reinterpret_cast<const char*>(e + 5), len - 5);
      facts.name = (name_continues && facts.name ? *facts.name : std::string()) + part;
      name_continues = (flags & 0x01) != 0;
    } else if (sig == "PX" && len >= 36) {
      facts.any = true;
      facts.mode = le32(e + 4);
      facts.uid = le32(e + 20);
      facts.gid = le32(e + 28);
    } else if (sig == "TF" && len >= 5) {
      facts.any = true;
      const uint8_t flags = e[4];
      const size_t size = (flags & 0x80) != 0 ? 17 : 7;
      size_t at = 5;
      for (int bit = 0; bit < 7; ++bit) {
        if ((flags & (1u << bit)) == 0) continue;
        if (at + size > len) break;
        const std::span<const uint8_t> stamp(e + at, size);
        const auto t = size == 17 ? parseVolumeDate(stamp) : parseRecordDate(stamp);
        if (bit == 1) facts.mtime = t;
        if (bit == 2) facts.atime = t;
        if (bit == 3) facts.ctime = t;
        at += size;
      }
    } else if (sig == "SL" && len >= 5) {
      facts.any = true;
      std::string target = facts.link_target.value_or("");
      for (size_t at = 5; at + 2 <= len;) {
        const uint8_t cflags = e[at];
        const size_t clen = e[at + 1];
        if (at + 2 + clen > len) break;
        if ((cflags & 0x08) != 0) {
          target += '/';
          link_separator = false;
        } else {
          if (link_separator) target += '/';
          if ((cflags & 0x02) != 0) target += '.';
          else if ((cflags & 0x04) != 0) target += "..";
          else target.append(reinterpret_cast<const char*>(e + at + 2), clen);
          link_separator = (cflags & 0x01) == 0;
        }
        at += 2 + clen;
      }
      facts.link_target = target;
    } else if (sig == "CL" && len >= 12) {
      facts.any = true;
      facts.child_link = le32(e + 4);
    } else if (sig == "RE") {
      facts.any = true;
      facts.relocated = true;
    }
  }

  // Returns false at an ST entry (the end of the System Use entries).
  bool area(const uint8_t* p, size_t bytes) {
    size_t at = 0;
    while (at + 4 <= bytes) {
      const size_t len = p[at + 2];
      if (len < 4 || at + len > bytes) break;  // padding or a damaged entry: the area ends
      if (p[at] == 'S' && p[at + 1] == 'T') return false;
      entry(p + at, len);
      at += len;
    }
    return true;
  }
};

}  // namespace

std::chrono::sys_seconds parseRecordDate(std::span<const uint8_t> p) {
  if (p.size() < 7) return std::chrono::sys_seconds{};
  return fromFields(1900 + p[0], p[1], p[2], p[3], p[4], p[5], static_cast<int8_t>(p[6]));
}

std::chrono::sys_seconds parseVolumeDate(std::span<const uint8_t> p) {
  if (p.size() < 17) return std::chrono::sys_seconds{};
  return fromFields(digits(&p[0], 4), static_cast<unsigned>(digits(&p[4], 2)), static_cast<unsigned>(digits(&p[6], 2)),
                    digits(&p[8], 2), digits(&p[10], 2), digits(&p[12], 2), static_cast<int8_t>(p[16]));
}

std::optional<uint8_t> suspSkipBytes(std::span<const uint8_t> su) {
  if (su.size() >= 7 && su[0] == 'S' && su[1] == 'P' && su[2] >= 7 && su[4] == 0xBE && su[5] == 0xEF) return su[6];
  return std::nullopt;
}

Result<RockRidgeFacts> readRockRidge(std::span<const uint8_t> system_use, uint8_t skip, const BlockReader& read) {
  Parser parser{read, {}, false, false, {}};
  if (skip >= system_use.size()) return parser.facts;
  bool more = parser.area(system_use.data() + skip, system_use.size() - skip);
  std::vector<uint8_t> block(2048);
  for (int n = 0; more && !parser.continuations.empty(); ++n) {
    if (n == kMaxContinuations)
      return Status(ResultCode::kInvalidImage, "Rock Ridge continuation areas form a loop");
    const auto [lba, offset, length] = parser.continuations.front();
    parser.continuations.erase(parser.continuations.begin());
    const uint64_t end = uint64_t{offset} + length;
    const auto blocks = static_cast<uint32_t>((end + 2047) / 2048);
    if (blocks == 0 || blocks > 16)
      return Status(ResultCode::kInvalidImage, fmt::format("a Rock Ridge continuation area at block {} has {} "
                                                           "bytes from offset {}", lba, length, offset));
    block.assign(size_t{blocks} * 2048, 0);
    DM_TRY(read(lba, blocks, block));
    more = parser.area(block.data() + offset, length);
  }
  return parser.facts;
}

}  // namespace dm::layout
