// Opening and listing devices (see device.h).
#include "tools/discmaster/device.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "emulator/drive/profile_loader.h"
#include "emulator/media/medium_file.h"
#include "engine/api/system_drives.h"
#include "engine/mmc/drive.h"
#include "engine/transport/cdio_transport.h"
#include "emulator/media/medium_image.h"

namespace dm::cli {
namespace {

constexpr std::string_view kVirtualPrefix = "virtual";

std::string knownMediumKinds() {
  std::string list;
  for (const vrec::MediumKindInfo& info : vrec::allMediumKinds())
    list += (list.empty() ? "" : ", ") + std::string(info.name);
  return list;
}

}  // namespace

void addMediumImageOption(CLI::App& cmd, DeviceChoice& choice) {
  CLI::Option* image = cmd.add_option("--medium-image", choice.medium_image,
                                      "Virtual recorders: a pre-recorded disc made from F (.iso, or .cue with its BIN)");
  if (CLI::Option* file = cmd.get_option_no_throw("--medium-file")) image->excludes(file);
}

void noteMediumChoice(const CLI::App& cmd, DeviceChoice& choice) { choice.medium_given = cmd.count("--medium") > 0; }

std::filesystem::path profileDirectory() {
  // DISCMASTER_PROFILES overrides the source tree's scenarios/drives (the emulator's built-in
  // directory), e.g. for an installed binary or a test's own profiles.
  if (const char* dir = std::getenv("DISCMASTER_PROFILES"); dir != nullptr && *dir != '\0') return dir;
  return vrec::builtinProfileDirectory();
}

Result<OpenDevice> openDevice(const DeviceChoice& choice) {
  const std::string& dev = choice.device;
  if (dev.rfind(kVirtualPrefix, 0) != 0) {
    if (!choice.medium_file.empty() || !choice.medium_image.empty()) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("{} {}: media made up from files belong to virtual recorders, and {} is a real drive",
                                choice.medium_file.empty() ? "--medium-image" : "--medium-file",
                                choice.medium_file.empty() ? choice.medium_image : choice.medium_file, dev));
    }
    DM_ASSIGN_OR_RETURN(std::unique_ptr<CdioTransport> transport, CdioTransport::open(dev));
    OpenDevice out;
    out.name = dev;
    out.transport = std::move(transport);
    return out;
  }
  std::string profile_name = "default";
  if (dev.size() > kVirtualPrefix.size()) {
    if (dev[kVirtualPrefix.size()] != ':' || dev.size() == kVirtualPrefix.size() + 1) {
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("-d {}: expected a device path or virtual[:PROFILE]", dev));
    }
    profile_name = dev.substr(kVirtualPrefix.size() + 1);
  }
  vrec::ProfileLoad load = vrec::findDriveProfile(profileDirectory(), profile_name);
  if (!load.ok()) return Status(ResultCode::kDeviceNotPresent, fmt::format("-d {}: {}", dev, load.error));
  vrec::DriveProfile profile = std::move(*load.profile);
  for (const std::string& name : choice.quirks) {
    const auto quirk = vrec::parseQuirk(name);
    if (!quirk) {
      const std::string_view near = vrec::suggestQuirk(name);
      return Status(ResultCode::kInvalidArgument,
                    fmt::format("--quirk {}: no such quirk{}; `discmaster quirks list` names them all", name,
                                near.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", near)));
    }
    profile.quirks.set(*quirk);
  }
  const auto kind = vrec::parseMediumKind(choice.medium);
  if (!kind) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("--medium {}: unknown medium kind (known: {})", choice.medium, knownMediumKinds()));
  }
  std::optional<vrec::Medium> medium;
  std::error_code ec;
  if (!choice.medium_file.empty() && std::filesystem::exists(choice.medium_file, ec)) {
    vrec::MediumFileLoad disc = vrec::MediumFile::load(choice.medium_file);
    if (!disc.ok()) return Status(ResultCode::kInvalidImage, fmt::format("--medium-file {}", disc.error));
    medium = std::move(disc.medium);
  }
  if (!choice.medium_image.empty()) {
    vrec::MediumImageLoad disc =
        vrec::MediumImage::load(choice.medium_image, choice.medium_given ? kind : std::nullopt);
    if (!disc.ok()) return Status(ResultCode::kInvalidImage, fmt::format("--medium-image {}", disc.error));
    medium = std::move(disc.medium);
  }
  OpenDevice out;
  out.name = fmt::format("virtual:{}", profile.name);
  out.recorder =
      std::make_unique<vrec::Recorder>(std::move(profile), medium ? std::move(*medium) : vrec::Medium::blank(*kind));
  out.transport = std::make_unique<glue::VirtualTransport>(*out.recorder, out.name);
  return out;
}

