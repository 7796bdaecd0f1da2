// The TAO data burn (see tao_data_burner.h). Phases map to IMAPI's progress callbacks.
#include "engine/burn/tao_data_burner.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "engine/mmc/sense.h"

namespace dm::burn {
namespace {

constexpr uint32_t kMode1BlockSize = 2048;
constexpr uint8_t kDataBlockTypeMode1 = 8;   // page 05 data block type: Mode 1, 2048 bytes
constexpr uint8_t kTrackModeData = 4;        // Q CONTROL: data, recorded uninterrupted
constexpr uint8_t kMultisessionNone = 0x0;   // no next session: the disc is closed
constexpr uint8_t kMultisessionNext = 0x3;   // next session allowed
constexpr Duration kReadyTimeout = std::chrono::seconds(60);
// READ BUFFER CAPACITY only after the first full buffer has been sent, and then about once per
// MiB (cdrecord's cadence; Pioneer-based firmware misbehaves when asked earlier, mmc.md §9 #16).
constexpr uint32_t kBufferPollEveryBytes = 1u << 20;

class BurnRun {
 public:
  BurnRun(mmc::Drive& drive, const SectorSource& source, const BurnOptions& options, ProgressSink* sink)
      : drive_(drive), source_(source), options_(options), sink_(sink), began_(drive.clock().now()) {}

  BurnReport run() {
    report_.device = drive_.transport().describe();
    report_.virtual_clock = drive_.clock().isVirtual();
    report_.simulate = options_.simulate;
    report_.requested_speed_x = options_.speed_x;
    report_.image_blocks = source_.totalBlocks();
    Status s = burn();
    if (s.ok() && options_.eject) s = drive_.eject().withPrefix("eject after burn");
    // The tray lock is released whatever happened, so a failed burn never leaves it locked.
    if (locked_) (void)drive_.lockTray(false);
    report_.status = s;
    report_.total_time = drive_.clock().now() - began_;
    enterPhase(Phase::kDone, {});
    if (sink_) sink_->onComplete(s);
    return report_;
  }

 private:
  Status burn() {
    enterPhase(Phase::kPreparing, {});
    DM_TRY(remap(prepare(), ResultCode::kInitializeWrite, "preparing the drive"));
    DM_TRY(writeTrack());
    enterPhase(Phase::kFlushing, {});
    DM_TRY(remap(drive_.synchronizeCache(), ResultCode::kInitializeEndWrite, "flushing the drive buffer"));
    // Average over writing and flushing: the data is on the disc only once the buffer is
    // empty, so the host-side rate alone would overstate the speed while the buffer fills.
    const double seconds = std::chrono::duration<double>(drive_.clock().now() - write_began_).count();
    if (seconds > 0) report_.average_speed_x = track_blocks_ / seconds / 75.0;
    enterPhase(Phase::kClosing, closeEstimate());
    DM_TRY(remap(drive_.closeSession(), ResultCode::kInitializeEndWrite, "closing the session"));
    DM_TRY(readBack());
    if (!options_.verify || options_.simulate) return Status::Ok();
    enterPhase(Phase::kVerifying, writeEstimate());
    VerifyResult verify;
    const Status s = verifyTrack(drive_, source_, report_.start_lba, track_blocks_, verify, sink_, began_);
    report_.verified = s.ok() || verify.first_mismatch_lba.has_value();
    report_.verify_blocks = verify.blocks_compared;
    report_.verify_mismatch_lba = verify.first_mismatch_lba;
    return s;
  }

