// Reading System Use fields back (SUSP 1.12, RRIP 1.12): the entries of one directory record,
// Continuation Areas followed, and the Rock Ridge facts they carry (name, mode, owner, times,
// link target, relocation). The counterpart of rock_ridge.h/susp_packing.h for discs written by
// us or by other mastering programs (genisoimage writes RRIP_1991A, xorriso IEEE_1282).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/base/result.h"

namespace dm::layout {

// Reads `count` 2048-byte blocks from absolute disc block `lba` into `out`.
using BlockReader = std::function<Status(uint32_t lba, uint32_t count, std::span<uint8_t> out)>;

// What a record's Rock Ridge entries say; absent entries stay empty.
struct RockRidgeFacts {
  bool any = false;                      // at least one RRIP entry was seen
  std::optional<std::string> name;       // NM, the parts joined
  std::optional<uint32_t> mode;          // PX st_mode (type and permission bits)
  uint32_t uid = 0, gid = 0;
  std::optional<std::chrono::sys_seconds> mtime, atime, ctime;  // TF modify, access, attributes
  std::optional<std::string> link_target;                      // SL, components joined by '/'
  std::optional<uint32_t> child_link;    // CL: where a relocated directory is
  bool relocated = false;                // RE: this record is the relocated directory itself
};

// The SP entry of the root's "." record, when present: Rock Ridge in use, and how many bytes
// every other System Use field starts with that belong to something else (SUSP §5.3).
std::optional<uint8_t> suspSkipBytes(std::span<const uint8_t> root_dot_system_use);

// Parses the entries of `system_use` (after `skip` bytes), following CE entries through `read`
// (at most a few dozen, so a looping chain ends). Unknown entries are ignored.
Result<RockRidgeFacts> readRockRidge(std::span<const uint8_t> system_use, uint8_t skip,
                                     const BlockReader& read);

// §9.1.5 7-byte date and §8.4.26.1 17-byte date as UTC.
std::chrono::sys_seconds parseRecordDate(std::span<const uint8_t> p);
std::chrono::sys_seconds parseVolumeDate(std::span<const uint8_t> p);

}  // namespace dm::layout
