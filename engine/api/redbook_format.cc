// RedbookFormat: audio track staging with IMAPI's call-order rules and block accounting (see
// header).
#include "engine/api/redbook_format.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/api/disc_master.h"

namespace dm::api {

Status RedbookFormat::requireActive() const { return master_.requireFormat(Format::kRedbook); }

uint32_t RedbookFormat::gapBlocks() const {
  auto props = master_.activeRecorderProperties();
  return props.ok() ? static_cast<uint32_t>(props->audio_gap_size) : static_cast<uint32_t>(kDefaultAudioGapSize);
}

uint32_t RedbookFormat::usedBlocks() const {
  uint64_t used = 0;
  for (const StagedAudioTrack& t : tracks_) used += t.blocks + kTrackEndBlocks;
  if (tracks_.size() > 1) used += uint64_t{gapBlocks()} * (tracks_.size() - 1);
  return static_cast<uint32_t>(std::min<uint64_t>(used, UINT32_MAX));
}

uint32_t RedbookFormat::availableBlocks(uint32_t total) const {
  uint64_t cost = usedBlocks();
  if (!trackOpen()) {
    if (tracks_.size() >= kMaxTracks) return 0;
    cost += kTrackEndBlocks + (tracks_.empty() ? 0 : gapBlocks());
  }
  return cost >= total ? 0 : static_cast<uint32_t>(total - cost);
}

Result<uint32_t> RedbookFormat::totalAudioTracks() const {
  DM_TRY(requireActive());
  return static_cast<uint32_t>(tracks_.size());
}

Result<uint32_t> RedbookFormat::totalAudioBlocks() const {
  DM_TRY(requireActive());
  return master_.blankMediumBlocks();
}

Result<uint32_t> RedbookFormat::usedAudioBlocks() const {
  DM_TRY(requireActive());
  return usedBlocks();
}

Result<uint32_t> RedbookFormat::availableAudioTrackBlocks() const {
  DM_TRY(requireActive());
  DM_ASSIGN_OR_RETURN(uint32_t total, master_.blankMediumBlocks());
  return availableBlocks(total);
}

Status RedbookFormat::createAudioTrack(uint32_t /*advisory_blocks*/) {
  DM_TRY(requireActive());
  if (trackOpen()) {
    return Status(ResultCode::kTrackOpen, fmt::format("track {} is still open; close it first", tracks_.size()));
  }
  if (tracks_.size() >= kMaxTracks) {
    return Status(ResultCode::kDiscFull, fmt::format("an audio CD holds at most {} tracks", kMaxTracks));
  }
  DM_ASSIGN_OR_RETURN(std::filesystem::path stream, master_.stash().createStream());
  tracks_.push_back({std::move(stream), 0, false});
  return Status::Ok();
}

Status RedbookFormat::addAudioTrackBlocks(std::span<const uint8_t> pcm) {
  DM_TRY(requireActive());
  if (!trackOpen()) return Status(ResultCode::kTrackNotOpen, "no audio track is open: call createAudioTrack first");
  if (pcm.size() % kAudioBlockSize != 0) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("{} bytes is not a whole number of {}-byte audio blocks ({} left over)", pcm.size(),
                              kAudioBlockSize, pcm.size() % kAudioBlockSize));
  }
  const uint64_t blocks = pcm.size() / kAudioBlockSize;
  DM_ASSIGN_OR_RETURN(uint32_t total, master_.blankMediumBlocks());
  const uint32_t room = availableBlocks(total);
  const uint64_t keep = std::min<uint64_t>(blocks, room);

  master_.notifyAddProgress(0, static_cast<long>(blocks));
  if (master_.queryCancel()) return Status(ResultCode::kUserAbort, "addAudioTrackBlocks cancelled; nothing was added");
  StagedAudioTrack& track = tracks_.back();
  DM_TRY(master_.stash().appendToStream(track.stream, pcm.first(keep * kAudioBlockSize)));
  track.blocks += static_cast<uint32_t>(keep);
  master_.notifyAddProgress(static_cast<long>(blocks), static_cast<long>(blocks));
  if (keep < blocks) {
    // IMAPI keeps as much as fits (unlike AddData, which adds nothing).
    return Status(ResultCode::kDiscFull,
                  fmt::format("the disc has room for {} more blocks; {} of the {} blocks were added to track {}",
                              room, keep, blocks, tracks_.size()));
  }
  return Status::Ok();
}

Status RedbookFormat::closeAudioTrack() {
  DM_TRY(requireActive());
  if (!trackOpen()) return Status(ResultCode::kTrackNotOpen, "no audio track is open");
  StagedAudioTrack& track = tracks_.back();
  if (track.blocks < kMinTrackBlocks) {
    return Status(ResultCode::kTrackNotBigEnough,
                  fmt::format("track {} holds {} blocks; an audio track needs at least {} (4 seconds); it stays "
                              "open to take more",
                              tracks_.size(), track.blocks, kMinTrackBlocks));
  }
  track.closed = true;
  return Status::Ok();
}

}  // namespace dm::api
