// `discmaster eject`: unlock the tray and eject with START STOP UNIT (LoEj=1, Start=0; SBC,
// mmc.md §2), the way burners end a session with --eject.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "engine/mmc/drive.h"
#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"

namespace dm::cli {
namespace {

struct EjectOptions {
  DeviceChoice device;
  bool json = false;
};

Status runEject(const EjectOptions& o, const Output& out, Json& fields) {
  DM_ASSIGN_OR_RETURN(OpenDevice dev, openDevice(o.device));
  mmc::Drive drive(*dev.transport);
  const auto started = drive.clock().now();
  DM_TRY(drive.eject());
  const double seconds = std::chrono::duration<double>(drive.clock().now() - started).count();
  // A real drive that took START STOP UNIT with LoEj has opened its tray.
  const bool open = dev.isVirtual() ? dev.recorder->trayOpen() : true;
  fields = {{"device", dev.name}, {"tray", open ? "open" : "closed"}, {"virtual_seconds", seconds}};
  out.text(fmt::format("device         {}\ntray           {}\nvirtual time   {:.2f} s\n", dev.name,
                       open ? "open" : "closed", seconds));
  return Status::Ok();
}

}  // namespace

void addEjectCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("eject", "Unlock and open the tray");
  cmd->footer(
      "\nExamples:\n"
      "  discmaster eject\n"
      "  discmaster eject -d virtual:plextor-px-w4824a --json\n");
  auto o = std::make_shared<EjectOptions>();
  cmd->add_option("-d,--device", o->device.device, "Device path or virtual[:PROFILE]")->capture_default_str();
  cmd->add_flag("--json", o->json, "JSON Lines on stdout; the last object is the result");
  cmd->callback([o, &exit_code] {
    const Output out(o->json);
    Json fields = Json::object();
    const Status s = runEject(*o, out, fields);
    exit_code = exitCodeFor(s.code());
    const double t = fields.contains("virtual_seconds") ? fields["virtual_seconds"].get<double>() : 0.0;
    out.result(s, exit_code, t, fields);
  });
}

}  // namespace dm::cli
