// discmaster: the command-line front end. Subcommands and flags follow the CLI contract in
// DESIGN.md; every command takes --json and --help, and exits with the documented code table.
#include <CLI/CLI.hpp>
#include <cdio/version.h>

#include <iostream>

#include "tools/discmaster/commands.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"

int main(int argc, char** argv) {
  CLI::App app{"discmaster: stage and burn ISO 9660/Joliet discs on real or virtual MMC recorders"};
  app.footer(std::string("\n") + dm::cli::kExitCodeTable);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("discmaster 0.1.0 (libcdio ") + CDIO_VERSION + ")");

  int exit_code = dm::cli::kExitOk;
  dm::cli::addDevicesCommand(app, exit_code);
  dm::cli::addInfoCommand(app, exit_code);
  dm::cli::addBurnCommand(app, exit_code);
  dm::cli::addImageCommand(app, exit_code);
  dm::cli::addBlankCommand(app, exit_code);
  dm::cli::addEjectCommand(app, exit_code);
  dm::cli::addScenarioCommand(app, exit_code);
  dm::cli::addEmulateCommand(app, exit_code);
  dm::cli::addExportCommand(app, exit_code);
  dm::cli::addQuirksCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors are JSON too when the user asked for JSON (ecosystem.md §1: every error path).
    bool json = false;
    for (int i = 1; i < argc; ++i) json = json || std::string_view(argv[i]) == "--json";
    if (json) {
      dm::cli::Output(true).result(dm::Status(dm::ResultCode::kInvalidArgument, e.what()),
                                   dm::cli::kExitUsage, 0);
    } else {
      app.exit(e);
    }
    return dm::cli::kExitUsage;
  }
  return exit_code;
}
