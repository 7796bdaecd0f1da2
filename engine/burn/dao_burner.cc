// The Disc-At-Once burn (see dao_burner.h).
#include "engine/burn/dao_burner.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "engine/audio/cd_text.h"
#include "engine/burn/burn_preparation.h"
#include "engine/burn/burn_run.h"
#include "engine/burn/write_progress.h"

namespace dm::burn {
namespace {

constexpr uint8_t kDataBlockTypeRaw = 0;    // page 05: 2352 bytes (the cue sheet sets each track's form)
constexpr uint8_t kMultisessionNone = 0x0;
constexpr uint8_t kMultisessionNext = 0x3;
constexpr uint32_t kFirstLeadOutSectors = 6750;  // 90 s (mmc.md §1.3)
constexpr uint32_t kChunkBytes = 64 * 1024;  // per WRITE(10), as for TAO

class DaoRun final : public BurnRun {
 public:
  DaoRun(mmc::Drive& drive, const DaoDisc& disc, const BurnOptions& options, ProgressSink* sink)
      : BurnRun(drive, options, sink), disc_(disc) {
    report_.write_type = mmc::WriteType::kSessionAtOnce;
    for (const DaoTrack& t : disc_.tracks) report_.image_blocks += t.source->totalBlocks();
  }

 private:
  Status burn() override {
    progress_.enterPhase(Phase::kPreparing, {});
    DM_ASSIGN_OR_RETURN(PreparedDrive prepared, prepareDrive(drive_, options_, report_, quirks_));
    DM_TRY(remapPhase(selectPage(), ResultCode::kInitializeWrite, "selecting write parameters"));
    DM_ASSIGN_OR_RETURN(mmc::TrackInformation next,
                        drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    const int32_t start = next.writableStart();
    DM_ASSIGN_OR_RETURN(layout_, planDao(disc_, start, next.track));
    if (layout_.lead_out_lba - start > static_cast<int64_t>(next.free_blocks)) {
      return Status(ResultCode::kDiscFull, fmt::format("the session needs {} blocks; the disc has {} free",
                                                       layout_.lead_out_lba - start, next.free_blocks));
    }
    DM_TRY(remapPhase(quirks_.sendCueSheet(layout_.cue_sheet), ResultCode::kInitializeWrite, "sending the cue sheet"));
    DM_TRY(lockTray());
    progress_.setTotalBlocks(layout_.programBlocks());
    report_.start_lba = layout_.tracks.front().start_lba;
    lead_in_lba_ = prepared.disc.lead_in_lba;

    progress_.enterPhase(Phase::kWriting, progress_.writeEstimate());
    progress_.startWriting();
    if (!disc_.cd_text_packs.empty()) DM_TRY(writeLeadIn());
    for (size_t i = 0; i < layout_.tracks.size(); ++i) {
      if (sink_) sink_->onTrack(static_cast<uint32_t>(i), static_cast<uint32_t>(layout_.tracks.size()));
      if (Status s = writeTrack(i); !s.ok()) {
        if (s.code() == ResultCode::kUserAbort) (void)drive_.synchronizeCache();
        return s;
      }
    }
    if (sink_) sink_->onTrack(static_cast<uint32_t>(layout_.tracks.size()), static_cast<uint32_t>(layout_.tracks.size()));
    // SYNCHRONIZE CACHE after the last block: the drive writes the lead-out and closes the session.
    progress_.enterPhase(Phase::kClosing, progress_.closeEstimate(kFirstLeadOutSectors));
    DM_TRY(remapPhase(closeOut([&] { return drive_.synchronizeCache(); }), ResultCode::kInitializeEndWrite,
                      "writing the lead-out"));
    report_.average_speed_x = progress_.averageSpeedX();
    DM_TRY(readBackAtOnceSession());
    if (!options_.verify || options_.simulate || cancelRefused()) return Status::Ok();
    // Every track read back and compared: data with READ(10), audio with READ CD.
    progress_.enterPhase(Phase::kVerifying, progress_.writeEstimate());
    for (size_t i = 0; i < disc_.tracks.size(); ++i) {
      const PlannedTrack& t = layout_.tracks[i];
      VerifyResult verify;
      const Status s = verifyTrack(drive_, *disc_.tracks[i].source, t.start_lba,
                                   static_cast<uint32_t>(t.end_lba - t.start_lba), verify, sink_, progress_.began(),
                                   AudioReadBack{&quirks_, t.number});
      report_.verified = s.ok() || verify.first_mismatch_lba.has_value();
      report_.verify_blocks += verify.blocks_compared;
      report_.verify_mismatch_lba = verify.first_mismatch_lba;
      DM_TRY(s);
    }
    return Status::Ok();
  }

  Status selectPage() {
    DM_ASSIGN_OR_RETURN(mmc::WriteParametersPage page, drive_.writeParameters());
    (void)quirks_.completeWriteParameters(page);  // SAO always sets every field: the cue sheet needs them
    page.setWriteType(mmc::WriteType::kSessionAtOnce);
    page.setTestWrite(options_.simulate);
    page.setBufe(report_.bufe);
    page.setMultisession(options_.multisession ? kMultisessionNext : kMultisessionNone);
    page.setTrackMode(disc_.tracks.front().kind == TrackKind::kAudio ? 0 : 4);
    page.setDataBlockType(kDataBlockTypeRaw);
    page.setSessionFormat(0x00);
    return drive_.selectWriteParameters(page);
  }

  // The lead-in's R–W sub-channel: the CD-TEXT packs over and over, 96 bytes a block, from the
  // lead-in's start up to the first pregap.
  Status writeLeadIn() {
    const int32_t end = layout_.tracks.front().pregap_lba;
    const uint32_t per_write = kChunkBytes / audio::kLeadInSubchannelBytes;
    std::vector<uint8_t> buffer(size_t{per_write} * audio::kLeadInSubchannelBytes);
    for (int32_t lba = lead_in_lba_; lba < end;) {
      const auto n = static_cast<uint32_t>(std::min<int64_t>(per_write, end - lba));
      for (uint32_t k = 0; k < n; ++k) {
        audio::leadInSubchannel(disc_.cd_text_packs, static_cast<uint32_t>(lba - lead_in_lba_) + k,
                                std::span<uint8_t, audio::kLeadInSubchannelBytes>(
                                    buffer.data() + size_t{k} * audio::kLeadInSubchannelBytes, audio::kLeadInSubchannelBytes));
      }
      DM_TRY(drive_.write(static_cast<uint32_t>(lba), static_cast<uint16_t>(n), audio::kLeadInSubchannelBytes,
                          std::span<const uint8_t>(buffer.data(), size_t{n} * audio::kLeadInSubchannelBytes)));
      ++report_.write_commands;
      lba += static_cast<int32_t>(n);
    }
    return Status::Ok();
  }

  // A track's pregap (silence or zero data) and its blocks.
  Status writeTrack(size_t i) {
    const PlannedTrack& t = layout_.tracks[i];
    const SectorSource& source = *disc_.tracks[i].source;
    const uint32_t bytes = t.bytes;
    const uint32_t per_write = kChunkBytes / bytes;
    std::vector<uint8_t> buffer(size_t{per_write} * bytes);
    TrackReport tr;
    tr.number = t.number;
    tr.audio = disc_.tracks[i].kind == TrackKind::kAudio;
    tr.start_lba = t.start_lba;
    tr.source_blocks = source.totalBlocks();
    report_.tracks.push_back(tr);
    for (int32_t lba = t.pregap_lba; lba < t.end_lba;) {
      if (sink_ && sink_->queryCancel()) {
        return Status(ResultCode::kUserAbort,
                      fmt::format("cancelled after {} of {} blocks", progress_.blocksSent(), progress_.totalBlocks()));
      }
      // A write never straddles the silence and the source: the silence is made here, the rest read.
      const int32_t region_end = lba < t.source_lba ? t.source_lba : t.end_lba;
      const auto n = static_cast<uint32_t>(std::min<int64_t>(per_write, region_end - lba));
      std::span<uint8_t> data(buffer.data(), size_t{n} * bytes);
      if (lba < t.source_lba) {
        std::fill(data.begin(), data.end(), 0);
      } else {
        DM_TRY(source.readBlocks(static_cast<uint32_t>(lba - t.source_lba), n, data));
      }
      DM_TRY(drive_.write(static_cast<uint32_t>(lba), static_cast<uint16_t>(n), bytes, data));
      lba += static_cast<int32_t>(n);
      DM_TRY(progress_.wrote(n, data.size()));
    }
    return Status::Ok();
  }

  const DaoDisc& disc_;
  DaoLayout layout_;
  int32_t lead_in_lba_ = 0;
};

}  // namespace

BurnReport burnDiscAtOnce(mmc::Drive& drive, const DaoDisc& disc, const BurnOptions& options, ProgressSink* progress) {
  return DaoRun(drive, disc, options, progress).run();
}

}  // namespace dm::burn
