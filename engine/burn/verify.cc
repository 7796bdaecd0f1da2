// verifyTrack (see verify.h).
#include "engine/burn/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "engine/sector/subchannel.h"

namespace dm::burn {
namespace {

constexpr uint32_t kChunkBlocks = 32;  // per READ(10) or READ CD, as the write side writes
constexpr size_t kAudioBytes = 2352;
constexpr size_t kC2Bytes = 294;
constexpr size_t kQBytes = 16;

uint8_t bcd(int v) { return static_cast<uint8_t>((v / 10) << 4 | (v % 10)); }

Status verifyFailed(int64_t lba, std::string what) {
  ErrorContext ctx;
  ctx.command = "READ CD";
  ctx.lba = lba;
  return Status(ResultCode::kBurnVerificationFailed, fmt::format("verify: LBA {} {}", lba, what), std::move(ctx));
}

// READ CD with C2 pointers and Q through the quirk handler; the audio is copied to `audio`, the
// C2 pointers must be clear and each Q position frame must say `track` and LBA + 150.
Status readCheckedAudio(const AudioReadBack& how, uint32_t lba, uint32_t n, std::span<uint8_t> audio) {
  bool c2 = true, q = true;
  std::vector<uint8_t> raw;
  DM_TRY(how.quirks->readAudioBack(lba, static_cast<uint16_t>(n), raw, c2, q));
  const size_t stride = kAudioBytes + (c2 ? kC2Bytes : 0) + (q ? kQBytes : 0);
  for (uint32_t b = 0; b < n; ++b) {
    const uint8_t* block = raw.data() + size_t{b} * stride;
    std::copy_n(block, kAudioBytes, audio.begin() + static_cast<ptrdiff_t>(size_t{b} * kAudioBytes));
    const int64_t at = int64_t{lba} + b;
    if (c2 && std::any_of(block + kAudioBytes, block + kAudioBytes + kC2Bytes, [](uint8_t v) { return v != 0; })) {
      return verifyFailed(at, "has C2 errors");
    }
    if (!q) continue;
    std::array<uint8_t, sector::kChannelBytes> frame{};
    std::copy_n(block + stride - kQBytes, frame.size(), frame.begin());
    if (!sector::qCrcMatches(frame)) return verifyFailed(at, "has a Q sub-channel with a bad CRC");
    if ((frame[0] & 0x0F) != 1) continue;  // MCN and ISRC frames carry no position
    const int64_t abs = at + 150;
    const bool where = frame[7] == bcd(static_cast<int>(abs / 4500)) && frame[8] == bcd(static_cast<int>(abs / 75 % 60)) &&
                       frame[9] == bcd(static_cast<int>(abs % 75));
    if (frame[1] != bcd(how.track) || !where) {
      return verifyFailed(at, fmt::format("has Q sub-channel track {:02X} at {:02X}:{:02X}:{:02X}, not track {} at "
                                          "the block's own address",
                                          frame[1], frame[7], frame[8], frame[9], how.track));
    }
  }
  return Status::Ok();
}

}  // namespace

Status verifyTrack(mmc::Drive& drive, const SectorSource& source, int32_t start_lba, uint32_t track_blocks,
                   VerifyResult& result, ProgressSink* progress, Duration origin, AudioReadBack how) {
  // Data blocks come back through READ(10); audio through READ CD, the only way to read CD-DA.
  const uint32_t kBlockSize = source.blockSize();
  const bool audio = kBlockSize == 2352;
  std::vector<uint8_t> expected(size_t{kChunkBlocks} * kBlockSize);
  std::vector<uint8_t> got(expected.size());
  const uint32_t image = source.totalBlocks();
  result = {};
  for (uint32_t done = 0; done < track_blocks;) {
    if (progress && progress->queryCancel()) {
      return Status(ResultCode::kUserAbort, fmt::format("verify cancelled after {} of {} blocks", done, track_blocks));
    }
    const uint32_t n = std::min(kChunkBlocks, track_blocks - done);
    const size_t bytes = size_t{n} * kBlockSize;
    std::fill_n(expected.begin(), bytes, 0);
    if (done < image) {
      const uint32_t from_image = std::min(n, image - done);
      DM_TRY(source.readBlocks(done, from_image, std::span(expected).first(size_t{from_image} * kBlockSize)));
    }
    const int64_t lba = int64_t{start_lba} + done;
    if (audio && how.quirks) {
      DM_TRY(readCheckedAudio(how, static_cast<uint32_t>(lba), n, std::span(got).first(bytes)));
    } else if (audio) {
      DM_TRY(drive.readAudio(static_cast<uint32_t>(lba), static_cast<uint16_t>(n), std::span(got).first(bytes)));
    } else {
      DM_TRY(drive.read(static_cast<uint32_t>(lba), static_cast<uint16_t>(n), std::span(got).first(bytes)));
    }
    const auto diff = std::mismatch(expected.begin(), expected.begin() + static_cast<ptrdiff_t>(bytes), got.begin());
    if (diff.first != expected.begin() + static_cast<ptrdiff_t>(bytes)) {
      const auto offset = static_cast<uint64_t>(diff.first - expected.begin());
      result.first_mismatch_lba = lba + static_cast<int64_t>(offset / kBlockSize);
      result.blocks_compared = done + static_cast<uint32_t>(offset / kBlockSize) + 1;
      ErrorContext ctx;
      ctx.command = audio ? "READ CD" : "READ(10)";
      ctx.lba = *result.first_mismatch_lba;
      return Status(ResultCode::kBurnVerificationFailed,
                    fmt::format("verify: LBA {} differs from the staged data (byte {} of the block)",
                                *result.first_mismatch_lba, offset % kBlockSize),
                    std::move(ctx));
    }
    done += n;
    result.blocks_compared = done;
    if (progress) {
      BlockProgress p;
      p.phase = Phase::kVerifying;
      p.at = drive.clock().now() - origin;
      p.blocks_done = done;
      p.blocks_total = track_blocks;
      progress->onBlocks(p);
    }
  }
  return Status::Ok();
}

}  // namespace dm::burn
