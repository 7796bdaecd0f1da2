// The raw burn (see raw_burner.h).
#include "engine/burn/raw_burner.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "engine/burn/burn_preparation.h"
#include "engine/burn/burn_run.h"
#include "engine/burn/dao_burner.h"
#include "engine/burn/raw_layout.h"
#include "engine/burn/write_progress.h"
#include "engine/sector/encoder.h"

namespace dm::burn {
namespace {

constexpr uint8_t kMultisessionNone = 0x0;  // the host wrote a lead-in without a B0 pointer
constexpr uint32_t kChunkBytes = 64 * 1024;  // per WRITE(10): 26 blocks of 2448 bytes
constexpr uint8_t kSenseIllegalRequest = 0x05, kAscParameterListInvalid = 0x26;

bool refusedParameters(const Status& s) {
  const auto& sense = s.context().sense;
  return sense && sense->key == kSenseIllegalRequest && sense->asc == kAscParameterListInvalid;
}

Status selectRawPage(mmc::Drive& drive, const BurnOptions& options, bool bufe, uint8_t track_mode) {
  DM_ASSIGN_OR_RETURN(mmc::WriteParametersPage page, drive.writeParameters());
  page.setWriteType(mmc::WriteType::kRaw);
  page.setTestWrite(options.simulate);
  page.setBufe(bufe);
  page.setMultisession(kMultisessionNone);
  page.setTrackMode(track_mode);
  page.setDataBlockType(kDataBlockTypeRawPw);
  page.setSessionFormat(0x00);
  Status s = drive.selectWriteParameters(page);
  if (!s.ok() && refusedParameters(s)) {
    return Status(ResultCode::kInitializeWrite,
                  fmt::format("the drive refuses raw writing: page 05 with write type 3 (raw) and data block type 3 "
                              "(2448-byte blocks, raw P-W sub-channel) was rejected ({})",
                              s.message()),
                  s.context());
  }
  return s;
}

uint8_t trackModeOf(const DaoTrack& t) { return t.kind == TrackKind::kDataMode1 ? 0x4 : (t.pre_emphasis ? 0x1 : 0x0); }

class RawRun final : public BurnRun {
 public:
  RawRun(mmc::Drive& drive, const DaoDisc& disc, const BurnOptions& options, ProgressSink* sink)
      : BurnRun(drive, options, sink), disc_(disc) {
    report_.write_type = mmc::WriteType::kRaw;
    for (const DaoTrack& t : disc_.tracks) report_.image_blocks += t.source->totalBlocks();
  }

 private:
  Status burn() override {
    if (disc_.tracks.empty()) return Status(ResultCode::kInvalidImage, "raw writing needs at least one track");
    if (options_.multisession) {
      return Status(ResultCode::kInvalidArgument,
                    "raw writing closes the disc (the host writes its only lead-in); it cannot leave it appendable");
    }
    progress_.enterPhase(Phase::kPreparing, {});
    DM_ASSIGN_OR_RETURN(PreparedDrive prepared, prepareDrive(drive_, options_, report_, quirks_));
    if (prepared.disc.status != mmc::DiscStatus::kBlank) {
      return Status(ResultCode::kCannotWriteToMedia,
                    fmt::format("raw writing needs a blank disc and this one is {}", report_.disc_before));
    }
    // The lead-in starts where the disc's pre-groove says (ATIP), as cdrecord -raw96r starts it.
    auto atip = drive_.atip();
    if (!atip.ok()) return remapPhase(atip.error(), ResultCode::kInitializeWrite, "reading the ATIP for the lead-in start");
    DM_ASSIGN_OR_RETURN(layout_, planRaw(disc_, atip.value().lead_in_lba));
    DM_TRY(remapPhase(selectRawPage(drive_, options_, report_.bufe, trackModeOf(disc_.tracks.front())),
                      ResultCode::kInitializeWrite, "selecting write parameters"));
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                        drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    if (layout_.lead_out_lba > static_cast<int64_t>(next.free_blocks)) {
      return Status(ResultCode::kDiscFull, fmt::format("the disc needs {} blocks before its lead-out; it has {} free",
                                                       layout_.lead_out_lba, next.free_blocks));
    }
    DM_ASSIGN_OR_RETURN(mode1_, sector::SectorEncoder::create(sector::SectorForm::kMode1, scrambled()));
    DM_ASSIGN_OR_RETURN(cdda_, sector::SectorEncoder::create(sector::SectorForm::kCdda));
    DM_TRY(lockTray());
    progress_.setTotalBlocks(layout_.totalBlocks());
    report_.lead_in_blocks = layout_.leadInBlocks();
    report_.lead_out_blocks = layout_.lead_out_blocks;
    report_.start_lba = layout_.tracks.front().start_lba;

    progress_.enterPhase(Phase::kWriting, progress_.writeEstimate());
    progress_.startWriting();
    for (const RawSegment& segment : layout_.segments) {
      if (Status s = writeSegment(segment); !s.ok()) {
        if (s.code() == ResultCode::kUserAbort) (void)drive_.synchronizeCache();
        return s;
      }
    }
    const auto tracks = static_cast<uint32_t>(layout_.tracks.size());
    if (sink_) sink_->onTrack(tracks, tracks);
    // The lead-out went with the data: SYNCHRONIZE CACHE writes out the buffer and waits.
    progress_.enterPhase(Phase::kClosing, {});
    DM_TRY(remapPhase(closeOut([&] { return drive_.synchronizeCache(); }), ResultCode::kInitializeEndWrite,
                      "flushing the lead-out"));
    report_.average_speed_x = progress_.averageSpeedX();
    DM_TRY(readBackAtOnceSession());
    if (!options_.verify || options_.simulate || cancelRefused()) return Status::Ok();
    progress_.enterPhase(Phase::kVerifying, progress_.writeEstimate());
    for (size_t i = 0; i < disc_.tracks.size(); ++i) {
      const RawTrack& t = layout_.tracks[i];
      VerifyResult verify;
      const Status s = verifyTrack(drive_, *disc_.tracks[i].source, t.start_lba,
                                   static_cast<uint32_t>(t.end_lba - t.start_lba), verify, sink_, progress_.began());
      report_.verified = s.ok() || verify.first_mismatch_lba.has_value();
      report_.verify_blocks += verify.blocks_compared;
      report_.verify_mismatch_lba = verify.first_mismatch_lba;
      DM_TRY(s);
    }
    return Status::Ok();
  }

