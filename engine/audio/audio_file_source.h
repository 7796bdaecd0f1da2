// AudioFileSource: an audio file (WAV, FLAC, AIFF, … — what libsndfile reads) as the blocks of a
// CD-DA track, decoded while the burn asks for them, so a whole album never sits in memory.
// Red Book audio is 44.1 kHz, 16-bit, 2 channels, 588 frames per 2352-byte block (mmc.md §1.1);
// a file in any other shape is refused with a message naming the file and what it is. The last
// block is completed with digital silence.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/base/result.h"
#include "engine/burn/sector_source.h"

namespace dm::audio {

inline constexpr uint32_t kCdSampleRate = 44'100;
inline constexpr uint32_t kCdChannels = 2;
inline constexpr uint32_t kFramesPerBlock = 588;  // 2352 bytes / (2 channels × 2 bytes)
inline constexpr uint32_t kAudioBlockBytes = 2352;

// What the file holds, as libsndfile reports it.
struct AudioFileInfo {
  std::string container;  // "WAV", "FLAC", …
  std::string encoding;   // "16-bit PCM", "24-bit PCM", "32-bit float", …
  uint32_t sample_rate = 0;
  uint32_t channels = 0;
  uint64_t frames = 0;
  // "FLAC, 16-bit PCM, 48000 Hz, 2 channels"
  std::string describe() const;
};

class AudioFileSource final : public burn::SectorSource {
 public:
  // Opens `path` and checks it is CD audio. Errors: IMAPI_E_FILEACCESS for a file libsndfile
  // cannot read (its reason included), E_INVALIDARG for audio in another shape.
  static Result<std::unique_ptr<AudioFileSource>> open(const std::filesystem::path& path);
  ~AudioFileSource() override;

  uint32_t blockSize() const override { return kAudioBlockBytes; }
  uint32_t totalBlocks() const override { return blocks_; }
  // Blocks in order are read sequentially; any other request seeks first.
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override;

  const AudioFileInfo& info() const { return info_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Handle;
  AudioFileSource(std::filesystem::path path, std::unique_ptr<Handle> handle, AudioFileInfo info);

  std::filesystem::path path_;
  std::unique_ptr<Handle> handle_;
  AudioFileInfo info_;
  uint32_t blocks_ = 0;
  mutable uint64_t position_ = 0;  // next frame libsndfile will read
};

}  // namespace dm::audio
