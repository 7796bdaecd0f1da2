// The DVD and BD data burn (see dvd_burner.h). Phases and cancel as the TAO burner has them.
#include "engine/burn/dvd_burner.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "engine/burn/burn_preparation.h"
#include "engine/burn/burn_run.h"
#include "engine/burn/medium_kind.h"
#include "engine/burn/verify.h"
#include "engine/mmc/sense.h"

namespace dm::burn {
namespace {

constexpr Duration kReadyTimeout = std::chrono::seconds(60);
constexpr uint32_t kBlockSize = 2048;
constexpr uint8_t kDataBlockTypeMode1 = 8;    // page 05: 2048-byte user data, as on CD
constexpr uint8_t kTrackModeDvd = 5;          // page 05 track mode libburn selects on DVD
constexpr uint8_t kMultisessionNone = 0x0;
constexpr uint8_t kMultisessionNext = 0x3;
constexpr uint8_t kDvdLinkSize = 16;          // feature 0021h's link size: one ECC block
// FORMAT UNIT 26h: the whole disc, formatted in the background while it is written.
constexpr uint32_t kFormatWholeDisc = 0xFFFFFFFF;

class DvdRun final : public BurnRun {
 public:
  DvdRun(mmc::Drive& drive, const SectorSource& image, const BurnOptions& options, ProgressSink* sink)
      : BurnRun(drive, options, sink), image_(image) {
    report_.image_blocks = image.totalBlocks();
  }

