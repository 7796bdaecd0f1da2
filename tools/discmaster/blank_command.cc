// `discmaster blank`: erase a CD-RW with MMC BLANK (A1h): minimal (--fast, the default: PMA, TOC
// and the first pregap, tens of seconds) or full (--full: the whole disc, ≈ disc length ÷ speed;
// mmc.md §2, §7). The command is sent with IMMED and polled with TEST UNIT READY, as libburn and
// cdrecord do; on a virtual recorder the wait costs no wall time.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "engine/mmc/drive.h"
#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"

namespace dm::cli {
namespace {

struct BlankOptions {
  DeviceChoice device{kDefaultDevice, "cd-rw", "", "", false, {}};
  bool fast = false, full = false, json = false, yes = false;
};

Status runBlank(const BlankOptions& o, const Output& out, Json& fields) {
  if (o.fast && o.full) return Status(ResultCode::kInvalidArgument, "--fast and --full exclude each other");
  DM_ASSIGN_OR_RETURN(OpenDevice dev, openDevice(o.device));
  mmc::Drive drive(*dev.transport);
  DM_TRY(drive.waitUntilReady(std::chrono::seconds(60)));
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  const std::string before = dev.describeMedium();
  const char* type = o.full ? "full" : "minimal";
  fields = {{"device", dev.name}, {"blank_type", type}, {"medium_before", before}};
  if (!disc.erasable) {
    return Status(ResultCode::kMediumInvalidType,
                  fmt::format("{}: the medium ({}) is not erasable; BLANK needs a CD-RW", dev.name, before));
  }
  DM_TRY(confirmWrite(dev, o.yes, o.full ? "Erase the whole disc" : "Erase the disc"));
  out.event("start", 0, {{"device", dev.name}, {"medium", before}, {"blank_type", type}, {"clock", "virtual"}});
  const auto started = drive.clock().now();
  DM_TRY(drive.blank(o.full ? mmc::BlankType::kFull : mmc::BlankType::kMinimal));
  const double seconds = std::chrono::duration<double>(drive.clock().now() - started).count();
  const std::string after = dev.describeMedium();
  fields["medium_after"] = after;
  fields["virtual_seconds"] = seconds;
  out.text(
      fmt::format("device         {}\n"
                  "medium         {} -> {}\n"
                  "blank          {} ({})\n"
                  "virtual time   {:.2f} s\n",
                  dev.name, before, after, type, o.full ? "the whole disc" : "PMA, TOC and first pregap", seconds));
  return saveMedium(o.device, dev);
}

}  // namespace

void addBlankCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("blank", "Erase a CD-RW (minimal by default, or the full disc)");
  cmd->footer(
      "\nExamples:\n"
      "  discmaster blank                         minimal blank of the virtual recorder's CD-RW\n"
      "  discmaster blank --full -d virtual:yamaha-crw2100\n"
      "  discmaster blank --fast --json\n"
      "  discmaster blank --medium-file rw.vrec        erase a disc kept between runs\n"
      "  discmaster blank --medium cd-rw --medium-image old.iso   blank a CD-RW made from an image\n");
  auto o = std::make_shared<BlankOptions>();
  cmd->add_option("-d,--device", o->device.device, "Device path or virtual[:PROFILE]")->capture_default_str();
  cmd->add_option("--medium", o->device.medium, "Virtual recorders: medium kind to start with (cd-rw)")
      ->capture_default_str();
  cmd->add_option("--medium-file", o->device.medium_file,
                  "Virtual recorders: load the disc from F if it exists (else start blank) and save it after");
  addMediumImageOption(*cmd, o->device);
  cmd->add_flag("--fast", o->fast, "Minimal blank: PMA, TOC and first pregap (the default)");
  cmd->add_flag("--full", o->full, "Full blank: erase the whole disc (minutes)");
  cmd->add_flag("-y,--yes", o->yes, "Real drives: erase without asking (required when stdin is not a terminal)");
  cmd->add_flag("--json", o->json, "JSON Lines on stdout; the last object is the result");
  cmd->callback([o, cmd, &exit_code] {
    noteMediumChoice(*cmd, o->device);
    const Output out(o->json);
    Json fields = Json::object();
    const Status s = runBlank(*o, out, fields);
    exit_code = exitCodeFor(s.code());
    const double t = fields.contains("virtual_seconds") ? fields["virtual_seconds"].get<double>() : 0.0;
    out.result(s, exit_code, t, fields);
  });
}

}  // namespace dm::cli