  Status prepare() {
    DM_TRY(remap(drive_.waitUntilReady(kReadyTimeout), ResultCode::kDeviceNotAccessible, "waiting for the drive"));
    DM_ASSIGN_OR_RETURN(report_.drive, drive_.inquiry());
    DM_ASSIGN_OR_RETURN(uint16_t profile, drive_.currentProfile());
    report_.medium = mmc::profileName(profile);
    if (profile == static_cast<uint16_t>(mmc::Profile::kNone)) {
      return Status(ResultCode::kMediumNotPresent, "no disc in the drive");
    }
    if (profile != static_cast<uint16_t>(mmc::Profile::kCdR) && profile != static_cast<uint16_t>(mmc::Profile::kCdRw)) {
      return Status(ResultCode::kMediumInvalidType,
                    fmt::format("the disc is {}; this burner writes CD-R and CD-RW", report_.medium));
    }
    DM_ASSIGN_OR_RETURN(mmc::Capabilities caps, drive_.capabilities());
    DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive_.discInformation());
    report_.disc_before = std::string(mmc::discStatusName(disc.status));
    if (!disc.writable()) {
      return Status(ResultCode::kCannotWriteToMedia,
                    fmt::format("the disc is {}: it cannot take another session", report_.disc_before));
    }
    if (options_.simulate && !caps.test_write) {
      return Status(ResultCode::kInitializeWrite, "the drive has no test write, so it cannot simulate");
    }

    const uint16_t kbps = options_.speed_x ? mmc::cdKbpsForX(*options_.speed_x) : mmc::kSpeedMaximum;
    DM_TRY(remap(drive_.setWriteSpeed(kbps), ResultCode::kInitializeWrite, "setting the write speed"));
    DM_ASSIGN_OR_RETURN(mmc::Capabilities after, drive_.capabilities());
    report_.accepted_speed_x = mmc::cdSpeedX(after.current_write_kbps);

    DM_ASSIGN_OR_RETURN(mmc::WriteParametersPage page, drive_.writeParameters());
    report_.bufe = options_.buffer_underrun_protection && caps.buffer_underrun_protection;
    page.setWriteType(mmc::WriteType::kTrackAtOnce);
    page.setTestWrite(options_.simulate);
    page.setBufe(report_.bufe);
    page.setMultisession(options_.multisession ? kMultisessionNext : kMultisessionNone);
    page.setTrackMode(kTrackModeData);
    page.setDataBlockType(kDataBlockTypeMode1);
    page.setSessionFormat(0x00);
    DM_TRY(remap(drive_.selectWriteParameters(page), ResultCode::kInitializeWrite, "selecting write parameters"));
    report_.write_type = mmc::WriteType::kTrackAtOnce;

    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                        drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    if (!next.nwa_valid) return Status(ResultCode::kDiscInfo, "the drive reports no next writable address");
    report_.start_lba = next.writableStart();
    track_blocks_ = std::max(source_.totalBlocks() + options_.pad_blocks, kMinimumTrackBlocks);
    report_.padding_blocks = track_blocks_ - source_.totalBlocks();
    if (track_blocks_ > next.free_blocks) {
      return Status(ResultCode::kDiscFull, fmt::format("the track needs {} blocks; the disc has {} free",
                                                       track_blocks_, next.free_blocks));
    }
    DM_TRY(drive_.lockTray(true));
    locked_ = true;
    return Status::Ok();
  }

  Status writeTrack() {
    enterPhase(Phase::kWriting, writeEstimate());
    const uint32_t chunk = options_.chunk_blocks;
    std::vector<uint8_t> buffer(size_t{chunk} * kMode1BlockSize);
    const uint32_t image = source_.totalBlocks();
    write_began_ = drive_.clock().now();
    uint64_t bytes_sent = 0;
    uint64_t next_poll = 0;
    for (uint32_t done = 0; done < track_blocks_;) {
      if (sink_ && sink_->queryCancel()) {
        return Status(ResultCode::kUserAbort, fmt::format("cancelled after {} of {} blocks", done, track_blocks_));
      }
      const uint32_t n = std::min(chunk, track_blocks_ - done);
      std::span<uint8_t> data(buffer.data(), size_t{n} * kMode1BlockSize);
      std::fill(data.begin(), data.end(), 0);
      if (done < image) {
        const uint32_t from_image = std::min(n, image - done);
        DM_TRY(source_.readBlocks(done, from_image, data.first(size_t{from_image} * kMode1BlockSize)));
      }
      const uint32_t lba = static_cast<uint32_t>(report_.start_lba) + done;
      DM_TRY(drive_.write(lba, static_cast<uint16_t>(n), kMode1BlockSize, data));
      ++report_.write_commands;
      done += n;
      report_.blocks_written = done;
      bytes_sent += data.size();
      if (bytes_sent >= next_poll && bytes_sent >= bufferBytes()) {
        next_poll = bytes_sent + kBufferPollEveryBytes;
        DM_TRY(pollBuffer());
      }
      notifyBlocks(done);
    }
    return Status::Ok();
  }

