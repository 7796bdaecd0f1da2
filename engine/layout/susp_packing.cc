// Packing a record's SUSP entries into its System Use field and Continuation Areas (see
// susp_packing.h).
#include "engine/layout/susp_packing.h"

#include <algorithm>

namespace dm::layout {
namespace {

constexpr size_t kMaxRecordBytes = 255;  // §9.1.1: one byte of length

void placeContinuation(Hierarchy& h, uint32_t dir, uint32_t record, std::vector<rr::Entry> entries, size_t room,
                       size_t& continuation_used) {
  // Pieces: the first stays in the field, each later one fills a Continuation Area inside one
  // block (SUSP: an area never crosses a block boundary); every piece but the last ends with a
  // CE pointing at the next.
  std::vector<std::vector<size_t>> pieces;
  size_t next = 0;
  size_t capacity = room;
  while (next < entries.size()) {
    size_t rest = 0;
    for (size_t i = next; i < entries.size(); ++i) rest += entries[i].bytes.size();
    std::vector<size_t> piece;
    const bool all_fit = !pieces.empty() && rest <= capacity;
    size_t used = 0;
    while (next < entries.size() && (all_fit || used + entries[next].bytes.size() + rr::kCeBytes <= capacity)) {
      used += entries[next].bytes.size();
      piece.push_back(next++);
    }
    pieces.push_back(std::move(piece));
    capacity = kBlockBytes;
  }
  struct Area {
    uint32_t block = 0;
    size_t offset = 0, bytes = 0;
  };
  std::vector<Area> areas(pieces.size());
  for (size_t k = 1; k < pieces.size(); ++k) {
    size_t bytes = k + 1 < pieces.size() ? rr::kCeBytes : 0;
    for (size_t i : pieces[k]) bytes += entries[i].bytes.size();
    if (h.continuation.empty() || continuation_used + bytes > kBlockBytes) {
      h.continuation.resize(h.continuation.size() + kBlockBytes, 0);
      continuation_used = 0;
    }
    areas[k] = {static_cast<uint32_t>(h.continuation.size() / kBlockBytes - 1), continuation_used, bytes};
    continuation_used += bytes;
  }
  std::string& field = h.directories[dir].records[record].system_use;
  for (size_t k = 0; k < pieces.size(); ++k) {
    const bool in_area = k > 0;
    size_t at = in_area ? size_t{areas[k].block} * kBlockBytes + areas[k].offset : field.size();
    auto put = [&](const rr::Entry& e) {
      if (e.fixup_at != std::string::npos)
        h.fixups.push_back({in_area, dir, record, at + e.fixup_at, AddressFixup::Target::kDirectory, e.fixup_target});
      if (in_area) {
        std::copy(e.bytes.begin(), e.bytes.end(), h.continuation.begin() + static_cast<std::ptrdiff_t>(at));
      } else {
        field += e.bytes;
      }
      at += e.bytes.size();
    };
    for (size_t i : pieces[k]) put(entries[i]);
    if (k + 1 < pieces.size()) {
      rr::Entry ce;
      ce.bytes.assign(rr::kCeBytes, '\0');
      ce.bytes.replace(0, 4, std::string{'C', 'E', static_cast<char>(rr::kCeBytes), 1});
      auto* p = reinterpret_cast<uint8_t*>(ce.bytes.data());
      put733(p + 12, static_cast<uint32_t>(areas[k + 1].offset));
      put733(p + 20, static_cast<uint32_t>(areas[k + 1].bytes));
      h.fixups.push_back({in_area, dir, record, at + 4, AddressFixup::Target::kContinuation, areas[k + 1].block});
      put(ce);
    }
  }
  if (field.size() % 2 != 0) field.push_back('\0');
}

}  // namespace

// Puts `entries` in the record's System Use field, what does not fit in Continuation Areas.
void packSystemUse(Hierarchy& h, uint32_t dir, uint32_t record, std::vector<rr::Entry> entries,
                   size_t& continuation_used) {
  DirectoryRecord& r = h.directories[dir].records[record];
  const size_t room = kMaxRecordBytes - 1 - r.bytes();  // keep the record length even
  size_t total = 0;
  for (const rr::Entry& e : entries) total += e.bytes.size();
  if (total > room) return placeContinuation(h, dir, record, std::move(entries), room, continuation_used);
  for (rr::Entry& e : entries) {
    if (e.fixup_at != std::string::npos)
      h.fixups.push_back({false, dir, record, r.system_use.size() + e.fixup_at, AddressFixup::Target::kDirectory, e.fixup_target});
    r.system_use += e.bytes;
  }
  if (r.system_use.size() % 2 != 0) r.system_use.push_back('\0');
}

}  // namespace dm::layout