std::string OpenDevice::describeMedium() const {
  if (recorder) return recorder->medium().describe();
  mmc::Drive drive(*transport);
  auto profile = drive.currentProfile();
  if (!profile) return fmt::format("unknown ({})", profile.error().message());
  if (*profile == static_cast<uint16_t>(mmc::Profile::kNone)) return "no disc";
  auto disc = drive.discInformation();
  const std::string kind = mmc::profileName(*profile);
  if (!disc) return kind;
  if (disc->status == mmc::DiscStatus::kBlank) return kind + " (blank)";
  return fmt::format("{} ({} session{}, {})", kind, disc->sessions, disc->sessions == 1 ? "" : "s",
                     mmc::discStatusName(disc->status));
}

Status OpenDevice::requireVirtual(std::string_view option) const {
  if (recorder) return Status::Ok();
  return Status(ResultCode::kInvalidArgument,
                fmt::format("{}: only a virtual recorder can do this, and {} is a real drive", option, name));
}

Status confirmWrite(const OpenDevice& device, bool yes, std::string_view action) {
  if (device.isVirtual() || yes) return Status::Ok();
  const std::string medium = device.describeMedium();
  if (isatty(STDIN_FILENO) == 0) {
    return Status(ResultCode::kUserAbort,
                  fmt::format("{} on the real drive {} ({}) needs confirmation: add --yes", action, device.name, medium));
  }
  std::cerr << fmt::format("{} on the real drive {} ({})? [y/N] ", action, device.name, medium) << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer == "y" || answer == "Y" || answer == "yes") return Status::Ok();
  return Status(ResultCode::kUserAbort, fmt::format("{} on {}: not confirmed; nothing was written", action, device.name));
}

Status saveMedium(const DeviceChoice& choice, const OpenDevice& device) {
  if (choice.medium_file.empty() || !device.recorder) return Status::Ok();
  if (auto error = vrec::MediumFile::save(device.recorder->medium(), choice.medium_file)) {
    return Status(ResultCode::kFileAccess, fmt::format("--medium-file {}", *error));
  }
  return Status::Ok();
}

std::vector<DeviceListing> listDevices() {
  std::vector<DeviceListing> out;
  const std::filesystem::path dir = profileDirectory();
  for (const std::string& name : vrec::listDriveProfiles(dir)) {
    const vrec::ProfileLoad load = vrec::findDriveProfile(dir, name);
    if (!load.ok()) {
      out.push_back({fmt::format("virtual:{}", name), "virtual", "", "", "", fmt::format("unusable: {}", load.error)});
      continue;
    }
    const vrec::DriveProfile& p = *load.profile;
    const std::string role = name == "default" ? "default; " : "";
    out.push_back({fmt::format("virtual:{}", name), "virtual", p.vendor, p.product, p.revision,
                   fmt::format("ready ({}{}; medium {} unless --medium)", role, p.description, kDefaultMedium)});
  }
  // Real drives as libcdio enumerates them (cdio_get_devices scans /dev/sr* and friends; aliases
  // of one device node are listed once), each opened and asked who it is; one that cannot be
  // opened says why.
  for (const std::string& path : api::systemDrivePaths()) {
    auto transport = CdioTransport::open(path);
    if (!transport) {
      out.push_back({path, "real", "", "", "", fmt::format("unusable: {}", transport.error().message())});
      continue;
    }
    mmc::Drive drive(**transport);
    auto id = drive.inquiry();
    if (!id) {
      out.push_back({path, "real", "", "", "", fmt::format("unusable: {}", id.error().message())});
      continue;
    }
    out.push_back({path, "real", id->vendor, id->product, id->revision, "ready"});
  }
  return out;
}

}  // namespace dm::cli
