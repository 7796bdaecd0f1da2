// The TAO data burner against a scripted CD recorder: the command sequence, the write parameters
// it selects, and how failures map to IMAPI results without leaving the tray locked.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "engine/burn/tao_burner.h"
#include "tests/engine/scripted_transport.h"

namespace dm::burn {
namespace {

using testing::checkCondition;
using testing::good;
using testing::ScriptedTransport;

class PatternSource final : public SectorSource {
 public:
  explicit PatternSource(uint32_t blocks) : blocks_(blocks) {}
  uint32_t blockSize() const override { return 2048; }
  uint32_t totalBlocks() const override { return blocks_; }
  Status readBlocks(uint32_t first, uint32_t count, std::span<uint8_t> out) const override {
    for (uint32_t b = 0; b < count; ++b) std::fill_n(out.begin() + size_t{b} * 2048, 2048, static_cast<uint8_t>(first + b));
    return Status::Ok();
  }

 private:
  uint32_t blocks_;
};

void put32(std::span<uint8_t> d, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) d[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

// A scripted CD-R recorder: just enough MMC to be burned, plus knobs for failures.
struct FakeCdRecorder {
  uint8_t disc_status = 0;           // READ DISC INFORMATION byte 2 bits 1-0
  uint32_t free_blocks = 359849;
  int fail_write_number = -1;        // the n-th WRITE fails…
  SenseTriple write_failure{0x03, 0x0C, 0x09};  // …with this sense
  int writes = 0;
  std::vector<uint8_t> selected_page;
  std::map<uint32_t, uint8_t> first_byte_at_lba;
  uint8_t last_prevent = 0xFF;

  CommandResult operator()(const Cdb& cdb, Direction direction, std::span<uint8_t> data) {
    if (direction == Direction::kFromDevice) std::fill(data.begin(), data.end(), 0);
    switch (cdb.opcode()) {
      case 0x12: {  // INQUIRY
        const std::string id = "FAKE    CD RECORDER     0.01";
        std::copy(id.begin(), id.end(), data.begin() + 8);
        data[0] = 0x05;
        return good(36);
      }
      case 0x46: data[7] = 0x09; return good(8);  // current profile CD-R
      case 0x5A: {
        const uint8_t page = cdb.bytes[2] & 0x3F;
        data[0] = static_cast<uint8_t>((data.size() - 2) >> 8);
        data[1] = static_cast<uint8_t>(data.size() - 2);
        if (page == 0x2A) {
          data[8] = 0x2A; data[9] = 0x1C; data[11] = 0x05; data[12] = 0x80;
          data[20] = 0x08;                            // 2048 KiB buffer
          data[26] = 0x21; data[27] = 0x13;           // max 48x
          data[36] = 0x0B; data[37] = 0x06;           // current 16x
        } else {
          data[8] = 0x05; data[9] = 0x32;
        }
        return good(data.size());
      }
      case 0x55: selected_page.assign(data.begin(), data.end()); return good(data.size());
      case 0x51: data[1] = 0x20; data[2] = disc_status; data[4] = disc_status ? 1 : 0; return good(34);
      case 0x52:
        data[7] = 0x01;
        put32(data, 16, free_blocks);
        put32(data, 24, static_cast<uint32_t>(writes) * 32);
        return good(36);
      case 0x2A: {
        if (++writes == fail_write_number) return checkCondition(write_failure.key, write_failure.asc, write_failure.ascq);
        const uint32_t lba = (uint32_t{cdb.bytes[2]} << 24) | (uint32_t{cdb.bytes[3]} << 16) | (uint32_t{cdb.bytes[4]} << 8) | cdb.bytes[5];
        first_byte_at_lba[lba] = data[0];
        return good(data.size());
      }
      case 0x1E: last_prevent = cdb.bytes[4]; return good();
      case 0x5C: put32(data, 4, 2u << 20); put32(data, 8, 1u << 20); return good(12);
      default: return good();
    }
  }
};

TEST(TaoBurner, SendsTheTaoSequenceAndSelectsTheWriteParameters) {
  FakeCdRecorder fake;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  PatternSource source(1000);
  BurnOptions options;
  options.simulate = true;
  const BurnReport r = burnDataTrack(drive, source, options);
  ASSERT_TRUE(r.status.ok()) << r.status.toString();

  const std::vector<uint8_t> ops = t.opcodes();
  const std::vector<uint8_t> prefix{0x00, 0x12, 0x46, 0x5A, 0x51, 0xBB, 0x5A, 0x5A, 0x55, 0x52, 0x1E, 0x2A};
  ASSERT_GE(ops.size(), prefix.size());
  EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), ops.begin()));
  const std::vector<uint8_t> suffix{0x35, 0x00, 0x5B, 0x00, 0x51, 0x1E};
  EXPECT_TRUE(std::equal(suffix.rbegin(), suffix.rend(), ops.rbegin()));

