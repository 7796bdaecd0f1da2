// The command frame every command goes through: CDB length and control byte, data direction,
// background operations (IMMED), unit attention, then the handler from the dispatch table; then
// timing (command overhead + host transfer), pending sense for REQUEST SENSE, and the trace line.
#include "emulator/drive/drive.h"

#include <algorithm>
#include <cstring>

#include "emulator/drive/cdb.h"
#include "emulator/drive/bd_speed.h"
#include "emulator/drive/dvd_speed.h"
#include "emulator/sim/rate.h"

namespace vrec {
namespace {

constexpr uint8_t kControlNaca = 0x04;  // SPC-3 CONTROL byte: NACA, unsupported
constexpr uint8_t kControlLink = 0x01;  // SPC-3 CONTROL byte: obsolete LINK bit

DriveProfile usableProfile(DriveProfile profile) {
  // A recorder never divides by zero: unusable values get safe stand-ins (see problem()).
  if (profile.buffer_bytes == 0) profile.buffer_bytes = 2u * 1024u * 1024u;
  if (profile.host_bytes_per_second == 0) profile.host_bytes_per_second = 1;
  std::erase(profile.cd_write_speeds_x, uint16_t{0});
  std::erase(profile.cdrw_write_speeds_x, uint16_t{0});
  std::erase(profile.dvd_r_write_speeds_x, uint16_t{0});
  std::erase(profile.dvd_plus_rw_write_speeds_x, uint16_t{0});
  if (profile.writesDvd() && profile.max_dvd_read_speed_x == 0) profile.max_dvd_read_speed_x = profile.dvd_r_write_speeds_x.front();
  std::erase(profile.bd_r_write_speeds_x, uint16_t{0});
  std::erase(profile.bd_re_write_speeds_x, uint16_t{0});
  if (profile.writesBd() && profile.max_bd_read_speed_x == 0) profile.max_bd_read_speed_x = profile.bd_r_write_speeds_x.front();
  if (profile.cd_write_speeds_x.empty()) profile.cd_write_speeds_x = {1};
  if (profile.max_read_speed_x == 0) profile.max_read_speed_x = profile.cd_write_speeds_x.front();
  return profile;
}

std::string opcodeName(uint8_t opcode) {
  std::string name = "OPCODE_00";
  name[7] = "0123456789ABCDEF"[opcode >> 4];
  name[8] = "0123456789ABCDEF"[opcode & 0xF];
  return name;
}

}  // namespace

Drive::Drive(DriveProfile profile, Medium medium)
    : profile_(usableProfile(std::move(profile))), medium_(std::move(medium)), buffer_(profile_.buffer_bytes) {
  // Page 01h (Read/Write Error Recovery, mmc.md §4.3): length 0Ah, all recovery left to the drive.
  error_recovery_page_[0] = 0x01;
  error_recovery_page_[1] = 0x0A;
  // mmc.md §9 #37: this firmware powers up with a reserved data block type in page 05h.
  if (profile_.quirks.has(Quirk::kInvalidPage05Defaults)) write_params_.data_block_type = 7;
}

CommandOutcome Drive::execute(std::span<const uint8_t> cdb, DataDirection direction, std::span<uint8_t> data) {
  scheduler_.runUntil(now());
  // The command's place in the trace is its arrival, ahead of anything it sets in motion.
  const uint64_t trace_place = trace_.reserve();
  Command c;
  c.cdb = cdb;
  c.direction = direction;
  c.data = data;
  c.started = now();
  c.ready = addTicks(c.started, profile_.command_overhead);

  const uint8_t opcode = cdb.empty() ? 0 : cdb[0];
  const CommandSpec& spec = kCommands[opcode];
  const bool implemented = spec.handler != nullptr && ((spec.flags & kDvdWriterOnly) == 0 || profile_.writesDvd());
  const std::string name = implemented ? std::string(spec.name) : opcodeName(opcode);
  if (cdb.empty()) {
    c.failure = SenseReport{kSenseInvalidFieldInCdb};
  } else if (!implemented) {
    // SPC-3: an unsupported operation code, including MODE SENSE(6)/MODE SELECT(6) which ATAPI
    // MMC drives do not implement (mmc.md §2).
    failField(c, kSenseInvalidOpcode, 0);
  } else if (auto frame = checkFrame(cdb, direction, data, spec)) {
    c.failure = frame;
  } else if (busy_ && (spec.flags & kAllowedWhileBusy) == 0) {
    c.failure = busyReport();
  } else if (!busy_ && unit_attention_ && (spec.flags & kNoUnitAttention) == 0) {
    // SPC-3 unit attention condition: reported once, to the first command that may carry it.
    c.failure = SenseReport{*unit_attention_};
    unit_attention_.reset();
  } else if (const auto refused = refusedMediumSense(opcode)) {
    c.failure = SenseReport{*refused};
  } else {
    (this->*spec.handler)(c);
  }

  const Ticks finished = std::max(c.started, c.finished ? *c.finished : addTicks(c.ready, transferTicks(c.transferred)));
  // Whatever the drive does on its own while the command runs happens before the host sees it end.
  scheduler_.runUntil(finished);
  if (opcode != op::kRequestSense) pending_sense_ = c.failure;

  trace_.command(trace_place, c.started, finished, name, c.params, c.failure ? senseCode(c.failure->sense) : std::string(),
                 bufferLevel());

  CommandOutcome outcome;
  outcome.transferred = c.transferred;
  outcome.started = c.started;
  outcome.finished = finished;
  if (c.failure) {
    outcome.status = kStatusCheckCondition;
    outcome.sense = c.failure->encode();
    outcome.sense_length = kFixedSenseLength;
  }
  return outcome;
}

std::optional<SenseReport> Drive::checkFrame(std::span<const uint8_t> cdb, DataDirection direction,
                                             std::span<uint8_t> data, const CommandSpec& spec) const {
  const size_t length = cdbLengthForOpcode(cdb[0]);
  const bool exact = cdb.size() == length;
  const bool atapi_padded = cdb.size() == kAtapiPacketLength && length < kAtapiPacketLength &&
                            std::all_of(cdb.begin() + static_cast<ptrdiff_t>(length), cdb.end(),
                                        [](uint8_t b) { return b == 0; });
  if (length == 0 || (!exact && !atapi_padded)) return SenseReport{kSenseInvalidFieldInCdb};
  const uint8_t control = cdb[length - 1];
  if ((control & (kControlNaca | kControlLink)) != 0) {
    SenseReport report{kSenseInvalidFieldInCdb};
    report.field = FieldPointer{true, static_cast<uint16_t>(length - 1), (control & kControlNaca) != 0 ? 2 : 0};
    return report;
  }
  // The host's transfer direction must agree with the command's (a data-in command cannot be
  // given data, a data-out command cannot receive any).
  const bool has_data = !data.empty();
  const bool contradicts =
      (spec.direction == DataDirection::kFromDevice && direction == DataDirection::kToDevice && has_data) ||
      (spec.direction == DataDirection::kToDevice && direction == DataDirection::kFromDevice && has_data) ||
      (spec.direction == DataDirection::kNone && direction == DataDirection::kToDevice && has_data);
  if (contradicts) return SenseReport{kSenseInvalidFieldInCdb};
  return std::nullopt;
}

SenseReport Drive::busyReport() const {
  SenseReport report{busy_->sense};
  // mmc.md §9 #18: TUR said GOOD, so the next command is the one that meets the running operation.
  if (profile_.quirks.has(Quirk::kTurReadyWhileBusy)) report.sense = kSenseOperationInProgress;
  const Ticks span = busy_->until - busy_->started;
  const Ticks done = now() > busy_->started ? now() - busy_->started : 0;
  // mmc.md §5.1: progress as a fraction of 65,536 in the sense-key-specific bytes.
  const uint64_t fraction = span == 0 ? 0xFFFF : done * uint64_t{0x10000} / span;
  report.progress = static_cast<uint16_t>(std::min<uint64_t>(fraction, 0xFFFF));
  return report;
}

std::optional<Sense> Drive::mediumAbsence() const {
  if (tray_open_) return kSenseNoMediumTrayOpen;
  if (!medium_present_) return kSenseNoMediumTrayClosed;
  return std::nullopt;
}

bool Drive::requireMedium(Command& c) {
  if (const auto absence = mediumAbsence()) {
    fail(c, *absence);
    return false;
  }
  return true;
}

void Drive::fail(Command& c, Sense sense) { c.failure = SenseReport{sense}; }

void Drive::failField(Command& c, Sense sense, uint16_t byte, std::optional<uint8_t> bit) {
  c.failure = SenseReport{sense};
  c.failure->field = FieldPointer{true, byte, bit};
}

void Drive::failParameter(Command& c, Sense sense, uint16_t byte, std::optional<uint8_t> bit) {
  c.failure = SenseReport{sense};
  c.failure->field = FieldPointer{false, byte, bit};
}

void Drive::failAt(Command& c, Sense sense, int32_t lba) {
  c.failure = SenseReport{sense};
  c.failure->information = lbaToWire(lba);
}

void Drive::reply(Command& c, std::span<const uint8_t> bytes, size_t allocation_length) {
  const size_t count = std::min({bytes.size(), allocation_length, c.data.size()});
  if (count > 0) std::memcpy(c.data.data(), bytes.data(), count);
  c.transferred = count;
}

Ticks Drive::transferTicks(size_t bytes) const { return ticksToMove(bytes, profile_.host_bytes_per_second); }

std::span<const uint16_t> Drive::writeSpeeds() const {
  if (bdLoaded() && profile_.writesBd()) {
    const bool rewritable = medium_.family() == MediumFamily::kBdRe && !profile_.bd_re_write_speeds_x.empty();
    return rewritable ? profile_.bd_re_write_speeds_x : profile_.bd_r_write_speeds_x;
  }
  if (dvdLoaded() && !bdLoaded() && profile_.writesDvd()) {
    const bool rewritable = medium_.family() == MediumFamily::kDvdPlusRw && !profile_.dvd_plus_rw_write_speeds_x.empty();
    return rewritable ? profile_.dvd_plus_rw_write_speeds_x : profile_.dvd_r_write_speeds_x;
  }
  if (medium_present_ && medium_.isErasable() && !profile_.cdrw_write_speeds_x.empty()) {
    return profile_.cdrw_write_speeds_x;
  }
  return profile_.cd_write_speeds_x;
}

uint16_t Drive::currentWriteSpeedX() const {
  const std::span<const uint16_t> speeds = writeSpeeds();
  const uint16_t fastest = *std::max_element(speeds.begin(), speeds.end());
  const uint16_t slowest = *std::min_element(speeds.begin(), speeds.end());
  if (requested_write_kbps_ == kSpeedMaximum) return fastest;
  // mmc.md §8.1: the drive rounds down to the nearest supported speed; below the slowest it
  // records at the slowest rather than refusing.
  // DVD requests come in 1,385 kB/s units, BD in 4,495.5 kB/s (SET STREAMING, libburn, growisofs;
  // mmc.md §8.1), counted here in tenths of a kB/s.
  const uint32_t per_1x_tenths = bdLoaded() ? kBdTenthKbpsPer1x : (dvdLoaded() ? kDvdKbpsPer1x : kCdRequestKbpsPer1x) * 10;
  uint16_t chosen = 0;
  for (uint16_t speed : speeds) {
    if (uint64_t{speed} * per_1x_tenths <= uint64_t{requested_write_kbps_} * 10 && speed > chosen) chosen = speed;
  }
  return chosen == 0 ? slowest : chosen;
}

void Drive::advance(Ticks ticks) { scheduler_.runUntil(addTicks(now(), ticks)); }

void Drive::setBusy(Sense sense, Ticks from, Ticks until) {
  busy_ = BusyOperation{sense, from, until};
  scheduler_.cancel(busy_event_);
  busy_event_ = scheduler_.schedule(until, [this] { busy_.reset(); });
}

std::optional<ExportError> Drive::exportIso(const std::filesystem::path& path) const {
  if (!medium_present_) return ExportError{"cannot write ISO image '" + path.string() + "': no medium in the recorder"};
  if (auto message = medium_.exportIso(path)) return ExportError{std::move(*message)};
  return std::nullopt;
}

bool Drive::insertMedium(Medium medium) {
  if (!tray_open_) return false;
  medium_ = std::move(medium);
  medium_present_ = true;
  trace_.event(now(), now(), "MEDIUM-PLACED", medium_.describe());
  return true;
}

bool Drive::removeMedium() {
  if (!tray_open_ || !medium_present_) return false;
  medium_present_ = false;
  trace_.event(now(), now(), "MEDIUM-TAKEN", medium_.describe());
  return true;
}

}  // namespace vrec
