// The audio a `burn --audio` writes, opened and laid out: either one track per audio file, or the
// tracks a CDRWIN cue sheet cuts from its FILEs (WAVE/AIFF/FLAC/MP3 through libsndfile, BINARY as raw
// little-endian CD-DA or Mode 1 data), with the sheet's pregaps, indexes, ISRCs, flags, catalog
// number and CD-TEXT. It owns every source the burn reads; the DaoDisc and TaoTracks point into it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/burn/dao_layout.h"
#include "engine/burn/sector_source.h"
#include "engine/burn/tao_burner.h"

namespace dm::cli {

struct AudioTrackInfo {
  std::string source;       // file name, and the cut when a cue sheet names it
  std::string format;       // "FLAC, 16-bit PCM, 44100 Hz, 2 channels"
  std::string title, performer;
};

struct AudioDisc {
  std::vector<std::unique_ptr<burn::SectorSource>> owned;  // files, slices, paddings
  burn::DaoDisc dao;                                       // the tracks, Disc-At-Once
  std::vector<AudioTrackInfo> info;                        // one per track
  bool from_cue = false;
  std::vector<burn::TaoTrack> taoTracks() const;           // the same tracks, Track-At-Once
};

// One track per file, in order; every later track gets `gap_blocks` of pregap when burned DAO.
Result<AudioDisc> openAudioFiles(const std::vector<std::filesystem::path>& files, uint32_t gap_blocks);
// The tracks of a cue sheet; errors name the sheet's file:line:column or the file that fails.
Result<AudioDisc> openCueSheet(const std::filesystem::path& cue);

}  // namespace dm::cli
