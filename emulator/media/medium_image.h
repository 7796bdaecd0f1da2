// Pre-recorded discs made from images (`--medium-image F`, DESIGN.md): an ISO becomes one
// finalised session with one Mode 1 data track of the image's 2048-byte blocks; a cue sheet with
// its BIN files becomes the tracks it describes — audio, Mode 1 (2048 or raw 2352) and Mode 2 raw
// tracks with their index points, generated PREGAP/POSTGAP, ISRC, MCN (CATALOG), flags, and
// TITLE/PERFORMER as CD-TEXT packs — written session-at-once, one session per REM SESSION.
// Layout on the disc: each session's first track has the implicit 2-second pregap before its
// first file sector (track 1: LBA -150..-1; later sessions follow the previous lead-out and the
// new lead-in, mmc.md §1.3); later tracks follow without gaps. Files are read block by block into
// the sparse store, never whole. Errors name the file (and for cue sheets line:column) and what is
// wrong: a missing or short BIN, a BIN of the wrong size, a disc larger than the medium.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "emulator/media/medium.h"

namespace vrec {

struct MediumImageLoad {
  std::optional<Medium> medium;  // set on success
  std::string error;
  bool ok() const { return medium.has_value(); }
};

class MediumImage {
 public:
  // By suffix (.iso, .cue; any case). `kind`: the medium to record on; nullopt picks the smallest
  // CD-R kind the image fits on.
  static MediumImageLoad load(const std::filesystem::path& path, std::optional<MediumKind> kind);
  static MediumImageLoad loadIso(const std::filesystem::path& path, std::optional<MediumKind> kind);
  static MediumImageLoad loadCue(const std::filesystem::path& path, std::optional<MediumKind> kind);
  // The disc as if its last session had been closed with a next one allowed (multisession, page 05
  // 11b): appendable instead of complete. Returns an error when it has no room for another session.
  static std::optional<std::string> leaveAppendable(Medium& medium);

 private:
  // Picks the kind (or checks the given one) for a disc whose last lead-out starts at `lead_out`.
  static std::optional<MediumKind> fitKind(uint32_t lead_out, std::optional<MediumKind> kind, std::string& error,
                                           const std::string& what);
};

}  // namespace vrec
