// verifyTrack (see verify.h).
#include "engine/burn/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace dm::burn {
namespace {

constexpr uint32_t kChunkBlocks = 32;  // per READ(10) or READ CD, as the write side writes

}  // namespace

Status verifyTrack(mmc::Drive& drive, const SectorSource& source, int32_t start_lba, uint32_t track_blocks,
                   VerifyResult& result, ProgressSink* progress, Duration origin) {
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
    if (audio) {
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
