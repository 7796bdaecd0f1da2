// Drive: command execution with retries and typed errors (see drive.h).
#include "engine/mmc/drive.h"

#include <fmt/format.h>

#include <array>

#include "engine/mmc/sense.h"

namespace dm::mmc {

Status Drive::checkCondition(const Command& command, const CommandResult& result) const {
  ErrorContext ctx;
  ctx.command = std::string(command.name);
  ctx.lba = command.lba;
  ctx.blocks = command.blocks;
  ctx.sense = result.sense.triple;
  std::string where = std::string(command.name);
  if (command.lba) where += fmt::format(" lba={}", *command.lba);
  if (command.blocks) where += fmt::format(" len={}", *command.blocks);
  return Status(resultForSense(result.sense.triple),
                fmt::format("{}: {}", where, describeSense(result.sense.triple)), std::move(ctx));
}

Result<CommandResult> Drive::run(const Command& command, std::span<uint8_t> data) {
  const Duration started = clock().now();
  Duration pause = command.direction == Direction::kToDevice ? kWriteRetryStep : kBusyPollFirst;
  bool unit_attention_seen = false;
  for (;;) {
    DM_ASSIGN_OR_RETURN(CommandResult r, transport_.execute(command.cdb, command.direction, data, command.timeout));
    if (r.good()) return r;
    if (r.status != kScsiStatusCheckCondition) {
      ErrorContext ctx;
      ctx.command = std::string(command.name);
      return Status(ResultCode::kGeneric, fmt::format("{}: SCSI status 0x{:02X}", command.name, r.status), ctx);
    }
    const SenseTriple& s = r.sense.triple;
    // A unit attention reports an event (medium change, reset) and is cleared by reporting it;
    // the command itself was not executed, so send it once more (SPC-3 §5.8.7).
    if (isUnitAttention(s) && !unit_attention_seen && command.cdb.opcode() != 0x03) {
      unit_attention_seen = true;
      if (s.asc == 0x28) ++medium_change_attentions_;
      continue;
    }
    const bool busy = s.key == 0x02 && s.asc == 0x04 && (s.ascq == 0x07 || s.ascq == 0x08);
    if (!isTransientNotReady(s) || (busy && !wait_out_busy_) || clock().now() - started + pause > command.timeout) {
      return checkCondition(command, r);
    }
    if (busy) ++busy_retries_;
    clock().sleepFor(pause);
    const Duration cap = command.direction == Direction::kToDevice ? kWriteRetryMax : kBusyPollMax;
    pause = std::min(pause * 2, cap);
  }
}

Status Drive::waitUntilReady(Duration timeout) {
  const Duration started = clock().now();
  Duration pause = kBusyPollFirst;
  for (;;) {
    const Command tur = testUnitReady();
    DM_ASSIGN_OR_RETURN(CommandResult r, transport_.execute(tur.cdb, tur.direction, {}, tur.timeout));
    if (r.good()) return Status::Ok();
    const SenseTriple& s = r.sense.triple;
    const bool wait = isUnitAttention(s) || isTransientNotReady(s) || (s.key == 0x02 && s.asc == 0x04);
    if (!wait) return checkCondition(tur, r);
    if (clock().now() - started > timeout) {
      return checkCondition(tur, r).withPrefix(
          fmt::format("drive still busy after {} s", std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
    }
    if (isUnitAttention(s) && s.asc == 0x28) ++medium_change_attentions_;
    if (!isUnitAttention(s)) {
      if (wait_listener_) wait_listener_();
      clock().sleepFor(pause);
      pause = std::min(pause + kBusyPollFirst, kBusyPollMax);
    }
  }
}

Result<std::vector<uint8_t>> Drive::runForData(const Command& command) {
  std::vector<uint8_t> buffer(command.transfer_bytes);
  DM_ASSIGN_OR_RETURN(CommandResult r, run(command, buffer));
  buffer.resize(std::min(buffer.size(), r.transferred));
  return buffer;
}

Result<InquiryData> Drive::inquiry() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(mmc::inquiry(36)));
  return parseInquiry(reply);
}

Result<uint16_t> Drive::currentProfile() {
  // Ask for the header alone first, as libburn and cdrecord do: some drives mishandle large
  // allocation lengths, and the header carries the current profile (MMC-5 §6.6).
  DM_ASSIGN_OR_RETURN(auto reply, runForData(getConfiguration(ConfigurationRequest::kCurrent, 0, 8)));
  DM_ASSIGN_OR_RETURN(auto header, parseConfigurationHeader(reply));
  return header.current_profile;
}

Result<std::vector<ProfileEntry>> Drive::profiles() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(getConfiguration(ConfigurationRequest::kOne, 0x0000, 8 + 4 + 4 * 64)));
  return parseProfileList(reply);
}

Result<DiscInformation> Drive::discInformation() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(readDiscInformation(34)));
  return parseDiscInformation(reply);
}

Result<TrackInformation> Drive::trackInformation(TrackAddressType type, uint32_t address) {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(readTrackInformation(type, address, 36)));
  return parseTrackInformation(reply);
}

Result<SessionInfo> Drive::sessionInfo() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(readToc(1, /*msf=*/false, 0, 12)));
  return parseSessionInfo(reply);
}

Result<AtipInfo> Drive::atip() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(readToc(4, /*msf=*/true, 0, 28)));
  return parseAtip(reply);
}