 private:
  Status burn() override {
    progress_.enterPhase(Phase::kPreparing, {});
    DM_TRY(remap(prepare(), ResultCode::kInitializeWrite, "preparing the drive"));
    DM_TRY(remap(beforeWriting(), ResultCode::kInitializeWrite, "preparing the medium"));
    progress_.startWriting();
    progress_.enterPhase(Phase::kWriting, progress_.writeEstimate());
    if (Status s = writeImage(); !s.ok()) {
      if (s.code() == ResultCode::kUserAbort) settleAfterCancel();
      return s;
    }
    progress_.enterPhase(Phase::kFlushing, {});
    // Every block is sent: the flush and the close are waited out, a cancel during them refused.
    DM_TRY(remap(closeOut([&] { return quirks_.synchronizeCache(); }), ResultCode::kInitializeEndWrite,
                 "flushing the drive buffer"));
    report_.average_speed_x = progress_.averageSpeedX();
    // The lead-out of a DVD (or the closing of a BD-R session) is about 30 MiB at most (border-out of DVD-R, mmc.md §2.5).
    progress_.enterPhase(Phase::kClosing, progress_.closeEstimate(15'360));
    if (Status closed = closeOut([&] { return closeAfterWriting(drive_, strategy_, track_number_, options_.multisession); });
        !closed.ok()) {
      // In a simulation nothing was recorded, so there is nothing to close: a drive may refuse
      // the close, and the disc is checked to be as it was below.
      if (!options_.simulate) return remap(std::move(closed), ResultCode::kInitializeEndWrite, "closing");
    }
    DM_TRY(readBack());
    if (!options_.verify || options_.simulate || cancelRefused()) return Status::Ok();
    return verify();
  }

  Status prepare() {
    if (options_.chosen_medium) DM_TRY(quirks_.checkSameMedium(*options_.chosen_medium));
    DM_TRY(remapPhase(drive_.waitUntilReady(kReadyTimeout), ResultCode::kDeviceNotAccessible, "waiting for the drive"));
    DM_ASSIGN_OR_RETURN(report_.drive, drive_.inquiry());
    DM_ASSIGN_OR_RETURN(uint16_t profile, drive_.currentProfile());
    report_.medium = mmc::profileName(profile);
    const MediumKind kind = mediumKind(profile);
    if (kind == MediumKind::kNone) return Status(ResultCode::kMediumNotPresent, "no disc in the drive");
    if (!isDvdOrBd(kind)) {
      return Status(ResultCode::kMediumInvalidType,
                    fmt::format("the disc is {}; the DVD/BD burner writes DVD-R/-RW, DVD+R, DVD+RW, BD-R and BD-RE",
                                report_.medium));
    }
    // Before anything else is sent: a simulation on a medium without Test Write would be a real
    // write (drives ignore the bit there), so it is refused, never downgraded.
    if (options_.simulate && !hasTestWrite(kind)) {
      return Status(ResultCode::kMediumInvalidType,
                    fmt::format("the disc is {}, which has no Test Write: a simulation is possible on CD-R/RW and "
                                "DVD-R/-RW only; nothing was written",
                                report_.medium));
    }
    if (!chooseDiscStrategy(kind, mmc::DiscStatus::kBlank, false)) {
      return Status(ResultCode::kMediumInvalidType,
                    fmt::format("the disc is {}; data is written on DVD-R/-RW, DVD+R, DVD+RW, BD-R (sequential "
                                "recording), BD-RE and CD-R/RW",
                                report_.medium));
    }
    DM_ASSIGN_OR_RETURN(mmc::Capabilities caps, drive_.capabilities());
    DM_ASSIGN_OR_RETURN(disc_, quirks_.discInformation());
    report_.disc_before = std::string(mmc::discStatusName(disc_.status));
    strategy_ = *chooseDiscStrategy(kind, disc_.status, options_.multisession);
    // A formatted DVD+RW reads as complete, a formatted BD-RE as random-access: they are
    // overwritten, not appended to.
    if (!overwrites(strategy_) && !disc_.writable()) {
      return Status(ResultCode::kCannotWriteToMedia,
                    fmt::format("the {} is {}: it cannot take another session", report_.medium, report_.disc_before));
    }
    if (options_.simulate && !caps.test_write) {
      return Status(ResultCode::kInitializeWrite, "the drive has no test write, so it cannot simulate");
    }
    report_.write_mode = std::string(strategyName(strategy_));
    report_.write_type =
        strategy_ == DiscStrategy::kDvdMinusRDao ? mmc::WriteType::kSessionAtOnce : mmc::WriteType::kPacket;
    report_.bufe = options_.buffer_underrun_protection && caps.buffer_underrun_protection;
    unit_ = strategyWriteUnit(strategy_);
    speed_1x_kbps_ = speed1xKbps(kind);
    padded_ = paddedToUnit(std::max<uint32_t>(image_.totalBlocks(), 1), unit_);
    report_.padding_blocks = padded_ - image_.totalBlocks();
    progress_.setTotalBlocks(padded_);
    progress_.setBlocksPerSecondAt1x(blocksPerSecondAt1x(kind));

    if (strategy_ == DiscStrategy::kDvdMinusRDao || strategy_ == DiscStrategy::kDvdMinusRIncremental) {
      DM_TRY(remap(selectPage(), ResultCode::kInitializeWrite, "selecting write parameters"));
    }
    DM_ASSIGN_OR_RETURN(const uint32_t free_blocks, findWritableArea());
    DM_TRY(remap(setSpeed(caps), ResultCode::kInitializeWrite, "setting the write speed"));
    DM_ASSIGN_OR_RETURN(mmc::Capabilities after, drive_.capabilities());
    report_.accepted_speed_x = after.current_write_kbps / speed_1x_kbps_;
    if (padded_ > free_blocks) {
      return Status(ResultCode::kDiscFull,
                    fmt::format("the image needs {} blocks ({} padded to whole {}); the {} has {} free", padded_,
                                image_.totalBlocks(),
                                unit_ == kBdClusterBlocks ? "64 KiB clusters" : "32 KiB ECC blocks", report_.medium,
                                free_blocks));
    }
    return lockTray();
  }

  // Where the image goes and how much room there is: the invisible track's NWA on DVD±R and
  // BD-R; LBA 0 and the whole disc on DVD+RW and BD-RE — an unformatted BD-RE's once formatted.
  Result<uint32_t> findWritableArea() {
    if (overwrites(strategy_)) {
      start_lba_ = 0;
      DM_ASSIGN_OR_RETURN(OverwriteArea area, overwriteArea(drive_, strategy_, disc_));
      track_number_ = area.track;
      bd_format_ = area.format;
      return area.blocks;
    }
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                        drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    if (!next.nwa_valid) return Status(ResultCode::kDiscInfo, "the drive reports no next writable address");
    start_lba_ = quirks_.writableStart(next);
    track_number_ = next.track;
    // mmc.md §1.6: a BD-R track starts on a 64 KiB cluster; the drive's NWA always is one, and a
    // write anywhere else would be refused (05/21/02) after the drive was prepared.
    if (start_lba_ % static_cast<int32_t>(unit_) != 0 && strategy_ == DiscStrategy::kBdR) {
      return Status(ResultCode::kDiscInfo,
                    fmt::format("the drive's next writable address {} is not on a 32-block cluster", start_lba_));
    }
    return quirks_.freeBlocks(next, disc_);
  }

  // SET STREAMING is how DVD and BD speeds are set, in the medium's kB/s; drives without it (or
  // refusing the descriptor) get SET CD SPEED in those kB/s, which many DVD writers accept too
  // (mmc.md §6.1 "Speed").
  Status setSpeed(const mmc::Capabilities& caps) {
    if (!options_.speed_x) return quirks_.setWriteSpeed(mmc::kSpeedMaximum, caps);
    const auto kbps = static_cast<uint32_t>(*options_.speed_x * speed_1x_kbps_ + 0.5);
    const uint32_t capacity_end = std::max(disc_.last_possible_leadout_address, 1u) - 1;
    const Status streaming = drive_.setStreamingSpeed(capacity_end, kbps);
    if (streaming.ok()) return streaming;
    const auto& sense = streaming.context().sense;
    if (!sense || sense->key != 0x05) return streaming;
    return quirks_.setWriteSpeed(static_cast<uint16_t>(std::min<uint32_t>(kbps, 0xFFFE)), caps);
  }

  Status selectPage() {
    DM_ASSIGN_OR_RETURN(mmc::WriteParametersPage page, drive_.writeParameters());
    page.setTestWrite(options_.simulate);
    page.setBufe(report_.bufe);
    page.setTrackMode(kTrackModeDvd);
    page.setDataBlockType(kDataBlockTypeMode1);
    if (strategy_ == DiscStrategy::kDvdMinusRDao) {
      page.setWriteType(mmc::WriteType::kSessionAtOnce);
      page.setMultisession(kMultisessionNone);
    } else {
      page.setWriteType(mmc::WriteType::kPacket);
      page.setLinkSize(kDvdLinkSize);
      page.setFixedPacket(true);
      page.setPacketSize(kDvdEccBlocks);
      page.setMultisession(options_.multisession ? kMultisessionNext : kMultisessionNone);
    }
    return drive_.selectWriteParameters(page);
  }

  Status beforeWriting() {
    report_.start_lba = start_lba_;
    if (strategy_ == DiscStrategy::kDvdMinusRDao) {
      // DAO announces the whole track first; the drive writes lead-in, data and lead-out in one go.
      return drive_.reserveTrack(padded_).withPrefix("reserving the track");
    }
    if (strategy_ == DiscStrategy::kDvdPlusRw && disc_.status == mmc::DiscStatus::kBlank) {
      // A new DVD+RW is formatted in the background; writing may begin at once.
      return drive_.format(mmc::FormatType::kDvdPlusRwBasic, kFormatWholeDisc).withPrefix("formatting the DVD+RW");
    }
    if (bd_format_) {
      // A new BD-RE takes no WRITE until formatted: with spare areas (defect management), the quick
      // subtype 00b, the size and parameter the drive offered (mmc.md §2.4).
      const auto type = bd_format_->type == 0x30 ? mmc::FormatType::kBdReWithSpares : mmc::FormatType::kFull;
      return drive_.format(type, bd_format_->blocks, bd_format_->parameter).withPrefix("formatting the BD-RE");
    }
    return Status::Ok();
  }

  Status writeImage() {
    TrackReport t;
    t.number = track_number_;
    t.start_lba = start_lba_;
    t.source_blocks = image_.totalBlocks();
    t.trailing_blocks = padded_ - t.source_blocks;
    report_.tracks.push_back(t);
    // Whole write units per WRITE: a partial one costs a read-modify-write or a drive-side pad.
    const uint32_t chunk = std::max(options_.chunk_blocks / unit_, 1u) * unit_;
    std::vector<uint8_t> buffer(size_t{chunk} * kBlockSize);
    for (uint32_t done = 0; done < padded_;) {
      if (sink_ && sink_->queryCancel()) {
        return Status(ResultCode::kUserAbort, fmt::format("cancelled after {} of {} blocks", done, padded_));
      }
      const uint32_t n = std::min(chunk, padded_ - done);
      std::span<uint8_t> data(buffer.data(), size_t{n} * kBlockSize);
      std::fill(data.begin(), data.end(), 0);
      if (done < t.source_blocks) {
        const uint32_t from_image = std::min(n, t.source_blocks - done);
        DM_TRY(image_.readBlocks(done, from_image, data.first(size_t{from_image} * kBlockSize)));
      }
      DM_TRY(drive_.write(static_cast<uint32_t>(start_lba_) + done, static_cast<uint16_t>(n), kBlockSize, data));
      done += n;
      DM_TRY(progress_.wrote(n, data.size()));
    }
    return Status::Ok();
  }

  // A cancelled burn leaves the drive idle and the disc in a state a reader can name: what the
  // drive buffered is written out, then closed as disc_strategy.h's closeAfterCancel says.
  void settleAfterCancel() {
    progress_.enterPhase(Phase::kFlushing, {});
    (void)drive_.synchronizeCache();
    closeAfterCancel(drive_, strategy_, track_number_);
    if (auto disc = quirks_.discInformation()) {
      report_.disc_after = std::string(mmc::discStatusName(disc->status));
      report_.sessions_after = disc->sessions;
    }
  }

  // READ DISC INFORMATION once the drive is done closing. Finalizing a DVD-R (its lead-out out to
  // the minimum radius) can take a minute or more at low speed; a drive whose TEST UNIT READY says
  // ready meanwhile (tur_ready_while_busy) answers 02/04/07 for longer than one command's timeout,
  // so the question is asked again for as long as a close may take (mmc.md §7: 3,600 s).
  Result<mmc::DiscInformation> discInformationAfterClosing() {
    const Duration started = drive_.clock().now();
    for (;;) {
      Result<mmc::DiscInformation> disc = quirks_.discInformation();
      if (disc.ok()) return disc;
      const auto& sense = disc.error().context().sense;
      const bool busy = sense && sense->key == 0x02 && sense->asc == 0x04 && (sense->ascq == 0x07 || sense->ascq == 0x08);
      if (!busy || drive_.clock().now() - started > mmc::kCloseTimeout) return disc;
      drive_.clock().sleepFor(std::chrono::seconds(1));
    }
  }

  Status readBack() {
    DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, discInformationAfterClosing());
    report_.disc_after = std::string(mmc::discStatusName(disc.status));
    report_.sessions_after = disc.sessions;
    if (options_.simulate) return quirks_.checkSimulation(disc, report_.disc_before);
    TrackReport& t = report_.tracks.front();
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation info,
                        drive_.trackInformation(mmc::TrackAddressType::kLba, static_cast<uint32_t>(t.start_lba)));
    t.size_after = info.track_size;
    report_.track_size_after = info.track_size;
    if (info.track_size < padded_) {
      return Status(ResultCode::kGeneric, fmt::format("the drive acknowledged {} blocks of track {} but it holds {}",
                                                      padded_, t.number, info.track_size));
    }
    return Status::Ok();
  }