  ASSERT_GE(fake.selected_page.size(), 8u + 5);
  EXPECT_EQ(fake.selected_page[8 + 2], 0x40 | 0x10 | 0x01);  // BUFE, test write, TAO
  EXPECT_EQ(fake.selected_page[8 + 3] & 0x0F, 4);           // data track
  EXPECT_EQ(fake.selected_page[8 + 4] & 0x0F, 8);           // Mode 1
  EXPECT_EQ(r.blocks_written, 1000u + options.pad_blocks);
  EXPECT_EQ(r.padding_blocks, options.pad_blocks);
  EXPECT_EQ(r.write_commands, (1150u + 31) / 32);
  EXPECT_EQ(fake.first_byte_at_lba.at(32), 32);              // the image's block 32 went to LBA 32
  EXPECT_EQ(fake.first_byte_at_lba.at(1120), 0);             // padding is zeros
  EXPECT_NEAR(r.accepted_speed_x, 16.0, 0.01);
  EXPECT_EQ(fake.last_prevent, 0);                           // tray unlocked at the end
}

TEST(TaoBurner, ShortImagesArePaddedToTheMinimumTrack) {
  FakeCdRecorder fake;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  PatternSource source(20);
  const BurnReport r = burnDataTrack(drive, source, {});
  ASSERT_TRUE(r.status.ok()) << r.status.toString();
  EXPECT_EQ(r.blocks_written, kMinimumTrackBlocks);
}

TEST(TaoBurner, UnderrunWithoutProtectionIsLossOfStreamingAndUnlocksTheTray) {
  FakeCdRecorder fake;
  fake.fail_write_number = 5;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  PatternSource source(1000);
  const BurnReport r = burnDataTrack(drive, source, {});
  EXPECT_EQ(r.status.code(), ResultCode::kLossOfStreaming);
  EXPECT_NE(r.status.message().find("WRITE(10) lba=128 len=32"), std::string::npos) << r.status.message();
  EXPECT_EQ(r.blocks_written, 4u * 32);
  EXPECT_EQ(fake.last_prevent, 0);
  EXPECT_EQ(t.opcodes().back(), 0x1E);
}

TEST(TaoBurner, ClosedDiscIsRefusedBeforeAnyWrite) {
  FakeCdRecorder fake;
  fake.disc_status = 2;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  PatternSource source(1000);
  const BurnReport r = burnDataTrack(drive, source, {});
  EXPECT_EQ(r.status.code(), ResultCode::kCannotWriteToMedia);
  EXPECT_EQ(fake.writes, 0);
  EXPECT_EQ(r.disc_before, "closed");
}

TEST(TaoBurner, TooBigForTheDiscIsDiscFullBeforeAnyWrite) {
  FakeCdRecorder fake;
  fake.free_blocks = 1100;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  PatternSource source(1000);
  const BurnReport r = burnDataTrack(drive, source, {});
  EXPECT_EQ(r.status.code(), ResultCode::kDiscFull);
  EXPECT_NE(r.status.message().find("needs 1150 blocks; the disc has 1100 free"), std::string::npos);
  EXPECT_EQ(fake.writes, 0);
}

TEST(TaoBurner, CancelStopsWritingWithUserAbort) {
  struct CancelAfter final : ProgressSink {
    int polls = 0;
    bool queryCancel() override { return ++polls > 3; }
  } sink;
  FakeCdRecorder fake;
  ScriptedTransport t(std::ref(fake));
  mmc::Drive drive(t);
  PatternSource source(1000);
  const BurnReport r = burnDataTrack(drive, source, {}, &sink);
  EXPECT_EQ(r.status.code(), ResultCode::kUserAbort);
  EXPECT_EQ(fake.writes, 3);
  EXPECT_EQ(fake.last_prevent, 0);
}

}  // namespace
}  // namespace dm::burn
