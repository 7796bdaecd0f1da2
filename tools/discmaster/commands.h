// The discmaster subcommands. Each registers itself on the CLI11 app with its options, examples
// and callback; the callback stores the process exit code in `exit_code`.
#pragma once

namespace CLI {
class App;
}

namespace dm::cli {

void addDevicesCommand(CLI::App& app, int& exit_code);
void addInfoCommand(CLI::App& app, int& exit_code);
void addBurnCommand(CLI::App& app, int& exit_code);
void addImageCommand(CLI::App& app, int& exit_code);
void addBlankCommand(CLI::App& app, int& exit_code);
void addEjectCommand(CLI::App& app, int& exit_code);
void addScenarioCommand(CLI::App& app, int& exit_code);
void addEmulateCommand(CLI::App& app, int& exit_code);
void addExportCommand(CLI::App& app, int& exit_code);
void addQuirksCommand(CLI::App& app, int& exit_code);

}  // namespace dm::cli