  Status verify() {
    progress_.enterPhase(Phase::kVerifying, progress_.writeEstimate());
    VerifyResult result;
    const Status s = verifyTrack(drive_, image_, start_lba_, padded_, result, sink_, progress_.began());
    report_.verified = s.ok() || result.first_mismatch_lba.has_value();
    report_.verify_blocks = result.blocks_compared;
    report_.verify_mismatch_lba = result.first_mismatch_lba;
    return s;
  }

  static Status remap(Status s, ResultCode phase_code, std::string_view doing) {
    return remapPhase(std::move(s), phase_code, doing);
  }

  const SectorSource& image_;
  uint32_t padded_ = 0;
  uint32_t unit_ = kDvdEccBlocks;
  double speed_1x_kbps_ = mmc::kDvdSpeed1xKbps;
  DiscStrategy strategy_ = DiscStrategy::kDvdPlusR;
  std::optional<mmc::FormatDescriptor> bd_format_;  // an unformatted BD-RE's format, chosen
  mmc::DiscInformation disc_;
  int32_t start_lba_ = 0;
  uint16_t track_number_ = 1;
};

}  // namespace

BurnReport burnDvdData(mmc::Drive& drive, const SectorSource& image, const BurnOptions& options,
                       ProgressSink* progress) {
  return DvdRun(drive, image, options, progress).run();
}

bool dataBurnNeedsDvdBurner(mmc::Drive& drive) {
  const Result<uint16_t> profile = drive.currentProfile();
  return profile.ok() && isDvdOrBd(mediumKind(*profile));
}

Result<DiscWritePlan> plannedDiscWrite(mmc::Drive& drive, const BurnOptions& options) {
  DM_ASSIGN_OR_RETURN(uint16_t profile, drive.currentProfile());
  const MediumKind kind = mediumKind(profile);
  DiscWritePlan plan;
  plan.write_unit = writeUnitBlocks(kind);
  DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, drive.discInformation());
  const std::optional<DiscStrategy> strategy = chooseDiscStrategy(kind, disc.status, options.multisession);
  if (!strategy) {
    plan.write_mode = std::string(mediumKindName(kind)) + ": not written here";
    return plan;
  }
  plan.write_mode = std::string(strategyName(*strategy));
  plan.disc_after = std::string(discLeftAs(*strategy, options.multisession));
  if (disc.status == mmc::DiscStatus::kBlank && *strategy == DiscStrategy::kDvdPlusRw) {
    plan.before = "FORMAT UNIT 26h (basic format, completed in the background while writing)";
  } else if (disc.status == mmc::DiscStatus::kBlank && *strategy == DiscStrategy::kBdRe) {
    DM_ASSIGN_OR_RETURN(mmc::FormatDescriptor format, chooseBdReFormat(drive));
    plan.before = fmt::format("FORMAT UNIT {:02X}h (spare areas, quick): {} blocks for data", format.type, format.blocks);
  }
  return plan;
}

Result<std::string> plannedDvdWriteMode(mmc::Drive& drive, const BurnOptions& options) {
  DM_ASSIGN_OR_RETURN(DiscWritePlan plan, plannedDiscWrite(drive, options));
  return plan.write_mode;
}

}  // namespace dm::burn
