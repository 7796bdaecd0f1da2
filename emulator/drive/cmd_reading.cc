// READ CAPACITY (25h), READ(10) (28h) and READ(12) (A8h) (MMC-5; mmc.md §2): the last recorded block,
// and 2048-byte user data from recorded data tracks. Like a real drive READ(10) transfers the good
// blocks before the first bad one, then reports that one's LBA:
// an audio block is 05/64/00, a TAO run-out or pregap block 03/11/00 (the classic read-ahead error
// at a TAO track end, mmc.md §1.3), anything past the recorded area 05/21/00.
#include <string>
#include <vector>

#include "emulator/drive/cdb.h"
#include "emulator/drive/drive.h"

namespace vrec {
namespace {

constexpr size_t kReadBlockBytes = 2048;

}  // namespace

void Drive::handleRead10(Command& c) { readBlocks(c, lbaFromWire(be32(c.cdb, 2)), be16(c.cdb, 7), 7); }

// mmc.md §2: READ(12) A8h, 4-byte transfer length in bytes 6-9; Streaming (byte 10 bit 7) ignored.
void Drive::handleRead12(Command& c) { readBlocks(c, lbaFromWire(be32(c.cdb, 2)), be32(c.cdb, 6), 6); }

void Drive::readBlocks(Command& c, int32_t lba, uint32_t count, uint16_t count_byte) {
  c.params = "lba=" + std::to_string(lba) + " n=" + std::to_string(count);
  if (!requireMedium(c)) return;
  if (count == 0) return;
  if (c.data.size() < static_cast<size_t>(count) * kReadBlockBytes) {
    failField(c, kSenseInvalidFieldInCdb, count_byte);  // the host's buffer cannot take count blocks
    return;
  }
  // Reads see the physical disc: a test write leaves nothing on it.
  const Medium& disc = medium_;
  int32_t recorded_end = 0;
  for (const Track& t : disc.tracks()) recorded_end = t.start_lba + static_cast<int32_t>(t.sizeSectors());

  for (uint32_t i = 0; i < count; ++i) {
    const int32_t at = lba + static_cast<int32_t>(i);
    const Track* holder = nullptr;
    for (const Track& t : disc.tracks()) {
      if (at >= t.start_lba && at < t.userEndLba()) holder = &t;
    }
    // A formatted DVD+RW reads anywhere in its capacity; unwritten blocks read as zeros.
    if (disc.isFormatted() && at >= 0 && at < static_cast<int32_t>(disc.capacitySectors())) holder = &disc.tracks().front();
    if (holder == nullptr) {
      c.transferred = static_cast<size_t>(i) * kReadBlockBytes;
      const bool inside = !disc.tracks().empty() && at >= disc.tracks().front().start_lba && at < recorded_end;
      failAt(c, inside ? kSenseUnrecoveredReadError : kSenseLbaOutOfRange, at);
      return;
    }
    if (!holder->isData()) {
      c.transferred = static_cast<size_t>(i) * kReadBlockBytes;
      failAt(c, kSenseIllegalModeForTrack, at);  // audio needs READ CD
      return;
    }
    readUserData(disc, *holder, at,
                 std::span<uint8_t, 2048>(c.data.data() + static_cast<size_t>(i) * kReadBlockBytes, kReadBlockBytes));
  }
  c.transferred = static_cast<size_t>(count) * kReadBlockBytes;
}

void Drive::handleReadCapacity(Command& c) {
  const uint32_t lba_field = be32(c.cdb, 2);
  const bool pmi = (c.cdb[8] & 0x01) != 0;
  if (!pmi && lba_field != 0) {
    failField(c, kSenseInvalidFieldInCdb, 2);  // SBC: the LBA must be 0 unless PMI is set
    return;
  }
  if (!requireMedium(c)) return;
  // mmc.md §2 READ CAPACITY: the last LBA of the last track, TAO run-out blocks included (the
  // classic unreadable tail); a blank disc reports 0.
  int32_t last = 0;
  const Medium& disc = visible();
  // A formatted DVD+RW: the formatted size, written or not (mmc.md §1.5).
  if (disc.isFormatted()) last = static_cast<int32_t>(disc.capacitySectors()) - 1;
  for (auto it = disc.tracks().rbegin(); it != disc.tracks().rend(); ++it) {
    if (disc.isFormatted()) break;
    if (it->sizeSectors() > 0) {
      last = it->start_lba + static_cast<int32_t>(it->sizeSectors()) - 1;
      break;
    }
  }
  std::vector<uint8_t> out(8, 0);
  putBe32(out, 0, lbaToWire(last));
  putBe32(out, 4, 2048);
  c.params = "last=" + std::to_string(last);
  reply(c, out, out.size());
}

}  // namespace vrec
