// Opening and listing devices (see device.h).
#include "tools/discmaster/device.h"

#include <CLI/CLI.hpp>
#include <cdio/cdio.h>
#include <fmt/format.h>

#include <cstdlib>

#include "emulator/drive/profile_loader.h"
#include "emulator/media/medium_file.h"
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
    return Status(ResultCode::kDeviceNotPresent,
                  fmt::format("{}: real drives are not supported by this build yet; use -d virtual", dev));
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
  // Real drives as libcdio enumerates them (cdio_get_devices scans /dev/sr* and friends).
  if (char** devices = cdio_get_devices(DRIVER_DEVICE)) {
    for (char** d = devices; *d != nullptr; ++d) {
      out.push_back({*d, "real", "", "", "", "found; real-drive burning is not supported by this build yet"});
    }
    cdio_free_device_list(devices);
  }
  return out;
}

}  // namespace dm::cli
