// AudioFileSource: libsndfile decoding into CD-DA blocks (see header).
#include "engine/audio/audio_file_source.h"

#include <fmt/format.h>
#include <sndfile.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace dm::audio {
namespace {

std::string formatName(int format, int mask) {
  const int command = mask == SF_FORMAT_TYPEMASK ? SFC_GET_FORMAT_MAJOR : SFC_GET_FORMAT_SUBTYPE;
  // libsndfile looks formats up by index; walk its table for the one with this code.
  int count = 0;
  sf_command(nullptr, mask == SF_FORMAT_TYPEMASK ? SFC_GET_FORMAT_MAJOR_COUNT : SFC_GET_FORMAT_SUBTYPE_COUNT, &count,
             sizeof(int));
  for (int i = 0; i < count; ++i) {
    SF_FORMAT_INFO entry{};
    entry.format = i;
    if (sf_command(nullptr, command, &entry, sizeof(entry)) == 0 && entry.format == (format & mask)) {
      return entry.name != nullptr ? entry.name : fmt::format("format {:#x}", format & mask);
    }
  }
  return fmt::format("format {:#x}", format & mask);
}

std::string encodingName(int format) {
  switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8: return "8-bit PCM";
    case SF_FORMAT_PCM_16: return "16-bit PCM";
    case SF_FORMAT_PCM_24: return "24-bit PCM";
    case SF_FORMAT_PCM_32: return "32-bit PCM";
    case SF_FORMAT_FLOAT: return "32-bit float";
    case SF_FORMAT_DOUBLE: return "64-bit float";
    default: return formatName(format, SF_FORMAT_SUBMASK);
  }
}

std::string containerName(int format) {
  switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV: return "WAV";
    case SF_FORMAT_WAVEX: return "WAVE_FORMAT_EXTENSIBLE";
    case SF_FORMAT_AIFF: return "AIFF";
    case SF_FORMAT_FLAC: return "FLAC";
    case SF_FORMAT_OGG: return "Ogg";
    case SF_FORMAT_RAW: return "raw";
    default: return formatName(format, SF_FORMAT_TYPEMASK);
  }
}

}  // namespace

struct AudioFileSource::Handle {
  SNDFILE* file = nullptr;
  ~Handle() {
    if (file != nullptr) sf_close(file);
  }
};

std::string AudioFileInfo::describe() const {
  return fmt::format("{}, {}, {} Hz, {} channel{}", container, encoding, sample_rate, channels,
                     channels == 1 ? "" : "s");
}

AudioFileSource::AudioFileSource(std::filesystem::path path, std::unique_ptr<Handle> handle, AudioFileInfo info)
    : path_(std::move(path)), handle_(std::move(handle)), info_(std::move(info)) {
  blocks_ = static_cast<uint32_t>((info_.frames + kFramesPerBlock - 1) / kFramesPerBlock);
}

AudioFileSource::~AudioFileSource() = default;

Result<std::unique_ptr<AudioFileSource>> AudioFileSource::open(const std::filesystem::path& path) {
  SF_INFO sf{};
  auto handle = std::make_unique<Handle>();
  handle->file = sf_open(path.c_str(), SFM_READ, &sf);
  if (handle->file == nullptr) {
    return Status(ResultCode::kFileAccess, fmt::format("{}: cannot read it as audio: {}", path.string(), sf_strerror(nullptr)));
  }
  AudioFileInfo info;
  info.container = containerName(sf.format);
  info.encoding = encodingName(sf.format);
  info.sample_rate = static_cast<uint32_t>(sf.samplerate);
  info.channels = static_cast<uint32_t>(sf.channels);
  info.frames = static_cast<uint64_t>(sf.frames);
  // Reading 16-bit samples from a 16-bit file is exact; from anything else it would requantise
  // or resample behind the user's back, so it is refused instead.
  const bool cd_shaped = info.sample_rate == kCdSampleRate && info.channels == kCdChannels &&
                         (sf.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16;
  if (!cd_shaped) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("{}: {}; an audio CD needs 44100 Hz, 16-bit PCM, 2 channels (convert it first, "
                              "e.g. `sox IN -r 44100 -b 16 -c 2 OUT.wav`)",
                              path.string(), info.describe()));
  }
  if (info.frames == 0) return Status(ResultCode::kInvalidArgument, fmt::format("{}: holds no audio", path.string()));
  return std::unique_ptr<AudioFileSource>(new AudioFileSource(path, std::move(handle), std::move(info)));
}

Status AudioFileSource::readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const {
  static_assert(std::endian::native == std::endian::little, "CD-DA is written little-endian as read");
  if (uint64_t{first} + count > blocks_ || out.size() < size_t{count} * kAudioBlockBytes) {
    return Status(ResultCode::kInvalidArgument,
                  fmt::format("{}: blocks {}+{} are outside its {} blocks", path_.string(), first, count, blocks_));
  }
  const uint64_t frame = uint64_t{first} * kFramesPerBlock;
  if (frame != position_) {
    if (sf_seek(handle_->file, static_cast<sf_count_t>(frame), SEEK_SET) < 0) {
      return Status(ResultCode::kFileAccess, fmt::format("{}: cannot seek to frame {}: {}", path_.string(), frame,
                                                         sf_strerror(handle_->file)));
    }
    position_ = frame;
  }
  const uint64_t wanted = std::min<uint64_t>(uint64_t{count} * kFramesPerBlock, info_.frames - frame);
  auto* samples = reinterpret_cast<short*>(out.data());
  const sf_count_t got = sf_readf_short(handle_->file, samples, static_cast<sf_count_t>(wanted));
  if (got < 0 || static_cast<uint64_t>(got) != wanted) {
    return Status(ResultCode::kFileAccess, fmt::format("{}: read {} of {} frames at frame {}: {}", path_.string(),
                                                       got, wanted, frame, sf_strerror(handle_->file)));
  }
  position_ += wanted;
  // The file ends inside the last block: the rest is silence.
  const size_t filled = wanted * kCdChannels * sizeof(short);
  std::memset(out.data() + filled, 0, size_t{count} * kAudioBlockBytes - filled);
  return Status::Ok();
}

}  // namespace dm::audio
