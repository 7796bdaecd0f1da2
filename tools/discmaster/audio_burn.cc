// `discmaster burn --audio`: audio files (read through libsndfile, decoded while the drive asks
// for blocks) or one CDRWIN cue sheet written as a Red Book audio CD. Files go Track-At-Once by
// default, one track each with the drive's 2-second pregaps; `--dao` writes them Disc-At-Once with
// `--gap` blocks between them (0: gapless); a cue sheet is always Disc-At-Once, with its pregaps,
// indexes, ISRCs, catalog number and CD-TEXT; `--raw` writes the same plan raw, every block's
// sub-channel made on the host (raw_burner.h). Progress shows the track being written; the summary
// lists every track with its start and length as a CD player shows them.
#include <fmt/format.h>

#include <memory>
#include <vector>

#include "engine/burn/dao_burner.h"
#include "engine/burn/dao_layout.h"
#include "engine/burn/raw_burner.h"
#include "engine/burn/dvd_burner.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/audio_sources.h"
#include "tools/discmaster/burn_cli.h"
#include "tools/discmaster/burn_summary.h"
#include "tools/discmaster/progress_printer.h"

namespace dm::cli {
namespace {

constexpr uint32_t kFramesPerSecond = 75;
constexpr int32_t kMsfOffset = 150;  // LBA 0 is 00:02:00
constexpr uint32_t kTaoGapBlocks = 2 + 150;  // run-out of the track before, then the pregap

std::string msf(int64_t blocks) {
  return fmt::format("{:02d}:{:02d}:{:02d}", blocks / (60 * kFramesPerSecond), blocks / kFramesPerSecond % 60,
                     blocks % kFramesPerSecond);
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

bool isCueSheet(const std::vector<std::filesystem::path>& paths) {
  return paths.size() == 1 && (paths[0].extension() == ".cue" || paths[0].extension() == ".CUE");
}

// Blocks of track i from its index 1 (the source, less a pregap it carries).
uint32_t trackBlocks(const AudioDisc& a, size_t i) {
  const burn::DaoTrack& t = a.dao.tracks[i];
  return std::max(t.source->totalBlocks() - t.source_pregap_blocks, burn::kMinimumTrackBlocks);
}

// Where each track's index 1 will be: the plan of a DAO burn, TAO's fixed gaps otherwise.
std::vector<int64_t> plannedStarts(const AudioDisc& a, bool dao) {
  std::vector<int64_t> starts;
  int64_t at = 0;
  for (size_t i = 0; i < a.dao.tracks.size(); ++i) {
    const burn::DaoTrack& t = a.dao.tracks[i];
    if (i > 0) at += dao ? burn::plannedSilenceBlocks(a.dao, i) + t.source_pregap_blocks : kTaoGapBlocks;
    starts.push_back(at);
    at += trackBlocks(a, i);
  }
  return starts;
}

std::string trackTable(const AudioDisc& a, bool dao, const burn::BurnReport* report) {
  std::string s = "  #  start     length    pregap  source\n";
  const std::vector<int64_t> planned = plannedStarts(a, dao);
  for (size_t i = 0; i < a.dao.tracks.size(); ++i) {
    const burn::DaoTrack& t = a.dao.tracks[i];
    const int64_t start = report != nullptr && i < report->tracks.size() ? report->tracks[i].start_lba : planned[i];
    const uint32_t pregap = i == 0 ? 150 : dao ? burn::plannedSilenceBlocks(a.dao, i) + t.source_pregap_blocks : 150;
    std::string extra;
    if (!t.isrc.empty()) extra += " ISRC " + t.isrc;
    if (!a.info[i].title.empty()) extra += fmt::format(" \"{}\"", a.info[i].title);
    if (!a.info[i].performer.empty()) extra += fmt::format(" / {}", a.info[i].performer);
    s += fmt::format(" {:2d}  {}  {}  {:6d}  {}{}{}\n", i + 1, msf(start + kMsfOffset), msf(trackBlocks(a, i)), pregap,
                     a.info[i].source, t.kind == burn::TrackKind::kDataMode1 ? " (Mode 1 data)" : "", extra);
  }
  return s;
}

}  // namespace

Outcome runAudioBurn(BurnCliOptions& o, const Output& out) {
  const bool cue = isCueSheet(o.stage.paths);
  if (cue && o.tao) return {Status(ResultCode::kInvalidArgument, "--tao: a cue sheet is written Disc-At-Once (--dao)")};
  if (o.gap_blocks && !o.dao && !o.raw) return {Status(ResultCode::kInvalidArgument, "--gap sets Disc-At-Once pregaps: add --dao")};
  if (!o.export_image.empty()) {
    return {Status(ResultCode::kInvalidArgument, "--export-image writes a data track as ISO; use `discmaster export -o F.cue`")};
  }
  const bool dao = cue || o.dao || o.raw;  // raw writes the Disc-At-Once plan
  auto speed = parseSpeed(o.speed);
  if (!speed) return {speed.error()};
  o.burn.speed_x = *speed;
  o.burn.buffer_underrun_protection = !o.no_bufe;
  // An audio CD is closed (players read the first session only), unless --multisession leaves room
  // for a data session after it: CD-Extra, the "enhanced CD".

  auto audio = cue ? openCueSheet(o.stage.paths[0]) : openAudioFiles(o.stage.paths, o.gap_blocks.value_or(150));
  if (!audio) return {audio.error(), Json::object(), true};
  uint32_t audio_blocks = 0;
  for (size_t i = 0; i < audio->dao.tracks.size(); ++i) audio_blocks += trackBlocks(*audio, i);
  auto dev = openDevice(o.device);
  if (!dev) return {dev.error()};
  if (!o.trace_file.empty()) DM_TRY_OUTCOME(dev->requireVirtual("--trace"));

  // The disc the tracks are planned for; the burn refuses another one put in meanwhile.
  mmc::Drive drive(*dev->transport);
  if (auto chosen = burn::chooseMedium(drive)) o.burn.chosen_medium = std::move(*chosen);
  const std::string medium_before = dev->describeMedium();
  if (burn::dataBurnNeedsDvdBurner(drive)) {
    return {Status(ResultCode::kMediumInvalidType,
                   fmt::format("the disc is {}: an audio CD is written on CD-R or CD-RW only", medium_before))};
  }
  const char* write_type = o.raw ? "RAW" : dao ? "DAO" : "TAO";
  out.event("start", 0, {{"device", dev->name}, {"medium", medium_before}, {"write_type", write_type},
                         {"simulate", o.burn.simulate}, {"clock", "virtual"}, {"tracks", audio->dao.tracks.size()},
                         {"audio_blocks", audio_blocks}});
  if (o.dry_run) {
    out.text(fmt::format("plan (dry run: nothing is written)\ndevice         {}\nmedium         {}\n"
                         "write type     {}, audio, {}\ntracks         {} ({} blocks, {}){}{}\n{}",
                         dev->name, medium_before, write_type, o.burn.simulate ? "simulation" : "real write",
                         audio->dao.tracks.size(), withThousands(audio_blocks), msf(audio_blocks),
                         audio->dao.mcn.empty() ? "" : ", catalog " + audio->dao.mcn,
                         audio->dao.cd_text_packs.empty() ? "" : ", CD-TEXT", trackTable(*audio, dao, nullptr)));
    return {Status::Ok(), {{"dry_run", true}, {"sectors", 0}, {"virtual_seconds", 0}}};
  }

  if (!o.burn.simulate) DM_TRY_OUTCOME(confirmWrite(*dev, o.yes, "Burn an audio CD"));
  std::vector<uint32_t> progress_blocks;
  for (size_t i = 0; i < audio->dao.tracks.size(); ++i) {
    const burn::DaoTrack& t = audio->dao.tracks[i];
    progress_blocks.push_back(dao ? t.source->totalBlocks() + (i == 0 ? 150 : t.pregap_blocks) : trackBlocks(*audio, i));
  }
  // Raw blocks run from the lead-in, so the line shows the whole stream rather than the track.
  ProgressPrinter progress(out, o.raw ? burn::kRawBlockBytes : 2352,
                           o.raw ? std::vector<uint32_t>{} : progress_blocks);
  const std::vector<burn::TaoTrack> tao = audio->taoTracks();
  const burn::BurnReport report = o.raw ? burn::burnRaw(drive, audio->dao, o.burn, &progress)
                                  : dao   ? burn::burnDiscAtOnce(drive, audio->dao, o.burn, &progress)
                                          : burn::burnTaoTracks(drive, tao, o.burn, &progress);

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
  text += fmt::format("tracks         {} ({} blocks, {} of audio){}{}\n", audio->dao.tracks.size(), withThousands(audio_blocks),
                      msf(audio_blocks), audio->dao.mcn.empty() ? "" : ", catalog " + audio->dao.mcn,
                      dao && !audio->dao.cd_text_packs.empty() ? ", CD-TEXT" : "");
  text += trackTable(*audio, dao, &report);
  if (report.min_buffer_percent >= 0) text += fmt::format("drive buffer   min {}%\n", report.min_buffer_percent);
  if (report.verified) {
    text += report.verify_mismatch_lba
                ? fmt::format("verify         MISMATCH at LBA {} ({} blocks compared)\n", *report.verify_mismatch_lba,
                              withThousands(report.verify_blocks))
                : fmt::format("verify         match: {} blocks read back with READ CD and compared\n",
                              withThousands(report.verify_blocks));
  }
  if (const std::string cancel = cancelRefusedText(report); !cancel.empty()) {
    text += fmt::format("cancel         {}\n", cancel);
  }
  for (const std::string& q : report.quirks) text += fmt::format("drive quirk    {}\n", q);
  text += fmt::format("{}   {:.2f} s\n", report.virtual_clock ? "virtual time" : "time        ", seconds(report.total_time));
  text += fmt::format("result         {}{}\n", status.codeName(), status.ok() ? "" : fmt::format(": {}", status.message()));
  out.text(text);

  Json tracks = Json::array();
  for (size_t i = 0; i < report.tracks.size(); ++i) {
    const burn::TrackReport& t = report.tracks[i];
    tracks.push_back({{"number", t.number}, {"start_lba", t.start_lba}, {"blocks", t.source_blocks},
                      {"padding_blocks", t.trailing_blocks}, {"size_after", t.size_after},
                      {"source", audio->info[i].source}, {"format", audio->info[i].format},
                      {"isrc", audio->dao.tracks[i].isrc}, {"title", audio->info[i].title}});
  }
  return {status,
          {{"device", report.device},
           {"medium_after", medium_after},
           {"write_type", mmc::writeTypeName(report.write_type)},
           {"simulate", report.simulate},
           {"bufe", report.bufe},
           {"audio_blocks", audio_blocks},
           {"sectors", report.blocks_written},
           {"disc_after", report.disc_after},
           {"catalog", audio->dao.mcn},
           {"verify", !report.verified ? "not run" : report.verify_mismatch_lba ? "mismatch" : "match"},
           {"cd_text", dao && !audio->dao.cd_text_packs.empty()},
           {"tracks", tracks},
           {"cancel", cancelRefusedJson(report)},
           {"quirks", report.quirks},
           {"min_buf_pct", report.min_buffer_percent < 0 ? Json(nullptr) : Json(report.min_buffer_percent)},
           {"virtual_seconds", std::round(seconds(report.total_time) * 1e6) / 1e6}}};
}

}  // namespace dm::cli
