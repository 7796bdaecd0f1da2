// `discmaster image`: stage PATHs and write the ISO 9660 + Joliet image to a file, no drive needed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "engine/layout/bin_cue_writer.h"
#include "engine/layout/iso_sector_source.h"
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
  // F.cue: BIN/CUE, every block formatted on the host as a raw Mode 1 sector; else the ISO itself.
  const std::string ext = std::filesystem::path(o.output).extension().string();
  const bool bin_cue = ext == ".cue" || ext == ".CUE";
  if (bin_cue) {
    DM_TRY(layout::writeBinCue(layout::IsoSectorSource(*staged.image), o.output));
  } else {
    DM_TRY(staged.image->writeTo(o.output));
  }
  const uint32_t blocks = staged.image->totalBlocks();
  fields = {{"output", o.output}, {"blocks", blocks}, {"bytes", uint64_t{blocks} * 2048},
            {"files", staged.tree->fileCount()}, {"folders", staged.tree->directoryCount()},
            {"volume_name", staged.volume_name}, {"rock_ridge", o.stage.rock_ridge},
            {"iso_level", o.stage.iso_level}, {"symlinks", staged.tree->symlinkCount()},
            {"format", bin_cue ? "bin/cue (MODE1/2352)" : "iso"}};
  if (!o.stage.boot_image.empty()) {
    fields["boot_catalog_lba"] = staged.image->bootCatalogLba();
    fields["boot_image_lba"] = staged.image->bootImageLba();
  }
  out.text(fmt::format("wrote {}: {} blocks ({} bytes), {} files, {} folders, volume \"{}\"\n", o.output,
                       withThousands(blocks), withThousands(uint64_t{blocks} * 2048),
                       withThousands(staged.tree->fileCount()), withThousands(staged.tree->directoryCount()),
                       staged.volume_name));
  return Status::Ok();
}

}  // namespace

void addImageCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("image", "Stage PATHs and write the ISO 9660/Joliet image to a file");
  cmd->footer(
      "\nRock Ridge (POSIX names of any length, modes, owners, times, symbolic links, folders deeper\n"
      "than 8 levels) is written beside Joliet unless --no-rock is given.\n"
      "\nExamples:\n  discmaster image -o photos.iso ~/photos\n"
      "  discmaster image -o photos.cue ~/photos       BIN/CUE: photos.bin holds raw Mode 1 sectors\n"
      "  SOURCE_DATE_EPOCH=0 discmaster image --volume-name DOCS -o docs.iso docs/   reproducible\n"
      "  discmaster image --iso-level 3 -o backup.iso ~/vm-images      files over 4 GiB (DVD/BD only)\n"
      "  discmaster image --no-rock --iso-level 1 -o plain.iso dir/     strict 8.3 names, Joliet only\n"
      "  discmaster image --boot boot.img -o boot.iso root/             bootable, no emulation, x86\n"
      "  discmaster image --boot efi.img --boot-platform efi -o uefi.iso root/\n"
      "  discmaster image --boot floppy.img --boot-emulation floppy -o dos.iso root/\n");
  auto o = std::make_shared<ImageOptions>();
  cmd->add_option("paths", o->stage.paths, "Folders or files to stage")->required()->check(CLI::ExistingPath);
  cmd->add_option("-o,--output", o->output, "The image file to write: F.iso, or F.cue for BIN/CUE (raw 2352-byte sectors)")->required();
  cmd->add_option("--volume-name", o->stage.volume_name, "Volume label (default: today's date, as IMAPI)");
  cmd->add_flag("--overwrite", o->stage.overwrite, "A later PATH's file replaces an earlier one of the same name");
  cmd->add_flag("--no-rock{false}", o->stage.rock_ridge, "Leave Rock Ridge out: ISO 9660 + Joliet only");
  cmd->add_option("--iso-level", o->stage.iso_level, "ISO 9660 interchange level: 1 (8.3 names), 2, 3 (files ≥ 4 GiB)")
      ->check(CLI::Range(1, 3));
  cmd->add_option("--boot", o->stage.boot_image, "El Torito boot image file (the image is bootable)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--boot-emulation", o->stage.boot_emulation, "none (default), floppy or hard-disk")
      ->check(CLI::IsMember({"none", "floppy", "hard-disk"}));
  cmd->add_option("--boot-platform", o->stage.boot_platform, "x86 (default), efi, ppc or mac")
      ->check(CLI::IsMember({"x86", "efi", "ppc", "mac"}));
  cmd->add_option("--boot-load-size", o->stage.boot_load_size, "No emulation: 512-byte sectors the BIOS loads (default 4)");
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
