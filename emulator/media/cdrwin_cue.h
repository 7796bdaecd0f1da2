// CDRWIN cue sheets as text: the parser that turns a .cue into a checked CdrwinSheet value, or an error
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

struct CdrwinPlace {
  int line = 0;
  int column = 0;
};

enum class CdrwinTrackMode : uint8_t { kAudio, kMode1Cooked, kMode1Raw, kMode2Raw };

struct CdrwinIndex {
  uint8_t number = 0;
  int64_t frames = 0;  // position in the track's FILE, in sectors
  CdrwinPlace place;
};

struct CdrwinTrack {
  uint8_t number = 0;
  CdrwinTrackMode mode = CdrwinTrackMode::kAudio;
  size_t file = 0;  // index into CdrwinSheet::files
  std::vector<CdrwinIndex> indexes;  // ascending; the first is 00 or 01
  uint32_t pregap = 0;            // PREGAP: generated silence/zeros, not in the file
  uint32_t postgap = 0;
  std::string isrc;
  bool dcp = false;
  bool pre = false;
  bool four_channel = false;
  std::string title;
  std::string performer;
  uint16_t session = 1;
  CdrwinPlace place;

  uint16_t sectorBytes() const { return mode == CdrwinTrackMode::kMode1Cooked ? 2048 : 2352; }
  bool isData() const { return mode != CdrwinTrackMode::kAudio; }
  int64_t firstFrame() const { return indexes.front().frames; }
  int64_t indexOneFrame() const;
};

struct CdrwinFile {
  std::string name;
  CdrwinPlace place;
  std::string type = "BINARY";  // BINARY, or an audio file type when the caller allows them
};

struct CdrwinSheet {
  std::string catalog;
  std::string title;
  std::string performer;
  std::vector<CdrwinFile> files;
  std::vector<CdrwinTrack> tracks;
};

struct CdrwinParse {
  std::optional<CdrwinSheet> sheet;
  std::string error;
  bool ok() const { return sheet.has_value(); }
};

// `name` is the path used in error messages. With `audio_files`, FILE may also name WAVE, AIFF,
// FLAC or MP3 files (their tracks must be AUDIO; positions count 588-frame blocks of the decoded
// audio): a burner reading audio files asks for that, a disc image does not.
CdrwinParse parseCdrwinSheet(std::string_view text, const std::string& name, bool audio_files = false);

std::string_view cdrwinTrackModeName(CdrwinTrackMode mode);

}  // namespace vrec
