// The preparation every burn shares (see burn_preparation.h).
#include "engine/burn/burn_preparation.h"

#include <fmt/format.h>

#include "engine/burn/medium_kind.h"

namespace dm::burn {
namespace {

constexpr Duration kReadyTimeout = std::chrono::seconds(60);

}  // namespace

Status remapPhase(Status s, ResultCode phase_code, std::string_view doing) {
  if (s.ok()) return s;
  if (s.code() == ResultCode::kGeneric) s = Status(phase_code, s.message(), s.context());
  return s.withPrefix(doing);
}

Result<PreparedDrive> prepareDrive(mmc::Drive& drive, const BurnOptions& options, BurnReport& report,
                                   QuirkHandler& quirks) {
  if (options.chosen_medium) DM_TRY(quirks.checkSameMedium(*options.chosen_medium));
  DM_TRY(remapPhase(drive.waitUntilReady(kReadyTimeout), ResultCode::kDeviceNotAccessible, "waiting for the drive"));
  DM_ASSIGN_OR_RETURN(report.drive, drive.inquiry());
  DM_ASSIGN_OR_RETURN(uint16_t profile, drive.currentProfile());
  report.medium = mmc::profileName(profile);
  if (profile == static_cast<uint16_t>(mmc::Profile::kNone)) {
    return Status(ResultCode::kMediumNotPresent, "no disc in the drive");
  }
  if (mediumKind(profile) != MediumKind::kCd) {
    // Data images on DVD go to the DVD burner (dvd_burner.h); what reaches here is CD-only.
    return Status(ResultCode::kMediumInvalidType,
                  isDvdOrBd(mediumKind(profile))
                      ? fmt::format("the disc is {}: audio tracks and CD Track-At-Once or Disc-At-Once sessions "
                                    "are written on CD-R and CD-RW only",
                                    report.medium)
                      : fmt::format("the disc is {}; this burner writes CD-R and CD-RW", report.medium));
  }
  PreparedDrive prepared;
  DM_ASSIGN_OR_RETURN(prepared.caps, drive.capabilities());
  DM_ASSIGN_OR_RETURN(prepared.disc, quirks.discInformation());
  report.disc_before = std::string(mmc::discStatusName(prepared.disc.status));
  if (!prepared.disc.writable()) {
    return Status(ResultCode::kCannotWriteToMedia,
                  fmt::format("the disc is {}: it cannot take another session", report.disc_before));
  }
  if (options.simulate && !prepared.caps.test_write) {
    return Status(ResultCode::kInitializeWrite, "the drive has no test write, so it cannot simulate");
  }
  const uint16_t kbps = options.speed_x ? mmc::cdKbpsForX(*options.speed_x) : mmc::kSpeedMaximum;
  DM_TRY(remapPhase(quirks.setWriteSpeed(kbps, prepared.caps), ResultCode::kInitializeWrite, "setting the write speed"));
  DM_ASSIGN_OR_RETURN(mmc::Capabilities after, drive.capabilities());
  report.accepted_speed_x = quirks.currentWriteSpeedX(after);
  report.bufe = options.buffer_underrun_protection && prepared.caps.buffer_underrun_protection;
  return prepared;
}

}  // namespace dm::burn
