// `discmaster image`: stage PATHs and write the ISO 9660 + Joliet image to a file, no drive needed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "tools/discmaster/commands.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"
#include "tools/discmaster/staging.h"

namespace dm::cli {
namespace {

struct ImageOptions {
  StageOptions stage;
  std::string output;
  bool json = false;
};

Status runImage(const ImageOptions& o, const Output& out, Json& fields, bool& input_error) {
  auto staged_or = stageImage(o.stage);
  input_error = !staged_or.ok();
  if (input_error) return staged_or.error();
  StagedImage& staged = *staged_or;
  DM_TRY(staged.image->writeTo(o.output));
  const uint32_t blocks = staged.image->totalBlocks();
  fields = {{"output", o.output}, {"blocks", blocks}, {"bytes", uint64_t{blocks} * 2048},
            {"files", staged.tree->fileCount()}, {"folders", staged.tree->directoryCount()},
            {"volume_name", staged.volume_name}};
  out.text(fmt::format("wrote {}: {} blocks ({} bytes), {} files, {} folders, volume \"{}\"\n", o.output,
                       withThousands(blocks), withThousands(uint64_t{blocks} * 2048),
                       withThousands(staged.tree->fileCount()), withThousands(staged.tree->directoryCount()),
                       staged.volume_name));
  return Status::Ok();
}

}  // namespace

void addImageCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("image", "Stage PATHs and write the ISO 9660/Joliet image to a file");
  cmd->footer("\nExamples:\n  discmaster image -o photos.iso ~/photos\n"
              "  SOURCE_DATE_EPOCH=0 discmaster image --volume-name DOCS -o docs.iso docs/   reproducible\n");
  auto o = std::make_shared<ImageOptions>();
  cmd->add_option("paths", o->stage.paths, "Folders or files to stage")->required()->check(CLI::ExistingPath);
  cmd->add_option("-o,--output", o->output, "The image file to write")->required();
  cmd->add_option("--volume-name", o->stage.volume_name, "Volume label (default: today's date, as IMAPI)");
  cmd->add_flag("--overwrite", o->stage.overwrite, "A later PATH's file replaces an earlier one of the same name");
  cmd->add_flag("--json", o->json, "One JSON object per line");
  cmd->callback([o, &exit_code] {
    const Output out(o->json);
    Json fields = Json::object();
    bool input_error = false;
    const Status s = runImage(*o, out, fields, input_error);
    exit_code = input_error ? kExitInput : exitCodeFor(s.code());
    out.result(s, exit_code, 0, fields);
  });
}

}  // namespace dm::cli
