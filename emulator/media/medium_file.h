// Medium files: a virtual disc kept between runs (`--medium-file F`). The format is a small
// versioned binary, little-endian, written whole and read whole:
//   magic "VRECDISC" (8 bytes), u32 version (4; version 2 files, which lack the DVD fields, and
//             version 3 files, which lack the BD field, load)
//   kind:     u8 name length, name bytes ("cd-r80", the --medium spelling: renumbering the
//             MediumKind enum never breaks a file)
//   u8 finalized
//   DVD (version 3): u8 formatted (DVD+RW, BD-RE), u8 background format status (0-3, mmc.md §2.2)
//   BD (version 4): u32 formatted capacity (blocks a BD format left for user data; 0: never
//             formatted), u8 pseudo-overwrite (BD-R formatted SRM+POW)
//   catalog:  u8 MCN length, MCN bytes; u32 CD-TEXT length, CD-TEXT pack bytes
//   sessions: u32 count, then per session u16 number, u16 first_track, u16 last_track, u8 closed,
//             i32 lead_in_lba, i32 lead_out_lba
//   tracks:   u32 count, then per track u16 number, u16 session, i32 start_lba,
//             u32 recorded_sectors, u16 block_bytes, u8 control, u8 closed, u8 damaged,
//             i32 pregap_lba, u8 index count + i32 per index (2, 3, …), u8 ISRC length + bytes,
//             u8 data_mode, u8 pre_emphasis, u8 session_at_once
//   blocks:   u64 count, then per recorded block (ascending LBA) i32 lba, u16 length, bytes
//   optional, for raw-written discs: magic "VRECSUBC", u64 count, then per block i32 lba, u16
//             length (96), the P-W sub-channel bytes
//   magic "VRECDEND" (8 bytes)
// Only recorded blocks are stored (the sparse store), so a blank disc is ~40 bytes and a small
// burn is about its data. A DVD or BD track's framing (no pregap, no run-out) follows from the kind. Loading checks every count and length against the file's size and the
// medium's limits; a bad file is an error value naming the file and what is wrong, never an
// exception.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "emulator/media/medium.h"

namespace vrec {

inline constexpr uint32_t kMediumFileVersion = 4;
inline constexpr uint32_t kMediumFileOldestVersion = 2;

struct MediumFileLoad {
  std::optional<Medium> medium;  // set on success
  std::string error;             // "path: what is wrong" on failure
  bool ok() const { return medium.has_value(); }
};

class MediumFile {
 public:
  // Writes `medium` to `path` (replacing it). Returns an error message on failure.
  static std::optional<std::string> save(const Medium& medium, const std::filesystem::path& path);
  // Reads a medium file.
  static MediumFileLoad load(const std::filesystem::path& path);
};

}  // namespace vrec