Result<WriteParametersPage> Drive::writeParameters() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(modeSense10(0x05, PageControl::kCurrent, 8 + 2 + 0x36)));
  return parseWriteParametersPage(reply);
}

Status Drive::selectWriteParameters(const WriteParametersPage& page) {
  std::vector<uint8_t> list = composeModeSelect(page);
  return run(modeSelect10(static_cast<uint16_t>(list.size())), list).status();
}

Result<Capabilities> Drive::capabilities() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(modeSense10(0x2A, PageControl::kCurrent, 8 + 256)));
  return parseCapabilitiesPage(reply);
}

Status Drive::setWriteSpeed(uint16_t write_kbps) { return run(setCdSpeed(kSpeedMaximum, write_kbps)).status(); }

Result<BufferCapacity> Drive::bufferCapacity() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(readBufferCapacity()));
  return parseBufferCapacity(reply);
}

Status Drive::write(uint32_t lba, uint16_t blocks, uint32_t block_size, std::span<const uint8_t> data) {
  // The transport's buffer is mutable for both directions; a WRITE only reads from it.
  auto* bytes = const_cast<uint8_t*>(data.data());
  return run(write10(lba, blocks, block_size), {bytes, data.size()}).status();
}

Status Drive::sendCueSheet(std::span<const uint8_t> cue_sheet) {
  auto* bytes = const_cast<uint8_t*>(cue_sheet.data());  // read only, as for WRITE
  return run(mmc::sendCueSheet(static_cast<uint32_t>(cue_sheet.size())), {bytes, cue_sheet.size()}).status();
}

Status Drive::readAudio(uint32_t lba, uint16_t blocks, std::span<uint8_t> out, bool with_q) {
  return run(readCdAudio(lba, blocks, with_q), out).status();
}

Status Drive::readAudioChecked(uint32_t lba, uint16_t blocks, std::span<uint8_t> out, bool with_c2, bool with_q) {
  return run(readCdAudioChecked(lba, blocks, with_c2, with_q), out).status();
}

Result<std::vector<uint16_t>> Drive::performanceWriteSpeeds() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(getPerformanceWriteSpeeds(32)));
  return parseWriteSpeedDescriptors(reply);
}

Result<uint32_t> Drive::nominalWriteKbps() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(getPerformanceNominalWrite()));
  return parseNominalPerformance(reply);
}

Result<std::vector<uint8_t>> Drive::rawToc(uint8_t format, bool msf) {
  return runForData(readToc(format, msf, format == 0 ? 1 : 0, 4 + 11 * 100 + 4));
}

Status Drive::read(uint32_t lba, uint16_t blocks, std::span<uint8_t> out) {
  return run(read10(lba, blocks), out).status();
}

Status Drive::synchronizeCache() {
  DM_TRY(run(mmc::synchronizeCache(true)).status());
  return waitUntilReady(kImmedCloseTimeout);
}

Status Drive::closeTrack(uint16_t track) {
  DM_TRY(run(closeTrackSession(true, CloseFunction::kTrack, track)).status());
  return waitUntilReady(kImmedCloseTimeout);
}

Status Drive::closeSession() {
  DM_TRY(run(closeTrackSession(true, CloseFunction::kSession, 0)).status());
  return waitUntilReady(kImmedCloseTimeout);
}

Status Drive::close(CloseFunction function, uint16_t track) {
  DM_TRY(run(closeTrackSession(true, function, track)).status());
  return waitUntilReady(kImmedCloseTimeout);
}

Status Drive::reserveTrack(uint32_t blocks) { return run(mmc::reserveTrack(blocks)).status(); }

Status Drive::format(FormatType type, uint32_t blocks, uint32_t parameter) {
  std::array<uint8_t, 12> list = formatList(true, type, blocks, parameter);
  DM_TRY(run(formatUnit(), list).status());
  return waitUntilReady(kFormatTimeout);
}

Result<FormatCapacities> Drive::formatCapacities() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(readFormatCapacities()));
  return parseFormatCapacities(reply);
}

Status Drive::setStreamingSpeed(uint32_t end_lba, uint32_t write_kbps) {
  // The descriptor sets both rates; reading at the writing rate keeps the value one the drive lists.
  std::array<uint8_t, 28> descriptor = streamingDescriptor(end_lba, write_kbps, write_kbps);
  return run(setStreaming(), descriptor).status();
}

Status Drive::blank(BlankType type) {
  DM_TRY(run(mmc::blank(true, type)).status());
  return waitUntilReady(kBlankTimeout);
}

Status Drive::lockTray(bool locked) { return run(preventAllowMediumRemoval(locked)).status(); }

Result<MediaEvent> Drive::mediaEvent() {
  DM_ASSIGN_OR_RETURN(auto reply, runForData(getMediaEventStatus()));
  return parseMediaEvent(reply);
}

Result<std::optional<SenseTriple>> Drive::probeUnitReady() {
  const Command tur = testUnitReady();
  DM_ASSIGN_OR_RETURN(CommandResult r, transport_.execute(tur.cdb, tur.direction, {}, tur.timeout));
  if (r.good()) return std::optional<SenseTriple>();
  if (r.status != kScsiStatusCheckCondition) return checkCondition(tur, r);
  if (isUnitAttention(r.sense.triple) && r.sense.triple.asc == 0x28) ++medium_change_attentions_;
  return std::optional<SenseTriple>(r.sense.triple);
}

Status Drive::eject() {
  DM_TRY(lockTray(false));
  return run(startStopUnit(false, true, false)).status();
}

}  // namespace dm::mmc
