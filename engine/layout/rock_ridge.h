// Rock Ridge (RRIP 1.12, IEEE P1282) on the System Use Sharing Protocol (SUSP 1.12, IEEE P1281):
// the System Use entries that carry POSIX names, attributes, times, symbolic links and the
// relocation of deep directories in the ISO 9660 hierarchy, and the packing of a record's entries
// into its System Use field with Continuation Areas when they do not fit.
//
// Every entry is at most 255 bytes (its length field is one byte), so long names (NM) and long
// link targets (SL) are split over several entries with the CONTINUE flag. Entries whose values
// are block addresses not yet known when the hierarchy is built (CE, CL, PL) are written with 0
// and a Fixup saying what goes there; the image resolves them once every extent has its place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dm::layout::rr {

// PX (RRIP §4.1.1): st_mode with its type bits, links, owner and the file serial number.
struct Attributes {
  uint32_t mode = 0;  // S_IFDIR/S_IFREG/S_IFLNK | permission bits
  uint32_t links = 1;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t ino = 0;
  std::chrono::sys_seconds ctime{}, mtime{}, atime{};
};

// One entry's bytes; `fixup_at` is the offset of a block address to fill in later (or npos).
struct Entry {
  std::string bytes;
  size_t fixup_at = std::string::npos;
  uint32_t fixup_target = 0;  // what the address is: a directory index (CL, PL)
};

Entry sp();                               // SUSP §5.3: in the root's "." record, first
Entry er();                               // SUSP §5.5: names RRIP 1.12 (IEEE_P1282)
Entry px(const Attributes& a);            // RRIP §4.1.1, 44 bytes (with the serial number)
Entry tf(const Attributes& a);            // RRIP §4.1.6: creation, modify, access, attributes
std::vector<Entry> nm(std::string_view name);     // RRIP §4.1.4, split at 250 bytes
std::vector<Entry> sl(std::string_view target);   // RRIP §4.1.3, components, split as needed
Entry cl(uint32_t directory);             // RRIP §4.1.5.1: where a relocated directory went
Entry pl(uint32_t directory);             // RRIP §4.1.5.2: the original parent
Entry re();                               // RRIP §4.1.5.3: this is a relocated directory

// SUSP §5.1 CE: 28 bytes; location, offset and length are filled in by the packing.
inline constexpr size_t kCeBytes = 28;

}  // namespace dm::layout::rr
