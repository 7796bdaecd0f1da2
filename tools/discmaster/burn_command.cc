// `discmaster burn`: stage PATHs as an ISO 9660 + Joliet image and record it on a recorder
// (Track-At-Once by default; --dao Session-At-Once, --raw raw with host-made sub-channel), with
// progress, a cdrecord-style summary, and optionally the medium exported as an ISO.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <fstream>

#include "engine/burn/dao_burner.h"
#include "engine/burn/raw_burner.h"
#include "engine/burn/dvd_burner.h"
#include "engine/burn/medium_kind.h"
#include "engine/burn/source_views.h"
#include "engine/burn/tao_burner.h"
#include "engine/layout/iso_sector_source.h"
#include "engine/mmc/drive.h"
#include "tools/discmaster/burn_cli.h"
#include "tools/discmaster/burn_summary.h"
#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"
#include "tools/discmaster/progress_printer.h"
#include "tools/discmaster/session_continue.h"
#include "tools/discmaster/staging.h"

namespace dm::cli {
namespace {

// What the burn below would do with this medium and these flags, for --dry-run: the same choices
// (a DVD's medium decides; on CD --raw, --dao or TAO) and the same padding.
Result<DataPlan> planDataBurn(OpenDevice& dev, const BurnCliOptions& o, uint32_t image_blocks) {
  mmc::Drive drive(*dev.transport);
  DM_TRY(drive.waitUntilReady(std::chrono::seconds(60)));
  DataPlan plan;
  if (burn::dataBurnNeedsDvdBurner(drive)) {
    DM_ASSIGN_OR_RETURN(burn::DiscWritePlan disc, burn::plannedDiscWrite(drive, o.burn));
    plan.write_type = disc.write_mode;
    // Whole write units: 16-block ECC blocks on DVD, 32-block clusters on BD; no CD run-out pad.
    plan.track_blocks = burn::paddedToUnit(std::max(image_blocks, 1u), disc.write_unit);
    plan.write_unit = disc.write_unit;
    plan.before = disc.before;
    plan.session = disc.disc_after.empty() ? "not written" : disc.disc_after;
    return plan;
  }
  const uint32_t at_once = std::max(image_blocks, burn::kMinimumTrackBlocks);
  if (o.raw) {
    plan.write_type = "raw (write type 3: 2448-byte blocks, lead-in, P-W and lead-out made here)";
    plan.track_blocks = at_once;
    plan.session = "closed after the track (the host writes the lead-out)";
  } else if (o.dao) {
    plan.write_type = "DAO (Session-At-Once, one cue sheet)";
    plan.track_blocks = at_once;
    plan.session = o.burn.multisession ? "left open for another session" : "closed after the track";
  } else {
    plan.write_type = "TAO";
    plan.track_blocks = std::max(image_blocks + o.burn.pad_blocks, burn::kMinimumTrackBlocks);
    plan.session = o.burn.multisession ? "left open for another session" : "closed after the track";
  }
  return plan;
}

Outcome runBurn(BurnCliOptions& o, const Output& out) {
  auto write_type = chosenWriteType(o);
  if (!write_type) return {write_type.error()};
  if (o.raw && o.burn.multisession) {
    return {Status(ResultCode::kInvalidArgument, "--raw writes the disc's only lead-in and closes it: drop --multisession")};
  }
  if (o.audio) return runAudioBurn(o, out);
  auto speed = parseSpeed(o.speed);
  if (!speed) return {speed.error()};
  o.burn.speed_x = *speed;
  o.burn.buffer_underrun_protection = !o.no_bufe;

  auto dev = openDevice(o.device);
  if (!dev) return {dev.error()};
  // The disc the image is planned for; the burn refuses another one put in while staging.
  mmc::Drive drive(*dev->transport);
  if (auto chosen = burn::chooseMedium(drive)) o.burn.chosen_medium = std::move(*chosen);
  if (dev->recorder == nullptr || !dev->recorder->medium().isBlank()) {
    // On an appendable disc the image is placed where its session begins, --multisession or not
    // (CD-Extra's data session usually closes the disc); a data session's files are continued
    // only with --multisession.
    DM_TRY_OUTCOME(continueLastSession(drive, o.stage, o.burn.multisession));
  }
  auto staged = stageImage(o.stage);
  if (!staged) return {staged.error(), Json::object(), true};

  if (!o.trace_file.empty()) DM_TRY_OUTCOME(dev->requireVirtual("--trace"));
  if (!o.export_image.empty()) DM_TRY_OUTCOME(dev->requireVirtual("--export-image"));
  const std::string medium_before = dev->describeMedium();
  out.event("start", 0, {{"device", dev->name}, {"medium", medium_before}, {"write_type", o.raw ? "RAW" : o.dao ? "DAO" : "TAO"},
                         {"simulate", o.burn.simulate}, {"clock", "virtual"},
                         {"image_blocks", staged->image->totalBlocks()}});
  if (o.dry_run) {
    Result<DataPlan> plan = planDataBurn(*dev, o, staged->image->totalBlocks());
    if (!plan) return {plan.error()};
    out.text(dryRunPlan(*dev, *staged, o.burn, *plan));
    // The trace shows what the plan asked the drive, and that nothing was written.
    if (!o.trace_file.empty()) DM_TRY_OUTCOME(writeFile(o.trace_file, dev->recorder->traceText()));
    return {Status::Ok(), {{"dry_run", true}, {"sectors", 0}, {"virtual_seconds", 0}}};
  }

  if (!o.burn.simulate) DM_TRY_OUTCOME(confirmWrite(*dev, o.yes, "Burn"));
  layout::IsoSectorSource source(*staged->image);
  const double blocks_at_1x =
      o.burn.chosen_medium ? burn::blocksPerSecondAt1x(burn::mediumKind(o.burn.chosen_medium->profile)) : 75.0;
  ProgressPrinter progress(out, o.raw ? burn::kRawBlockBytes : 2048, {}, blocks_at_1x);
  burn::BurnReport report;
  if (burn::dataBurnNeedsDvdBurner(drive)) {
    // DVD and BD media have their own write modes (DAO or incremental on DVD-R, sequential on
    // DVD+R and BD-R, overwrite on DVD+RW and BD-RE): the medium decides, --tao, --dao and --raw
    // are for CDs.
    report = burn::burnDvdData(drive, source, o.burn, &progress);
  } else if (o.dao || o.raw) {
    // One Mode 1 track, Session-At-Once or raw: no run-out after it, so no pad is needed beyond
    // the 4 s a track must last.
    const uint32_t short_by = source.totalBlocks() < burn::kMinimumTrackBlocks ? burn::kMinimumTrackBlocks - source.totalBlocks() : 0;
    const burn::PaddedSource padded(source, short_by);
    burn::DaoDisc disc;
    burn::DaoTrack track;
    track.source = &padded;
    track.kind = burn::TrackKind::kDataMode1;
    disc.tracks.push_back(track);
    report = o.raw ? burn::burnRaw(drive, disc, o.burn, &progress) : burn::burnDiscAtOnce(drive, disc, o.burn, &progress);
    report.image_blocks = source.totalBlocks();
    report.padding_blocks = short_by;
  } else {
    report = burn::burnDataTrack(drive, source, o.burn, &progress);
  }

  Status status = report.status;
  // The disc is kept whatever the burn did (a coaster is a disc too).
  if (Status s = saveMedium(o.device, *dev); !s.ok() && status.ok()) status = s;
  if (!o.trace_file.empty()) {
    if (Status s = writeFile(o.trace_file, dev->recorder->traceText()); !s.ok() && status.ok()) status = s;
  }
  if (!o.export_image.empty() && status.ok()) {
    if (auto err = dev->recorder->exportIso(o.export_image)) {
      status = Status(ResultCode::kFileAccess, fmt::format("--export-image: {}", err->message));
    }
  }
  const std::string medium_after = dev->describeMedium();
  out.text(burnSummary(report, *staged, medium_before, medium_after, status));
  return {status, burnSummaryJson(report, *staged, medium_after)};
}

}  // namespace

Result<const char*> chosenWriteType(const BurnCliOptions& o) {
  if (o.tao && o.dao) return Status(ResultCode::kInvalidArgument, "--tao and --dao exclude each other");
  if (o.raw && (o.tao || o.dao)) return Status(ResultCode::kInvalidArgument, "--raw excludes --tao and --dao");
  return o.raw ? "RAW" : o.dao ? "DAO" : o.tao ? "TAO" : "";
}

Result<std::optional<double>> parseSpeed(const std::string& text) {
  if (text.empty() || text == "max") return std::optional<double>();
  std::string digits = text;
  if (!digits.empty() && (digits.back() == 'x' || digits.back() == 'X')) digits.pop_back();
  try {
    size_t used = 0;
    const double x = std::stod(digits, &used);
    if (used == digits.size() && x > 0 && x <= 100) return std::optional<double>(x);
  } catch (const std::exception&) {
  }
  return Status(ResultCode::kInvalidArgument, fmt::format("--speed {}: expected a multiple such as 16 or 16x", text));
}

Status writeFile(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) return Status(ResultCode::kFileAccess, fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  return Status::Ok();
}

void addBurnCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("burn", "Stage PATHs as an ISO 9660/Joliet image (or audio tracks) and burn it");
  cmd->footer(
      "\nA folder adds its contents at the root of the disc; several PATHs merge. With --audio each PATH\n"
      "is an audio file (WAV, FLAC, AIFF: 44.1 kHz, 16-bit, stereo) and becomes one track, in order.\n"
      "Examples:\n"
      "  discmaster burn ~/photos                       burn on the default virtual CD-R\n"
      "  discmaster burn --audio 01.flac 02.flac 03.wav an audio CD, Track-At-Once\n"
      "  discmaster burn --audio --dao --gap 0 live*.flac   gapless, Disc-At-Once\n"
      "  discmaster burn --audio album.cue              pregaps, indexes, ISRC, catalog number, CD-TEXT\n"
      "  discmaster burn --raw --audio album.cue        the same, every block's sub-channel made on the host\n"
      "  discmaster burn --audio --multisession --medium-file cd.vrec *.flac, then\n"
      "  discmaster burn --multisession --medium-file cd.vrec extras/    CD-Extra: audio, then a data session\n"
      "  discmaster burn --simulate --speed 16 docs/    test write: the disc stays blank\n"
      "  discmaster burn -d virtual:lg-bh20l --medium bd-r --multisession docs/   BD-R, left appendable\n"
      "  discmaster burn -d virtual:lg-bh20l --medium bd-re docs/   BD-RE: formatted (30h), written from LBA 0\n"
      "  discmaster burn --export-image out.iso --json site/\n"
      "  discmaster burn --multisession --medium-file disc.vrec a/   then again with b/: two sessions,\n"
      "                                   the second showing a/'s files and b/'s (--overwrite: b/ wins)\n"
      "  discmaster burn --medium-image old.iso a/      a closed disc made from an image: refused, as a real one\n"
      "  discmaster burn -d /dev/sr0 docs/               a real drive (asks before writing; --yes in scripts)\n");
  auto o = std::make_shared<BurnCliOptions>();
  cmd->add_option("paths", o->stage.paths, "Folders (their contents go to the root) or files to stage")->required()->check(CLI::ExistingPath);
  cmd->add_option("-d,--device", o->device.device, "Device path or virtual[:PROFILE]")->capture_default_str();
  cmd->add_option("--quirk", o->device.quirks, "Virtual recorders: switch a firmware quirk on (repeatable)");
  cmd->add_option("--medium", o->device.medium,
                  "Virtual recorders: blank medium kind (cd-r21, cd-r74, cd-r80, cd-r90, cd-r99, cd-rw)")
      ->capture_default_str();
  cmd->add_option("--medium-file", o->device.medium_file,
                  "Virtual recorders: load the disc from F if it exists (else start blank), save it after");
  addMediumImageOption(*cmd, o->device);
  cmd->add_option("--volume-name", o->stage.volume_name, "Volume label (default: today's date, as IMAPI)");
  cmd->add_option("--iso-level", o->stage.iso_level, "ISO 9660 interchange level: 1 (8.3 names), 2, 3 (files ≥ 4 GiB, DVD)")
      ->check(CLI::Range(1, 3));
  cmd->add_flag("--overwrite", o->stage.overwrite, "A later PATH's file replaces an earlier one of the same name");
  cmd->add_flag("--audio", o->audio, "PATHs are audio files, one track each, or one CDRWIN .cue sheet (Red Book audio CD)");
  cmd->add_option("--gap", o->gap_blocks, "--audio --dao: blocks of silence between tracks (75 a second; 0 gapless; default 150)")
      ->check(CLI::Range(0, 4500));
  cmd->add_flag("--simulate", o->burn.simulate, "MMC test write: the medium stays blank");
  cmd->add_flag("--tao", o->tao, "Track-At-Once (the default for data)");
  cmd->add_flag("--dao", o->dao, "Session/Disc-At-Once: SEND CUE SHEET, no run-out or link blocks (audio: pregaps, ISRC, CD-TEXT)");
  cmd->add_flag("--raw", o->raw,
                "Raw (write type 3, 2448-byte blocks): lead-in, pregaps, sub-channel and lead-out made on the host, "
                "as cdrecord -raw96r (blank disc, closed; the drive must offer raw writing)");
  cmd->add_option("--speed", o->speed, "Requested write speed, e.g. 16 or 16x (default: maximum)");
  cmd->add_flag("--no-bufe", o->no_bufe, "Switch buffer-underrun protection off");
  cmd->add_flag("--multisession", o->burn.multisession,
                "Leave the disc appendable; on an appendable disc, continue its last session's files");
  cmd->add_flag("--verify", o->burn.verify, "Read the track back and compare it with the staged image");
  cmd->add_flag("--dry-run", o->dry_run, "Print the burn plan, write nothing");
  cmd->add_flag("-y,--yes", o->yes, "Real drives: burn without asking (required when stdin is not a terminal)");
  cmd->add_flag("--eject", o->burn.eject, "Eject when done");
  cmd->add_option("--export-image", o->export_image, "Virtual recorders: write the medium's data track as an ISO");
  cmd->add_option("--trace", o->trace_file, "Virtual recorders: write the emulator's event trace");
  cmd->add_flag("--json", o->json, "JSON Lines on stdout; the last object is the result");
  cmd->callback([o, cmd, &exit_code] {
    noteMediumChoice(*cmd, o->device);
    const Output out(o->json);
    Outcome r = runBurn(*o, out);
    exit_code = r.input_error ? kExitInput : exitCodeFor(r.status.code());
    const double t = r.fields.contains("virtual_seconds") ? r.fields["virtual_seconds"].get<double>() : 0.0;
    out.result(r.status, exit_code, t, r.fields);
  });
}

}  // namespace dm::cli
