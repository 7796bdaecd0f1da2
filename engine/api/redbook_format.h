// RedbookFormat: IMAPI's IRedbookDiscMaster (imapi.md §1.5) — an audio CD staged track by track
// into the stash and written Track-At-Once. Obtained from DiscMaster::redbook() once
// setActiveFormat(Format::kRedbook) chose it; every call while Joliet is active is
// IMAPI_E_WRONGFORMAT.
//
// Call order: createAudioTrack (none open, else IMAPI_E_TRACKOPEN; at most 99 tracks), then
// addAudioTrackBlocks any number of times (whole 2352-byte blocks of 44.1 kHz 16-bit stereo PCM,
// little-endian as in a WAV data chunk), then closeAudioTrack (at least 300 blocks, else
// IMAPI_E_TRACK_NOT_BIG_ENOUGH and the track stays open to take more).
//
// Block accounting follows IMAPI: every track costs its blocks plus the 2 blocks always written
// at its end, and every track after the first the recorder's AudioGapSize before it, so
// usedAudioBlocks() never exceeds totalAudioBlocks() (the blank disc's free blocks) and what is
// staged is exactly what the burn needs. An add that does not fit keeps what fits and returns
// IMAPI_E_DISCFULL. Staged PCM lives in the stash, frozen, with the stash's clearing rules.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "engine/base/result.h"

namespace dm::api {

class DiscMaster;

struct StagedAudioTrack {
  std::filesystem::path stream;  // the PCM in the stash
  uint32_t blocks = 0;
  bool closed = false;
};

class RedbookFormat {
 public:
  static constexpr uint32_t kAudioBlockSize = 2352;
  static constexpr uint32_t kMaxTracks = 99;
  static constexpr uint32_t kMinTrackBlocks = 300;  // 4 s (Red Book)
  static constexpr uint32_t kTrackEndBlocks = 2;    // written after every track (imapi.md §2.1)

  Result<uint32_t> totalAudioTracks() const;
  Result<uint32_t> totalAudioBlocks() const;
  Result<uint32_t> usedAudioBlocks() const;
  // With a track open: what it can still take. With none: the most a new track could take.
  Result<uint32_t> availableAudioTrackBlocks() const;
  uint32_t audioBlockSize() const { return kAudioBlockSize; }

  // `advisory_blocks` is advisory only, as in IMAPI: it does not limit or reserve anything.
  Status createAudioTrack(uint32_t advisory_blocks);
  Status addAudioTrackBlocks(std::span<const uint8_t> pcm);
  Status closeAudioTrack();

  const std::vector<StagedAudioTrack>& tracks() const { return tracks_; }
  bool trackOpen() const { return !tracks_.empty() && !tracks_.back().closed; }

 private:
  friend class DiscMaster;
  explicit RedbookFormat(DiscMaster& master) : master_(master) {}
  Status requireActive() const;
  uint32_t gapBlocks() const;
  uint32_t usedBlocks() const;
  uint32_t availableBlocks(uint32_t total) const;
  void clear() { tracks_.clear(); }

  DiscMaster& master_;
  std::vector<StagedAudioTrack> tracks_;
};

}  // namespace dm::api
