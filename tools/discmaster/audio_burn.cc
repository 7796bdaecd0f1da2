// `discmaster burn --audio`: audio files (read through libsndfile, decoded while the drive asks
// for blocks) written as a Red Book audio CD, one Track-At-Once track per file with the drive's
// 2-second pregaps, then the disc closed. Progress shows the track being written; the summary
// lists every track with its start and length as a CD player shows them.
#include <fmt/format.h>

#include <memory>
#include <vector>

#include "engine/audio/audio_file_source.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/burn_cli.h"
#include "tools/discmaster/progress_printer.h"

namespace dm::cli {
namespace {

constexpr uint32_t kFramesPerSecond = 75;
constexpr int32_t kMsfOffset = 150;  // LBA 0 is 00:02:00

std::string msf(int64_t blocks) {
  return fmt::format("{:02d}:{:02d}:{:02d}", blocks / (60 * kFramesPerSecond), blocks / kFramesPerSecond % 60,
                     blocks % kFramesPerSecond);
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

struct AudioTracks {
  std::vector<std::unique_ptr<audio::AudioFileSource>> files;
  std::vector<burn::TaoTrack> tracks;
  uint32_t blocks = 0;
};

Result<AudioTracks> openAudio(const std::vector<std::filesystem::path>& paths) {
  if (paths.size() > 99) {
    return Status(ResultCode::kInvalidArgument, fmt::format("{} audio files: an audio CD holds at most 99 tracks", paths.size()));
  }
  AudioTracks a;
  for (const auto& path : paths) {
    DM_ASSIGN_OR_RETURN(std::unique_ptr<audio::AudioFileSource> file, audio::AudioFileSource::open(path));
    a.files.push_back(std::move(file));
  }
  for (const auto& file : a.files) {
    burn::TaoTrack t;
    t.source = file.get();
    t.kind = burn::TrackKind::kAudio;
    a.tracks.push_back(t);
    a.blocks += std::max(file->totalBlocks(), burn::kMinimumTrackBlocks);
  }
  return a;
}

std::string trackTable(const AudioTracks& a, const burn::BurnReport* report) {
  std::string s = "  #  start     length    source\n";
  int64_t start = 0;
  for (size_t i = 0; i < a.files.size(); ++i) {
    const uint32_t blocks = a.files[i]->totalBlocks();
    const bool padded = blocks < burn::kMinimumTrackBlocks;
    if (report != nullptr && i < report->tracks.size()) start = report->tracks[i].start_lba;
    s += fmt::format(" {:2d}  {}  {}  {}{}\n", i + 1, msf(start + kMsfOffset), msf(blocks),
                     a.files[i]->path().filename().string(), padded ? " (padded to 4 s)" : "");
    start += std::max(blocks, burn::kMinimumTrackBlocks) + 2 + 150;
  }
  return s;
}

}  // namespace

Outcome runAudioBurn(BurnCliOptions& o, const Output& out) {
  if (o.dao) {
    return {Status(ResultCode::kInvalidArgument,
                   "--dao: Disc-At-Once audio is not available yet; audio is written Track-At-Once with 2 s gaps")};
  }
  if (o.burn.verify) {
    return {Status(ResultCode::kInvalidArgument, "--verify reads data tracks back; it does not apply to --audio")};
  }
  if (!o.export_image.empty()) {
    return {Status(ResultCode::kInvalidArgument, "--export-image writes a data track as ISO; an audio disc has none")};
  }
  auto speed = parseSpeed(o.speed);
  if (!speed) return {speed.error()};
  o.burn.speed_x = *speed;
  o.burn.buffer_underrun_protection = !o.no_bufe;
  o.burn.multisession = false;  // an audio CD is closed: players read the first session only

  auto audio = openAudio(o.stage.paths);
  if (!audio) return {audio.error(), Json::object(), true};
  auto dev = openDevice(o.device);
  if (!dev) return {dev.error()};

  if (!o.trace_file.empty()) DM_TRY_OUTCOME(dev->requireVirtual("--trace"));
  const std::string medium_before = dev->describeMedium();
  out.event("start", 0, {{"device", dev->name}, {"medium", medium_before}, {"write_type", "TAO"},
                         {"simulate", o.burn.simulate}, {"clock", "virtual"}, {"tracks", audio->tracks.size()},
                         {"audio_blocks", audio->blocks}});
  if (o.dry_run) {
    out.text(fmt::format("plan (dry run: nothing is written)\ndevice         {}\nmedium         {}\n"
                         "write type     TAO, audio, {}\ntracks         {} ({} blocks, {})\n{}",
                         dev->name, medium_before, o.burn.simulate ? "simulation" : "real write", audio->tracks.size(),
                         withThousands(audio->blocks), msf(audio->blocks), trackTable(*audio, nullptr)));
    return {Status::Ok(), {{"dry_run", true}, {"sectors", 0}, {"virtual_seconds", 0}}};
  }

  if (!o.burn.simulate) DM_TRY_OUTCOME(confirmWrite(*dev, o.yes, "Burn an audio CD"));
  mmc::Drive drive(*dev->transport);
  std::vector<uint32_t> track_blocks;
  for (const auto& t : audio->tracks) track_blocks.push_back(std::max(t.source->totalBlocks(), burn::kMinimumTrackBlocks));
  ProgressPrinter progress(out, audio::kAudioBlockBytes, track_blocks);
  const burn::BurnReport report = burn::burnTaoTracks(drive, audio->tracks, o.burn, &progress);

  Status status = report.status;
  if (Status s = saveMedium(o.device, *dev); !s.ok() && status.ok()) status = s;
  if (!o.trace_file.empty()) {
    if (Status s = writeFile(o.trace_file, dev->recorder->traceText()); !s.ok() && status.ok()) status = s;
  }
  const std::string medium_after = dev->describeMedium();
  const std::string identity =
      report.drive.vendor.empty() ? "" : fmt::format("  ({} {} {})", report.drive.vendor, report.drive.product, report.drive.revision);
  std::string text;
  text += fmt::format("device         {}{}\n", report.device, identity);
  text += fmt::format("medium         {} -> {}\n", medium_before, medium_after);
  text += fmt::format("write type     {}, audio, BUFE {}, {}\n", mmc::writeTypeName(report.write_type),
                      report.bufe ? "on" : "off", report.simulate ? "simulation (test write)" : "real write");
  text += fmt::format("speed          drive {:.0f}x, average {:.1f}x\n", report.accepted_speed_x, report.average_speed_x);
  text += fmt::format("tracks         {} ({} blocks, {} of audio)\n", audio->tracks.size(), withThousands(report.image_blocks),
                      msf(report.image_blocks));
  text += trackTable(*audio, &report);
  if (report.min_buffer_percent >= 0) text += fmt::format("drive buffer   min {}%\n", report.min_buffer_percent);
  text += fmt::format("{}   {:.2f} s\n", report.virtual_clock ? "virtual time" : "time        ", seconds(report.total_time));
  text += fmt::format("result         {}{}\n", status.codeName(), status.ok() ? "" : fmt::format(": {}", status.message()));
  out.text(text);

  Json tracks = Json::array();
  for (size_t i = 0; i < report.tracks.size(); ++i) {
    const burn::TrackReport& t = report.tracks[i];
    tracks.push_back({{"number", t.number}, {"start_lba", t.start_lba}, {"blocks", t.source_blocks},
                      {"padding_blocks", t.trailing_blocks}, {"size_after", t.size_after},
                      {"source", audio->files[i]->path().string()}, {"format", audio->files[i]->info().describe()}});
  }
  return {status,
          {{"device", report.device},
           {"medium_after", medium_after},
           {"write_type", mmc::writeTypeName(report.write_type)},
           {"simulate", report.simulate},
           {"bufe", report.bufe},
           {"audio_blocks", report.image_blocks},
           {"sectors", report.blocks_written},
           {"disc_after", report.disc_after},
           {"tracks", tracks},
           {"min_buf_pct", report.min_buffer_percent < 0 ? Json(nullptr) : Json(report.min_buffer_percent)},
           {"virtual_seconds", std::round(seconds(report.total_time) * 1e6) / 1e6}}};
}

}  // namespace dm::cli