  Status pollBuffer() {
    DM_ASSIGN_OR_RETURN(mmc::BufferCapacity cap, drive_.bufferCapacity());
    buffer_length_ = cap.length_bytes;
    last_buffer_percent_ = cap.fillPercent();
    if (report_.min_buffer_percent < 0 || last_buffer_percent_ < report_.min_buffer_percent)
      report_.min_buffer_percent = last_buffer_percent_;
    return Status::Ok();
  }

  uint64_t bufferBytes() const { return buffer_length_ ? buffer_length_ : (2u << 20); }

  void notifyBlocks(uint32_t done) {
    if (!sink_) return;
    BlockProgress p;
    p.at = drive_.clock().now() - began_;
    p.blocks_done = done;
    p.blocks_total = track_blocks_;
    p.drive_buffer_percent = last_buffer_percent_;
    const double seconds = std::chrono::duration<double>(drive_.clock().now() - write_began_).count();
    p.speed_x = seconds > 0 ? done / seconds / 75.0 : 0;
    sink_->onBlocks(p);
  }

  Status readBack() {
    DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive_.discInformation());
    report_.disc_after = std::string(mmc::discStatusName(disc.status));
    report_.sessions_after = disc.sessions;
    if (options_.simulate) {
      if (disc.status != mmc::DiscStatus::kBlank && report_.disc_before == "blank") {
        return Status(ResultCode::kGeneric, "simulation changed the disc: it is no longer blank");
      }
      return Status::Ok();
    }
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation track,
                        drive_.trackInformation(mmc::TrackAddressType::kLba, static_cast<uint32_t>(report_.start_lba)));
    report_.track_size_after = track.track_size;
    if (track.track_size < track_blocks_) {
      return Status(ResultCode::kGeneric,
                    fmt::format("the drive acknowledged {} blocks but the track holds {}", track_blocks_, track.track_size));
    }
    return Status::Ok();
  }

  Duration writeEstimate() const {
    const double x = report_.accepted_speed_x > 0 ? report_.accepted_speed_x : 1.0;
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(track_blocks_ / (75.0 * x)));
  }
  Duration closeEstimate() const {
    // Lead-in 4,500 + lead-out 6,750 sectors on a first session (mmc.md §1.3).
    const double x = report_.accepted_speed_x > 0 ? report_.accepted_speed_x : 1.0;
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>((4500 + 6750) / (75.0 * x)));
  }

  void enterPhase(Phase next, Duration estimate) {
    const Duration now = drive_.clock().now() - began_;
    if (phase_started_) report_.phases.push_back({std::string(phaseName(phase_)), now - phase_start_});
    phase_ = next;
    phase_start_ = now;
    phase_started_ = next != Phase::kDone;
    if (sink_) sink_->onPhase(next, now, estimate);
  }

  // Keeps the drive's sense-specific code when it says more than "generic"; otherwise uses the
  // phase's IMAPI code, and always says what the burn was doing.
  static Status remap(Status s, ResultCode phase_code, std::string_view doing) {
    if (s.ok()) return s;
    if (s.code() == ResultCode::kGeneric) s = Status(phase_code, s.message(), s.context());
    return s.withPrefix(doing);
  }

  mmc::Drive& drive_;
  const SectorSource& source_;
  const BurnOptions& options_;
  ProgressSink* sink_;
  BurnReport report_;
  Duration began_;
  Duration write_began_{};
  Phase phase_ = Phase::kPreparing;
  Duration phase_start_{};
  bool phase_started_ = false;
  bool locked_ = false;
  uint32_t track_blocks_ = 0;
  uint32_t buffer_length_ = 0;
  int last_buffer_percent_ = -1;
};

}  // namespace

BurnReport burnDataTrack(mmc::Drive& drive, const SectorSource& source, const BurnOptions& options,
                         ProgressSink* progress) {
  return BurnRun(drive, source, options, progress).run();
}

}  // namespace dm::burn
