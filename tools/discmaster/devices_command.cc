// `discmaster devices`: real drives and virtual recorders in one list, with why a device cannot
// be used when it cannot.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"

namespace dm::cli {

void addDevicesCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("devices", "List real drives and virtual recorders");
  cmd->footer("\nExample:\n  discmaster devices\n  discmaster devices --json\n");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "One JSON object per line");
  cmd->callback([json, &exit_code] {
    const Output out(*json);
    const auto devices = listDevices();
    std::string text;
    for (const auto& d : devices) {
      out.event("device", 0, {{"name", d.name}, {"kind", d.kind}, {"vendor", d.vendor},
                              {"product", d.product}, {"revision", d.revision}, {"status", d.status}});
      const std::string identity = d.vendor.empty() ? std::string() : fmt::format("{} {} {}", d.vendor, d.product, d.revision);
      text += fmt::format("{:<26} {:<8} {:<30} {}\n", d.name, d.kind, identity, d.status);
    }
    out.text(text);
    out.result(Status::Ok(), kExitOk, 0, {{"devices", devices.size()}});
    exit_code = kExitOk;
  });
}

}  // namespace dm::cli
