// Opening the audio of `burn --audio` (see audio_sources.h).
#include "tools/discmaster/audio_sources.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "emulator/media/cdrwin_cue.h"
#include "engine/audio/audio_file_source.h"
#include "engine/audio/cd_text.h"
#include "engine/burn/file_sector_source.h"
#include "engine/burn/source_views.h"

namespace dm::cli {
namespace fs = std::filesystem;
namespace {

std::string place(const fs::path& cue, const vrec::CdrwinPlace& p) {
  return fmt::format("{}:{}:{}", cue.string(), p.line, p.column);
}

}  // namespace

std::vector<burn::TaoTrack> AudioDisc::taoTracks() const {
  std::vector<burn::TaoTrack> out;
  for (const burn::DaoTrack& d : dao.tracks) {
    burn::TaoTrack t;
    t.source = d.source;
    t.kind = d.kind;
    t.pre_emphasis = d.pre_emphasis;
    out.push_back(t);
  }
  return out;
}

Result<AudioDisc> openAudioFiles(const std::vector<fs::path>& files, uint32_t gap_blocks) {
  if (files.size() > 99) {
    return Status(ResultCode::kInvalidArgument, fmt::format("{} audio files: an audio CD holds at most 99 tracks", files.size()));
  }
  AudioDisc disc;
  for (const fs::path& path : files) {
    DM_ASSIGN_OR_RETURN(std::unique_ptr<audio::AudioFileSource> file, audio::AudioFileSource::open(path));
    disc.info.push_back({path.filename().string(), file->info().describe(), "", ""});
    burn::DaoTrack t;
    t.kind = burn::TrackKind::kAudio;
    t.pregap_blocks = gap_blocks;
    // Red Book tracks are at least 4 s: a shorter file is completed with silence.
    const uint32_t blocks = file->totalBlocks();
    t.source = file.get();
    disc.owned.push_back(std::move(file));
    if (blocks < burn::kMinimumTrackBlocks) {
      disc.owned.push_back(std::make_unique<burn::PaddedSource>(*t.source, burn::kMinimumTrackBlocks - blocks));
      t.source = disc.owned.back().get();
    }
    disc.dao.tracks.push_back(t);
  }
  return disc;
}

Result<AudioDisc> openCueSheet(const fs::path& cue) {
  std::ifstream in(cue, std::ios::binary);
  if (!in) return Status(ResultCode::kFileAccess, fmt::format("{}: cannot read the cue sheet", cue.string()));
  std::stringstream text;
  text << in.rdbuf();
  const vrec::CdrwinParse parsed = vrec::parseCdrwinSheet(text.str(), cue.string(), true);
  if (!parsed.ok()) return Status(ResultCode::kInvalidArgument, parsed.error);
  const vrec::CdrwinSheet& sheet = *parsed.sheet;

  AudioDisc disc;
  disc.from_cue = true;
  disc.dao.mcn = sheet.catalog;
  std::vector<const burn::SectorSource*> files;
  std::vector<std::string> formats;
  for (const vrec::CdrwinFile& f : sheet.files) {
    const fs::path path = cue.parent_path() / f.name;
    if (f.type == "BINARY") {
      // The block size depends on the tracks: the first track in the file decides.
      uint32_t bytes = 2352;
      for (const vrec::CdrwinTrack& t : sheet.tracks)
        if (&sheet.files[t.file] == &f) {
          bytes = t.sectorBytes();
          break;
        }
      auto source = burn::FileSectorSource::open(path, bytes);
      if (!source) return Status(source.error().code(), fmt::format("{}: {}", place(cue, f.place), source.error().message()));
      disc.owned.push_back(std::make_unique<burn::FileSectorSource>(std::move(*source)));
      formats.push_back(fmt::format("BINARY, {}-byte sectors", bytes));
    } else {
      auto source = audio::AudioFileSource::open(path);
      if (!source) return Status(source.error().code(), fmt::format("{}: {}", place(cue, f.place), source.error().message()));
      formats.push_back((*source)->info().describe());
      disc.owned.push_back(std::move(*source));
    }
    files.push_back(disc.owned.back().get());
  }

  audio::CdText cd_text;
  cd_text.album_title = sheet.title;
  cd_text.album_performer = sheet.performer;
  for (size_t i = 0; i < sheet.tracks.size(); ++i) {
    const vrec::CdrwinTrack& t = sheet.tracks[i];
    if (t.mode == vrec::CdrwinTrackMode::kMode1Raw || t.mode == vrec::CdrwinTrackMode::kMode2Raw) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("{}: track {} is {}: burning takes AUDIO and MODE1/2048 tracks", place(cue, t.place),
                                t.number, vrec::cdrwinTrackModeName(t.mode)));
    }
    const burn::SectorSource& file = *files[t.file];
    // The track runs from its first index in the file to the next track's in the same file, or to
    // the file's end.
    const int64_t begin = t.firstFrame();
    int64_t end = file.totalBlocks();
    if (i + 1 < sheet.tracks.size() && sheet.tracks[i + 1].file == t.file) end = sheet.tracks[i + 1].firstFrame();
    if (begin >= end || end > static_cast<int64_t>(file.totalBlocks())) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("{}: track {} starts at block {} but its file holds {} blocks", place(cue, t.place), t.number,
                                begin, file.totalBlocks()));
    }
    disc.owned.push_back(std::make_unique<burn::SliceSource>(file, static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin)));
    const burn::SectorSource* source = disc.owned.back().get();
    if (t.postgap > 0) {
      disc.owned.push_back(std::make_unique<burn::PaddedSource>(*source, t.postgap));
      source = disc.owned.back().get();
    }
    burn::DaoTrack d;
    d.source = source;
    d.kind = t.isData() ? burn::TrackKind::kDataMode1 : burn::TrackKind::kAudio;
    d.pregap_blocks = t.pregap;
    d.source_pregap_blocks = static_cast<uint32_t>(t.indexOneFrame() - begin);
    for (const vrec::CdrwinIndex& index : t.indexes)
      if (index.number >= 2) d.index_offsets.push_back(static_cast<uint32_t>(index.frames - t.indexOneFrame()));
    d.isrc = t.isrc;
    d.pre_emphasis = t.pre;
    d.copy_permitted = t.dcp;
    if (i == 0 && (d.source_pregap_blocks > 0 || t.pregap > burn::kFirstPregapBlocks)) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("{}: track 1 has more than the 2-second pregap (a hidden track before track 1 is not "
                                "written)",
                                place(cue, t.place)));
    }
    if (i == 0) d.pregap_blocks = burn::kFirstPregapBlocks;
    disc.dao.tracks.push_back(d);
    disc.info.push_back({fmt::format("{} @{}", sheet.files[t.file].name, begin), formats[t.file], t.title, t.performer});
    cd_text.track_titles.push_back(t.title);
    cd_text.track_performers.push_back(t.performer);
  }
  disc.dao.cd_text_packs = audio::cdTextPacks(cd_text, 1);
  return disc;
}

}  // namespace dm::cli
