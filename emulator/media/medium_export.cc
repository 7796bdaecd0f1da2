// Export of recorded user data: the ISO image of the first data track (of the whole logical space
// on a BD-R with Pseudo-Overwrite), and the user-data view of a
// block that READ(10) and the exporter share.
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <vector>

#include "emulator/media/medium.h"

namespace vrec {
namespace {

constexpr size_t kUserBytes = 2048;
constexpr size_t kRawUserOffset = 16;  // 12 sync + 4 header bytes precede Mode 1 user data (§1.1)
constexpr size_t kRawXaUserOffset = 24;  // … and an 8-byte subheader Mode 2 Form 1 user data
constexpr uint32_t kExportBatchSectors = 64;
constexpr size_t kMode2Bytes = 2336;
constexpr size_t kMode2SubheaderBytes = 8;

std::string osError(const std::filesystem::path& path, const char* what, int error) {
  return std::string("cannot ") + what + " ISO image '" + path.string() + "': " +
         std::generic_category().message(error);
}

}  // namespace

void readUserData(const Medium& medium, const Track& track, int32_t lba, std::span<uint8_t, 2048> out) {
  const std::span<const uint8_t> block = medium.store().read(lba);
  std::memset(out.data(), 0, out.size());
  if (block.empty()) return;
  // Mode 2 blocks of 2336 bytes (XA from a cue sheet) carry an 8-byte subheader before Form 1
  // user data (mmc.md §1.1); raw 2352-byte sectors 16 bytes of sync and header, and a raw Mode 2
  // (XA Form 1) sector its 8-byte subheader after those.
  const bool mode2 = track.block_bytes == kMode2Bytes && block.size() >= kMode2SubheaderBytes + kUserBytes;
  size_t offset = mode2 ? kMode2SubheaderBytes
                  : (track.block_bytes >= kRawUserOffset + kUserBytes && block.size() >= kRawUserOffset + kUserBytes)
                      ? kRawUserOffset
                      : 0;
  if (offset == kRawUserOffset && block.size() >= kRawXaUserOffset + kUserBytes && block[15] == 2) offset = kRawXaUserOffset;
  const size_t length = block.size() - offset < kUserBytes ? block.size() - offset : kUserBytes;
  std::memcpy(out.data(), block.data() + offset, length);
}

std::optional<std::string> Medium::exportIso(const std::filesystem::path& path) const {
  const Track* data_track = nullptr;
  for (const Track& t : tracks_) {
    if (t.isData() && t.recorded_sectors > 0) {
      data_track = &t;
      break;
    }
  }
  if (data_track == nullptr) {
    return "cannot write ISO image '" + path.string() + "': the medium (" + describe() +
           ") has no recorded data track";
  }
  // A BD-R with Pseudo-Overwrite is one logical space: growisofs -M appends a track and rewrites the
  // volume descriptors of track 1 in place, so the image is everything from track 1 to the end of
  // the last recorded track, as a reader of the disc sees it.
  uint32_t sectors = data_track->recorded_sectors;
  if (pseudo_overwrite_) {
    for (const Track& t : tracks_) {
      if (t.recorded_sectors == 0 || t.start_lba < data_track->start_lba) continue;
      sectors = std::max(sectors, static_cast<uint32_t>(t.start_lba - data_track->start_lba) + t.recorded_sectors);
    }
  }
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return osError(path, "create", errno);

  std::vector<uint8_t> batch(kExportBatchSectors * kUserBytes);
  for (uint32_t done = 0; done < sectors;) {
    const uint32_t count = std::min(kExportBatchSectors, sectors - done);
    for (uint32_t i = 0; i < count; ++i) {
      readUserData(*this, *data_track, data_track->start_lba + static_cast<int32_t>(done + i),
                   std::span<uint8_t, 2048>(batch.data() + static_cast<size_t>(i) * kUserBytes, kUserBytes));
    }
    const size_t bytes = static_cast<size_t>(count) * kUserBytes;
    if (std::fwrite(batch.data(), 1, bytes, file) != bytes) {
      const int error = errno;
      std::fclose(file);
      return osError(path, "write", error);
    }
    done += count;
  }
  if (std::fclose(file) != 0) return osError(path, "finish", errno);
  return std::nullopt;
}

}  // namespace vrec
