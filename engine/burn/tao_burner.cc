// The TAO burn (see tao_burner.h). Phases map to IMAPI's progress callbacks.
#include "engine/burn/tao_burner.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "engine/burn/burn_preparation.h"
#include "engine/burn/burn_run.h"
#include "engine/burn/write_progress.h"
#include "engine/mmc/sense.h"

namespace dm::burn {
namespace {

constexpr uint32_t kMode1BlockSize = 2048;
constexpr uint32_t kAudioBlockSize = 2352;
constexpr uint8_t kDataBlockTypeMode1 = 8;   // page 05 data block type: Mode 1, 2048 bytes
constexpr uint8_t kDataBlockTypeRaw = 0;     // page 05 data block type: 2352 bytes (CD-DA)
constexpr uint8_t kTrackModeData = 4;        // Q CONTROL: data, recorded uninterrupted
constexpr uint8_t kTrackModeAudio = 0;       // Q CONTROL: 2-channel audio
constexpr uint8_t kTrackModePreEmphasis = 1; // Q CONTROL bit 0 on audio
constexpr uint8_t kMultisessionNone = 0x0;   // no next session: the disc is closed
constexpr uint8_t kMultisessionNext = 0x3;   // next session allowed
// Between TAO tracks: the closed track's 2 run-out blocks, then link, run-in and pregap up to the
// next index 1 (mmc.md §1.3).
constexpr uint32_t kTrackGapBlocks = 2 + 150;

uint32_t blockSizeOf(TrackKind kind) { return kind == TrackKind::kAudio ? kAudioBlockSize : kMode1BlockSize; }

class TaoRun final : public BurnRun {
 public:
  TaoRun(mmc::Drive& drive, std::span<const TaoTrack> tracks, const BurnOptions& options, ProgressSink* sink)
      : BurnRun(drive, options, sink), tracks_(tracks) {
    uint32_t total = 0;
    for (const TaoTrack& t : tracks_) {
      report_.image_blocks += t.source->totalBlocks();
      total += trackBlocks(t);
    }
    progress_.setTotalBlocks(total);
  }

 private:
  // A track's blocks as written: source, trailing zeros, and padding up to the 4 s minimum.
  static uint32_t trackBlocks(const TaoTrack& t) {
    return std::max(t.source->totalBlocks() + t.trailing_blocks, kMinimumTrackBlocks);
  }
  bool announcesTracks() const { return tracks_.size() > 1 || tracks_.front().kind == TrackKind::kAudio; }

  Status burn() override {
    if (tracks_.empty()) return Status(ResultCode::kInvalidImage, "nothing to burn: no tracks");
    progress_.enterPhase(Phase::kPreparing, {});
    DM_TRY(remap(prepare(), ResultCode::kInitializeWrite, "preparing the drive"));
    progress_.startWriting();
    const auto total = static_cast<uint32_t>(tracks_.size());
    for (uint32_t i = 0; i < total; ++i) {
      if (announcesTracks() && sink_) sink_->onTrack(i, total);
      if (Status s = burnTrack(tracks_[i], i == 0, i + 1 == total); !s.ok()) {
        if (s.code() == ResultCode::kUserAbort) settleAfterCancel();
        return s;
      }
    }
    if (announcesTracks() && sink_) sink_->onTrack(total, total);
    // Average over writing and flushing: the data is on the disc only once the buffer is
    // empty, so the host-side rate alone would overstate the speed while the buffer fills.
    report_.average_speed_x = progress_.averageSpeedX();
    // Lead-in 4,500 + lead-out 6,750 sectors on a first session (mmc.md §1.3).
    progress_.enterPhase(Phase::kClosing, progress_.closeEstimate(4500 + 6750));
    DM_TRY(remap(closeOut([&] { return quirks_.closeSession(options_.simulate); }), ResultCode::kInitializeEndWrite,
                 "closing the session"));
    DM_TRY(readBack());
    if (!options_.verify || options_.simulate || cancelRefused()) return Status::Ok();
    return verifyTracks();
  }

  // A cancelled burn leaves the drive idle and the disc in a state a reader can name: what the
  // drive buffered is written out (SYNCHRONIZE CACHE), the track and session stay open (the disc
  // is appendable with an incomplete session, as cdrecord leaves it when interrupted), and the
  // report says what the disc is now.
  void settleAfterCancel() {
    progress_.enterPhase(Phase::kFlushing, {});
    (void)drive_.synchronizeCache();
    if (auto disc = quirks_.discInformation()) {
      report_.disc_after = std::string(mmc::discStatusName(disc->status));
      report_.sessions_after = disc->sessions;
    }
  }

