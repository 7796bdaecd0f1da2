// Writing an image as BIN/CUE through the sector encoder (see bin_cue_writer.h).
#include "engine/layout/bin_cue_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <vector>

#include "engine/base/os_error.h"
#include "engine/sector/encoder.h"

namespace dm::layout {
namespace {

constexpr uint32_t kBatchBlocks = 256;  // 512 KiB of user data per encoder call

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Status writeBinCue(const burn::SectorSource& image, const std::filesystem::path& cue) {
  if (image.blockSize() != sector::userDataBytes(sector::SectorForm::kMode1)) {
    return Status(ResultCode::kInvalidArgument, fmt::format("{}: a BIN/CUE data track takes 2048-byte blocks", cue.string()));
  }
  const std::filesystem::path bin = std::filesystem::path(cue).replace_extension(".bin");
  DM_ASSIGN_OR_RETURN(sector::SectorEncoder encoder, sector::SectorEncoder::create(sector::SectorForm::kMode1));
  const auto fail = [&](const std::filesystem::path& file, const char* doing, int err) {
    std::error_code ignored;
    std::filesystem::remove(bin, ignored);
    std::filesystem::remove(cue, ignored);
    return osError(file, doing, err);
  };
  std::unique_ptr<std::FILE, FileCloser> out(std::fopen(bin.c_str(), "wb"));
  if (!out) return fail(bin, "create", errno);
  std::vector<uint8_t> user(size_t{kBatchBlocks} * 2048), raw(size_t{kBatchBlocks} * sector::kRawSectorBytes);
  for (uint32_t done = 0; done < image.totalBlocks();) {
    const uint32_t n = std::min(kBatchBlocks, image.totalBlocks() - done);
    const std::span<uint8_t> u(user.data(), size_t{n} * 2048);
    const std::span<uint8_t> r(raw.data(), size_t{n} * sector::kRawSectorBytes);
    if (Status s = image.readBlocks(done, n, u); !s.ok()) {
      (void)fail(bin, "write", 0);
      return s;
    }
    DM_TRY(encoder.encodeBatch(static_cast<int32_t>(done), u, r));
    if (std::fwrite(r.data(), 1, r.size(), out.get()) != r.size()) return fail(bin, "write", errno);
    done += n;
  }
  if (std::fclose(out.release()) != 0) return fail(bin, "finish", errno);
  const std::string sheet =
      fmt::format("FILE \"{}\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n", bin.filename().string());
  std::unique_ptr<std::FILE, FileCloser> sheet_file(std::fopen(cue.c_str(), "wb"));
  if (!sheet_file) return fail(cue, "create", errno);
  if (std::fwrite(sheet.data(), 1, sheet.size(), sheet_file.get()) != sheet.size()) return fail(cue, "write", errno);
  if (std::fclose(sheet_file.release()) != 0) return fail(cue, "finish", errno);
  return Status::Ok();
}

}  // namespace dm::layout
