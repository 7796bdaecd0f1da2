// The default drive profile and profile checks. Each default value names its source.
#include "emulator/drive/drive_profile.h"

namespace vrec {

DriveProfile DriveProfile::defaultCdRecorder() {
  DriveProfile p;
  p.name = "default";
  p.vendor = "DISCMSTR";
  p.product = "VIRTUAL CD-RW";
  p.revision = "1.00";
  p.serial_number = "VREC0000000001";
  p.description = "the built-in virtual recorder, a generic 48x CLV CD-RW writer with BURN-Proof";
  // mmc.md §1.6: CD-R era drives carry 0.5-2 MiB; 2 MiB gives the 11.9 s endurance at 1× of §7.
  p.buffer_bytes = 2u * 1024u * 1024u;
  // ATA UDMA mode 2 ("UDMA-33"): 33.3 MB/s burst; 33,000,000 B/s keeps the arithmetic round.
  p.host_bytes_per_second = 33'000'000;
  // mmc.md §8.1: "drives list e.g. 48×, 40×, 32×, 24×, 16× for CD-R"; 8× and 4× as the slow end.
  p.cd_write_speeds_x = {48, 40, 32, 24, 16, 8, 4};
  // CD-RW media are written far slower (High Speed / Ultra Speed RW classes top out at 10×/24×).
  p.cdrw_write_speeds_x = {24, 16, 10, 4};
  p.max_read_speed_x = 48;
  // mmc.md §8.2: BURN-Proof (page 05 BUFE) pauses and relinks instead of ruining the disc.
  p.underrun_protection = true;
  p.test_write = true;
  p.max_cue_sheet_bytes = 4'096;
  // mmc.md §7: non-media commands cost 0.1-2 ms on SATA/ATAPI; 0.5 ms sits inside that range.
  p.command_overhead = kTicksPerMillisecond / 2;
  // mmc.md §7: an OPC takes 0.5-3 s; 1 s is the middle of the range most drives show.
  p.opc_duration = kTicksPerSecond;
  // mmc.md §7 gives no tray figure; 1 s is a typical tray-out time (unverified, est.).
  p.eject_duration = kTicksPerSecond;
  // mmc.md §7: tray close → medium recognised takes 5-20 s; the fast end for a known blank.
  p.load_duration = 5 * kTicksPerSecond;
  // mmc.md §7: a minimal CD-RW blank takes 30-90 s (unverified); 40 s.
  p.blank_minimal_duration = 40 * kTicksPerSecond;
  // mmc.md §7: spin-up from stop 1-3 s for CD; a full-stroke seek ~100-250 ms (both unverified).
  p.spin_up_duration = 2 * kTicksPerSecond;
  p.seek_full_stroke = 150 * kTicksPerMillisecond;
  return p;
}

std::optional<std::string> DriveProfile::problem() const {
  if (vendor.size() > 8) return "vendor '" + vendor + "' is longer than 8 characters";
  if (product.size() > 16) return "product '" + product + "' is longer than 16 characters";
  if (revision.size() > 4) return "revision '" + revision + "' is longer than 4 characters";
  if (buffer_bytes == 0) return std::string("buffer_bytes is 0");
  if (host_bytes_per_second == 0) return std::string("host_bytes_per_second is 0");
  if (cd_write_speeds_x.empty()) return std::string("cd_write_speeds_x is empty");
  for (uint16_t speed : cd_write_speeds_x) {
    if (speed == 0) return std::string("cd_write_speeds_x contains 0");
  }
  for (uint16_t speed : cdrw_write_speeds_x) {
    if (speed == 0) return std::string("cdrw_write_speeds_x contains 0");
  }
  for (const RotationRule& rule : rotation_rules) {
    if (rule.rotation == Rotation::kZclv && (rule.zones.empty() || rule.zones.front().from_lba != 0)) {
      return "rotation for " + std::to_string(rule.speed_x) + "x: Z-CLV zones must start at LBA 0";
    }
    for (size_t i = 1; i < rule.zones.size(); ++i) {
      if (rule.zones[i].from_lba <= rule.zones[i - 1].from_lba) {
        return "rotation for " + std::to_string(rule.speed_x) + "x: zones must ascend";
      }
    }
  }
  return std::nullopt;
}

RotationRule DriveProfile::rotationFor(uint16_t speed_x, bool dvd) const {
  for (const RotationRule& rule : dvd ? dvd_rotation_rules : rotation_rules) {
    if (rule.speed_x == speed_x) return rule;
  }
  return RotationRule{speed_x, Rotation::kClv, {}};
}

}  // namespace vrec