  static sector::EncodeOptions scrambled() {
    sector::EncodeOptions o;
    o.scramble = true;  // ECMA-130 Annex B: a raw writer sends data sectors scrambled
    return o;
  }

  void beginTrack(const RawSegment& segment) {
    const RawTrack& t = layout_.tracks[static_cast<size_t>(segment.track)];
    if (!report_.tracks.empty() && report_.tracks.back().number == t.number) return;
    if (sink_) sink_->onTrack(static_cast<uint32_t>(segment.track), static_cast<uint32_t>(layout_.tracks.size()));
    TrackReport tr;
    tr.number = t.number;
    tr.audio = t.form == sector::SectorForm::kCdda;
    tr.start_lba = t.start_lba;
    tr.source_blocks = disc_.tracks[static_cast<size_t>(segment.track)].source->totalBlocks();
    report_.tracks.push_back(tr);
  }

  // One run of blocks: main data from the source or zeros, encoded with each block's sub-channel.
  Status writeSegment(const RawSegment& segment) {
    if (segment.track >= 0) beginTrack(segment);
    const sector::SectorEncoder& encoder = segment.form == sector::SectorForm::kMode1 ? *mode1_ : *cdda_;
    const size_t user_bytes = encoder.userBytes();
    const uint32_t per_write = kChunkBytes / kRawBlockBytes;
    user_.resize(size_t{per_write} * user_bytes);
    channels_.resize(size_t{per_write} * sector::kSubchannelBytes);
    out_.resize(size_t{per_write} * kRawBlockBytes);
    const SectorSource* source = segment.track >= 0 ? disc_.tracks[static_cast<size_t>(segment.track)].source : nullptr;
    const int32_t end = segment.first_lba + static_cast<int32_t>(segment.blocks);
    for (int32_t lba = segment.first_lba; lba < end;) {
      if (sink_ && sink_->queryCancel()) {
        return Status(ResultCode::kUserAbort,
                      fmt::format("cancelled after {} of {} blocks", progress_.blocksSent(), progress_.totalBlocks()));
      }
      const auto n = static_cast<uint32_t>(std::min<int64_t>(per_write, end - lba));
      std::span<uint8_t> user(user_.data(), n * user_bytes);
      if (segment.from_source) {
        DM_TRY(source->readBlocks(segment.source_first + static_cast<uint32_t>(lba - segment.first_lba), n, user));
      } else {
        std::fill(user.begin(), user.end(), 0);
      }
      for (uint32_t k = 0; k < n; ++k) {
        sector::SubchannelChannels block;
        DM_TRY(layout_.subchannel(lba + static_cast<int32_t>(k), block));
        std::copy(block.begin(), block.end(), channels_.begin() + static_cast<std::ptrdiff_t>(k * sector::kSubchannelBytes));
      }
      std::span<uint8_t> out(out_.data(), size_t{n} * kRawBlockBytes);
      DM_TRY(encoder.encodeBatchWithSubchannel(
          lba, user, std::span<const uint8_t>(channels_.data(), size_t{n} * sector::kSubchannelBytes), out));
      DM_TRY(drive_.write(static_cast<uint32_t>(lba), static_cast<uint16_t>(n), kRawBlockBytes, out));
      lba += static_cast<int32_t>(n);
      DM_TRY(progress_.wrote(n, out.size()));
    }
    return Status::Ok();
  }

  const DaoDisc& disc_;
  RawLayout layout_;
  std::optional<sector::SectorEncoder> mode1_, cdda_;
  std::vector<uint8_t> user_, channels_, out_;
};

// Whether page 05 takes write type 3 with data block type 3 (asked only when a refusal would
// change the write type).
bool acceptsRaw(mmc::Drive& drive, const BurnOptions& options) {
  if (!drive.waitUntilReady(std::chrono::seconds(60)).ok()) return true;  // the raw run reports it
  const Status s = selectRawPage(drive, options, false, 0);
  return s.ok() || !refusedParameters(s);
}

}  // namespace

BurnReport burnRaw(mmc::Drive& drive, const DaoDisc& disc, const BurnOptions& options, ProgressSink* progress) {
  if (options.raw_fallback_to_dao && !options.multisession && !acceptsRaw(drive, options)) {
    BurnReport report = burnDiscAtOnce(drive, disc, options, progress);
    report.quirks.push_back(
        "raw writing refused: page 05 write type 3 / data block type 3 answered 05/26/00; written Disc-At-Once");
    return report;
  }
  return RawRun(drive, disc, options, progress).run();
}

}  // namespace dm::burn
