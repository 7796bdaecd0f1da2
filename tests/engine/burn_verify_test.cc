// Read-back verification: a disc that holds the staged blocks and zero padding matches; one
// differing byte is reported at its LBA; a read error keeps the drive's command, LBA and sense.
#include <gtest/gtest.h>

#include <map>

#include "engine/burn/verify.h"
#include "tests/engine/scripted_transport.h"

namespace dm::burn {
namespace {

using testing::checkCondition;
using testing::good;
using testing::ScriptedTransport;

class NumberedSource final : public SectorSource {
 public:
  explicit NumberedSource(uint32_t blocks) : blocks_(blocks) {}
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (uint32_t b = 0; b < count; ++b) std::fill_n(out.begin() + size_t{b} * 2048, 2048, static_cast<uint8_t>(first + b + 1));
    return Status::Ok();
  }

 private:
  uint32_t blocks_;
};

// A disc holding NumberedSource's blocks from `start`, zeros after them, with an optional
// damaged byte and an optional unreadable LBA.
struct Disc {
  int32_t start = 0;
  uint32_t image_blocks = 0;
  std::optional<std::pair<int64_t, size_t>> damaged;  // LBA, byte offset
  std::optional<int64_t> unreadable;

  CommandResult operator()(const Cdb& cdb, Direction, std::span<uint8_t> data) {
    EXPECT_EQ(cdb.opcode(), 0x28);
    const int64_t lba = (int64_t{cdb.bytes[2]} << 24) | (cdb.bytes[3] << 16) | (cdb.bytes[4] << 8) | cdb.bytes[5];
    const uint32_t count = static_cast<uint32_t>((cdb.bytes[7] << 8) | cdb.bytes[8]);
    for (uint32_t b = 0; b < count; ++b) {
      if (unreadable && lba + b == *unreadable) return checkCondition(0x03, 0x11, 0x00);
      const int64_t index = lba + b - start;
      const uint8_t value = index < image_blocks ? static_cast<uint8_t>(index + 1) : 0;
      std::fill_n(data.begin() + size_t{b} * 2048, 2048, value);
      if (damaged && damaged->first == lba + b) data[size_t{b} * 2048 + damaged->second] ^= 0x40;
    }
    return good(data.size());
  }
};

TEST(BurnVerify, MatchingDiscComparesEveryBlockIncludingPadding) {
  Disc disc;
  disc.start = 11400;
  disc.image_blocks = 100;
  ScriptedTransport t(std::ref(disc));
  mmc::Drive drive(t);
  NumberedSource source(100);
  VerifyResult r;
  ASSERT_TRUE(verifyTrack(drive, source, 11400, 250, r).ok());
  EXPECT_EQ(r.blocks_compared, 250u);
  EXPECT_FALSE(r.first_mismatch_lba.has_value());
  EXPECT_EQ(t.cdbs().size(), (250u + 31) / 32);
}

TEST(BurnVerify, OneDifferingByteIsReportedAtItsLba) {
  Disc disc;
  disc.image_blocks = 100;
  disc.damaged = std::make_pair(int64_t{77}, size_t{1000});
  ScriptedTransport t(std::ref(disc));
  mmc::Drive drive(t);
  NumberedSource source(100);
  VerifyResult r;
  const Status s = verifyTrack(drive, source, 0, 250, r);
  EXPECT_EQ(s.code(), ResultCode::kBurnVerificationFailed);
  EXPECT_EQ(s.message(), "verify: LBA 77 differs from the staged data (byte 1000 of the block)");
  EXPECT_EQ(r.first_mismatch_lba, 77);
  EXPECT_EQ(r.blocks_compared, 78u);
}

TEST(BurnVerify, DamageInThePaddingIsCaughtToo) {
  Disc disc;
  disc.image_blocks = 100;
  disc.damaged = std::make_pair(int64_t{200}, size_t{0});
  ScriptedTransport t(std::ref(disc));
  mmc::Drive drive(t);
  NumberedSource source(100);
  VerifyResult r;
  EXPECT_EQ(verifyTrack(drive, source, 0, 250, r).code(), ResultCode::kBurnVerificationFailed);
  EXPECT_EQ(r.first_mismatch_lba, 200);
}

TEST(BurnVerify, ReadErrorKeepsCommandLbaAndSense) {
  Disc disc;
  disc.image_blocks = 100;
  disc.unreadable = 40;
  ScriptedTransport t(std::ref(disc));
  mmc::Drive drive(t);
  NumberedSource source(100);
  VerifyResult r;
  const Status s = verifyTrack(drive, source, 0, 250, r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.context().command, "READ(10)");
  EXPECT_EQ(s.context().lba, 32);
  EXPECT_NE(s.message().find("03/11/00"), std::string::npos) << s.message();
  EXPECT_FALSE(r.first_mismatch_lba.has_value());
}

}  // namespace
}  // namespace dm::burn
