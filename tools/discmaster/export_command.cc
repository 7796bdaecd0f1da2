// `discmaster export`: a virtual recorder's medium written as an image file. The suffix of -o picks
// the form: .iso is the first data track's user data (what --export-image writes after a burn),
// .cue is the whole disc as BIN/CUE (raw 2352-byte sectors, the BIN beside the cue sheet with the
// same stem). The medium comes from --medium, --medium-file or --medium-image as everywhere.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"

namespace dm::cli {
namespace {

struct ExportOptions {
  DeviceChoice device;
  std::string output;
  bool json = false;
};

std::string lowerSuffix(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

Status runExport(const ExportOptions& o, const Output& out, Json& fields, bool& input_error) {
  const std::string suffix = lowerSuffix(o.output);
  if (suffix != ".iso" && suffix != ".cue") {
    input_error = true;
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("-o {}: unknown image type '{}' (expected .iso for the data track or .cue for BIN/CUE)",
                              o.output, suffix));
  }
  auto dev_or = openDevice(o.device);
  if (!dev_or.ok()) {
    input_error = dev_or.error().code() == ResultCode::kInvalidImage;
    return dev_or.error();
  }
  OpenDevice dev = std::move(*dev_or);
  DM_TRY(dev.requireVirtual("export"));
  const vrec::Medium& medium = dev.recorder->medium();
  fields = {{"device", dev.name}, {"medium", medium.describe()}, {"output", o.output}};
  if (suffix == ".iso") {
    if (auto err = dev.recorder->exportIso(o.output)) return Status(ResultCode::kFileAccess, err->message);
    out.text(fmt::format("wrote {}: the data track of {}\n", o.output, medium.describe()));
    return Status::Ok();
  }
  if (!dev.recorder->mediumPresent()) return Status(ResultCode::kFileAccess, fmt::format("{}: no medium", o.output));
  if (auto err = medium.exportBinCue(o.output)) return Status(ResultCode::kFileAccess, *err);
  const std::string bin = std::filesystem::path(o.output).replace_extension(".bin").string();
  fields["bin"] = bin;
  fields["tracks"] = medium.tracks().size();
  fields["sessions"] = medium.sessions().size();
  out.text(fmt::format("wrote {} and {}: {} track(s) in {} session(s) of {}\n", o.output, bin, medium.tracks().size(),
                       medium.sessions().size(), medium.describe()));
  return Status::Ok();
}

}  // namespace

void addExportCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("export", "Virtual recorders: write the medium as an image (.iso or BIN/CUE)");
  cmd->footer(
      "\nExamples:\n"
      "  discmaster export --medium-file disc.vrec -o disc.cue      the whole disc as disc.cue + disc.bin\n"
      "  discmaster export --medium-file disc.vrec -o data.iso      the first data track's user data\n"
      "  discmaster export --medium-image album.cue -o copy.cue     a cue sheet disc, read and written back\n"
      "  discmaster export --medium-image hello.iso --json -o hello.cue\n");
  auto o = std::make_shared<ExportOptions>();
  cmd->add_option("-d,--device", o->device.device, "Device path or virtual[:PROFILE]")->capture_default_str();
  cmd->add_option("--medium", o->device.medium, "Virtual recorders: medium kind (cd-r21 … cd-r99, cd-rw)")
      ->capture_default_str();
  cmd->add_option("--medium-file", o->device.medium_file, "Virtual recorders: the disc kept in F by earlier commands");
  addMediumImageOption(*cmd, o->device);
  cmd->add_option("-o,--output", o->output, "F.iso (data track) or F.cue (BIN/CUE of the whole disc)")->required();
  cmd->add_flag("--json", o->json, "One JSON object per line");
  cmd->callback([o, cmd, &exit_code] {
    noteMediumChoice(*cmd, o->device);
    const Output out(o->json);
    Json fields = Json::object();
    bool input_error = false;
    const Status s = runExport(*o, out, fields, input_error);
    exit_code = input_error ? kExitInput : exitCodeFor(s.code());
    out.result(s, exit_code, 0, fields);
  });
}

}  // namespace dm::cli
