// CDRWIN cue sheets as text: the parser that turns a .cue into a checked CueSheet value, or an error
// "file:line:column: what is wrong" naming the offending token. Understood: CATALOG, FILE "F"
// BINARY, TRACK nn AUDIO|MODE1/2048|MODE1/2352|MODE2/2352, INDEX nn mm:ss:ff, PREGAP, POSTGAP,
// ISRC, FLAGS (DCP, PRE, 4CH, SCMS), TITLE, PERFORMER, REM SESSION nn (multisession, the Redump
// convention); SONGWRITER, COMPOSER, ARRANGER, MESSAGE, CDTEXTFILE and other REM lines are read and
// ignored. Laying the tracks out on a disc is medium_image.cc's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vrec {

struct CuePlace {
  int line = 0;
  int column = 0;
};

enum class CueTrackMode : uint8_t { kAudio, kMode1Cooked, kMode1Raw, kMode2Raw };

struct CueIndex {
  uint8_t number = 0;
  int64_t frames = 0;  // position in the track's FILE, in sectors
  CuePlace place;
};

struct CueTrack {
  uint8_t number = 0;
  CueTrackMode mode = CueTrackMode::kAudio;
  size_t file = 0;  // index into CueSheet::files
  std::vector<CueIndex> indexes;  // ascending; the first is 00 or 01
  uint32_t pregap = 0;            // PREGAP: generated silence/zeros, not in the file
  uint32_t postgap = 0;
  std::string isrc;
  bool dcp = false;
  bool pre = false;
  bool four_channel = false;
  std::string title;
  std::string performer;
  uint16_t session = 1;
  CuePlace place;

  uint16_t sectorBytes() const { return mode == CueTrackMode::kMode1Cooked ? 2048 : 2352; }
  bool isData() const { return mode != CueTrackMode::kAudio; }
  int64_t firstFrame() const { return indexes.front().frames; }
  int64_t indexOneFrame() const;
};

struct CueFile {
  std::string name;
  CuePlace place;
};

struct CueSheet {
  std::string catalog;
  std::string title;
  std::string performer;
  std::vector<CueFile> files;
  std::vector<CueTrack> tracks;
};

struct CueParse {
  std::optional<CueSheet> sheet;
  std::string error;
  bool ok() const { return sheet.has_value(); }
};

// `name` is the path used in error messages.
CueParse parseCueSheet(std::string_view text, const std::string& name);

std::string_view cueTrackModeName(CueTrackMode mode);

}  // namespace vrec
