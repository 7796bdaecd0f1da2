// Device selection for the CLI: `-d DEV` is a device path (/dev/sr0: a real drive through libcdio)
// or `virtual[:PROFILE]`, and MEDIUM (`--medium KIND`) picks the blank disc a virtual recorder
// starts with. An OpenDevice owns the transport the engine talks to and, for a virtual recorder,
// the recorder itself. Nothing is written to a real drive unless the user named it and confirmed.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "emulator/drive/recorder.h"
#include "engine/base/result.h"
#include "tools/glue/virtual_transport.h"

namespace CLI {
class App;
}

namespace dm::cli {

inline constexpr const char* kDefaultDevice = "virtual";
inline constexpr const char* kDefaultMedium = "cd-r80";

struct DeviceChoice {
  std::string device = kDefaultDevice;
  std::string medium = kDefaultMedium;
  // --medium-file F: the virtual disc is loaded from F if it exists (its kind wins over --medium),
  // else starts blank; saveMedium() writes it back after the command (emulator/media/medium_file.h).
  std::string medium_file;
  // --medium-image F: a pre-recorded disc made from an .iso or a .cue with its BIN
  // (emulator/media/medium_image.h); the kind is --medium's if given, else the smallest CD-R it
  // fits on. Excludes --medium-file.
  std::string medium_image;
  bool medium_given = false;  // --medium was on the command line (noteMediumChoice)
  // --quirk NAME (repeatable): firmware quirks switched on beside the profile's (emulator/quirks).
  std::vector<std::string> quirks;
};

struct OpenDevice {
  std::string name;  // "virtual:default", "/dev/sr0"
  std::unique_ptr<vrec::Recorder> recorder;  // virtual recorders only
  std::unique_ptr<Transport> transport;

  bool isVirtual() const { return recorder != nullptr; }
  // "CD-R 80 min (blank)" from the model of a virtual recorder; from the drive's own answers
  // (current profile, disc status, sessions) on a real one.
  std::string describeMedium() const;
  // What only a virtual recorder can do (trace, export, medium files), refused clearly otherwise.
  Status requireVirtual(std::string_view option) const;
};

// Before writing or erasing a real drive: asks on the terminal unless `yes`; without a terminal
// `yes` is required. Virtual recorders need no confirmation.
Status confirmWrite(const OpenDevice& device, bool yes, std::string_view action);
// Adds --medium-image to `cmd` (exclusive with --medium-file, which must already be there).
void addMediumImageOption(CLI::App& cmd, DeviceChoice& choice);
// Records whether --medium was given; call at the start of the command's callback.
void noteMediumChoice(const CLI::App& cmd, DeviceChoice& choice);

// Where `virtual:PROFILE` looks for PROFILE.yaml: $DISCMASTER_PROFILES if set, else the source
// tree's scenarios/drives.
std::filesystem::path profileDirectory();

// Opens the chosen device. Unknown profiles and media kinds are errors naming the valid choices.
Result<OpenDevice> openDevice(const DeviceChoice& choice);

// Writes the recorder's medium to choice.medium_file; nothing when no file was asked for.
Status saveMedium(const DeviceChoice& choice, const OpenDevice& device);

struct DeviceListing {
  std::string name;    // what -d takes
  std::string kind;    // "virtual" or "real"
  std::string vendor, product, revision;
  std::string status;  // "ready", or why it cannot be used
};

// Virtual recorders, then the optical drives libcdio finds on this machine.
std::vector<DeviceListing> listDevices();

}  // namespace dm::cli