  Status burnTrack(const TaoTrack& track, bool first, bool last) {
    // prepare() selected the first track's parameters and read its address before locking.
    mmc::TrackInformation next = first_track_;
    if (!first) {
      DM_TRY(remap(selectPage(track), ResultCode::kInitializeWrite, "selecting write parameters"));
      DM_ASSIGN_OR_RETURN(next, drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    }
    if (!next.nwa_valid) return Status(ResultCode::kDiscInfo, "the drive reports no next writable address");
    TrackReport t;
    t.number = next.track;
    t.audio = track.kind == TrackKind::kAudio;
    t.start_lba = quirks_.writableStart(next);
    t.source_blocks = track.source->totalBlocks();
    t.trailing_blocks = trackBlocks(track) - t.source_blocks;
    if (report_.tracks.empty()) report_.start_lba = t.start_lba;
    report_.padding_blocks += t.trailing_blocks;
    report_.tracks.push_back(t);
    if (progress_.phase() != Phase::kWriting) progress_.enterPhase(Phase::kWriting, progress_.writeEstimate());
    DM_TRY(writeTrack(track, t));
    progress_.enterPhase(Phase::kFlushing, {});
    const auto flush = [&] { return quirks_.synchronizeCache(); };
    // After the last block the flush belongs to closing: a cancel then is refused. Between tracks
    // no close command has gone out yet, so a cancel stops the burn once the buffer is written.
    if (last) return remap(closeOut(flush), ResultCode::kInitializeEndWrite, "flushing the drive buffer");
    bool cancelled = false;
    DM_TRY(remap(waitOut(flush, cancelled), ResultCode::kInitializeEndWrite, "flushing the drive buffer"));
    if (cancelled) {
      return Status(ResultCode::kUserAbort, fmt::format("cancelled while track {} was flushed, after {} of {} blocks",
                                                        t.number, progress_.blocksSent(), progress_.totalBlocks()));
    }
    // The last track is closed with the session (CLOSE SESSION closes an open track first). A
    // cancel while CLOSE TRACK runs waits for the close, then stops before the next track.
    DM_TRY(remap(waitOut([&] { return quirks_.closeTrack(t.number); }, cancelled), ResultCode::kInitializeEndWrite,
                 fmt::format("closing track {}", t.number)));
    if (cancelled) {
      return Status(ResultCode::kUserAbort, fmt::format("cancelled while track {} was closed (the close was waited "
                                                        "out), after {} of {} blocks",
                                                        t.number, progress_.blocksSent(), progress_.totalBlocks()));
    }
    return Status::Ok();
  }

  Status prepare() {
    DM_ASSIGN_OR_RETURN(PreparedDrive prepared, prepareDrive(drive_, options_, report_, quirks_));
    const mmc::DiscInformation& disc = prepared.disc;
    report_.write_type = mmc::WriteType::kTrackAtOnce;
    DM_TRY(remap(selectPage(tracks_.front()), ResultCode::kInitializeWrite, "selecting write parameters"));

    DM_ASSIGN_OR_RETURN(first_track_, drive_.trackInformation(mmc::TrackAddressType::kTrack, mmc::kInvisibleTrack));
    const uint32_t free_blocks = quirks_.freeBlocks(first_track_, disc);
    const uint64_t needed = uint64_t{progress_.totalBlocks()} + uint64_t{kTrackGapBlocks} * (tracks_.size() - 1);
    if (needed > free_blocks) {
      return Status(ResultCode::kDiscFull,
                    tracks_.size() == 1
                        ? fmt::format("the track needs {} blocks; the disc has {} free", needed, free_blocks)
                        : fmt::format("{} tracks need {} blocks with their gaps; the disc has {} free",
                                      tracks_.size(), needed, free_blocks));
    }
    return lockTray();
  }

  Status selectPage(const TaoTrack& track) {
    DM_ASSIGN_OR_RETURN(mmc::WriteParametersPage page, drive_.writeParameters());
    page.setWriteType(mmc::WriteType::kTrackAtOnce);
    page.setTestWrite(options_.simulate);
    page.setBufe(report_.bufe);
    page.setMultisession(options_.multisession ? kMultisessionNext : kMultisessionNone);
    // Without the complete page (a switch for tests), a data track keeps the drive's defaults for
    // the fields a Mode 1 track shares with them, as a read-modify-write burner leaves them.
    const bool complete = quirks_.completeWriteParameters(page);
    if (track.kind == TrackKind::kAudio) {
      page.setTrackMode(track.pre_emphasis ? kTrackModePreEmphasis : kTrackModeAudio);
      page.setDataBlockType(kDataBlockTypeRaw);
      page.setSessionFormat(0x00);
    } else if (complete) {
      page.setTrackMode(kTrackModeData);
      page.setDataBlockType(kDataBlockTypeMode1);
      page.setSessionFormat(0x00);
    }
    return drive_.selectWriteParameters(page);
  }

  Status writeTrack(const TaoTrack& track, TrackReport& t) {
    const uint32_t block_size = blockSizeOf(track.kind);
    const uint32_t chunk = options_.chunk_blocks;
    std::vector<uint8_t> buffer(size_t{chunk} * block_size);
    const uint32_t blocks = t.source_blocks + t.trailing_blocks;
    for (uint32_t done = 0; done < blocks;) {
      if (sink_ && sink_->queryCancel()) {
        return Status(ResultCode::kUserAbort,
                      fmt::format("cancelled after {} of {} blocks", progress_.blocksSent(), progress_.totalBlocks()));
      }
      const uint32_t n = std::min(chunk, blocks - done);
      std::span<uint8_t> data(buffer.data(), size_t{n} * block_size);
      std::fill(data.begin(), data.end(), 0);
      if (done < t.source_blocks) {
        const uint32_t from_source = std::min(n, t.source_blocks - done);
        DM_TRY(track.source->readBlocks(done, from_source, data.first(size_t{from_source} * block_size)));
      }
      const uint32_t lba = static_cast<uint32_t>(t.start_lba) + done;
      DM_TRY(drive_.write(lba, static_cast<uint16_t>(n), block_size, data));
      done += n;
      DM_TRY(progress_.wrote(n, data.size()));
    }
    return Status::Ok();
  }

  Status readBack() {
    DM_ASSIGN_OR_RETURN(mmc::DiscInformation disc, quirks_.discInformation());
    report_.disc_after = std::string(mmc::discStatusName(disc.status));
    report_.sessions_after = disc.sessions;
    if (options_.simulate) return quirks_.checkSimulation(disc, report_.disc_before);
    for (TrackReport& t : report_.tracks) {
      DM_ASSIGN_OR_RETURN(mmc::TrackInformation info,
                          drive_.trackInformation(mmc::TrackAddressType::kLba, static_cast<uint32_t>(t.start_lba)));
      t.size_after = info.track_size;
      const uint32_t sent = t.source_blocks + t.trailing_blocks;
      if (info.track_size < sent) {
        return Status(ResultCode::kGeneric, fmt::format("the drive acknowledged {} blocks of track {} but it holds {}",
                                                        sent, t.number, info.track_size));
      }
    }
    report_.track_size_after = report_.tracks.front().size_after;
    return Status::Ok();
  }

  // Every track read back and compared: data with READ(10), audio with READ CD.
  Status verifyTracks() {
    progress_.enterPhase(Phase::kVerifying, progress_.writeEstimate());
    for (size_t i = 0; i < tracks_.size(); ++i) {
      const TrackReport& t = report_.tracks[i];
      VerifyResult verify;
      const Status s = verifyTrack(drive_, *tracks_[i].source, t.start_lba, t.source_blocks + t.trailing_blocks,
                                   verify, sink_, progress_.began(), AudioReadBack{&quirks_, t.number});
      report_.verified = s.ok() || verify.first_mismatch_lba.has_value();
      report_.verify_blocks += verify.blocks_compared;
      report_.verify_mismatch_lba = verify.first_mismatch_lba;
      DM_TRY(s);
    }
    return Status::Ok();
  }

  static Status remap(Status s, ResultCode phase_code, std::string_view doing) {
    return remapPhase(std::move(s), phase_code, doing);
  }

  std::span<const TaoTrack> tracks_;
  mmc::TrackInformation first_track_;
};

}  // namespace

BurnReport burnTaoTracks(mmc::Drive& drive, std::span<const TaoTrack> tracks, const BurnOptions& options,
                         ProgressSink* progress) {
  return TaoRun(drive, tracks, options, progress).run();
}

BurnReport burnDataTrack(mmc::Drive& drive, const SectorSource& source, const BurnOptions& options,
                         ProgressSink* progress) {
  TaoTrack track;
  track.source = &source;
  track.kind = TrackKind::kDataMode1;
  track.trailing_blocks = options.pad_blocks;
  return burnTaoTracks(drive, std::span<const TaoTrack>(&track, 1), options, progress);
}

}  // namespace dm::burn
