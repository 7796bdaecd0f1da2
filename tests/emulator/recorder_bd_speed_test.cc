// BD speeds (mmc.md §1.6, §8.1): GET PERFORMANCE and page 2Ah report BD kB/s (1× = 4,495.5),
// SET STREAMING selects a speed in those units, BD-RE has its own list, and a write takes the time
// its blocks need at that speed (2048-byte blocks drained at speed × 4,495,500 bytes/s, CLV). The
// shipped BD writer profile (lg-bh20l) loads with its cited speeds.
#include <gtest/gtest.h>

#include <sstream>

#include "bd_test_support.h"
#include "emulator/drive/bd_speed.h"
#include "emulator/drive/profile_loader.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;

TEST(BdSpeeds, GetPerformanceAndPage2AReportBdUnits) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  const Reply p = writeSpeedDescriptors(r);
  ASSERT_TRUE(p.good()) << p.sense();
  ASSERT_EQ(be32(p.data, 0), 4u + 3 * 16);
  const uint32_t expected[] = {26'973, 17'982, 8'991};  // 6x, 4x, 2x
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(p.data[8 + 16 * i] & 0x18, 0x00);               // CLV
    EXPECT_EQ(be32(p.data, 8 + 16 * i + 4), kBdFull);        // end LBA = capacity
    EXPECT_EQ(be32(p.data, 8 + 16 * i + 8), 26'973u);        // read: 6x BD
    EXPECT_EQ(be32(p.data, 8 + 16 * i + 12), expected[i]);
  }
  vrec::Recorder re = makeBdRecorder(MediumKind::kBdRe);
  const Reply rp = writeSpeedDescriptors(re);
  ASSERT_EQ(be32(rp.data, 0), 4u + 16);  // BD-RE: 2x only
  EXPECT_EQ(be32(rp.data, 8 + 12), 8'991u);
  const Reply page = dataIn(r, {0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x00, 0xFF, 0x00}, 255);
  ASSERT_TRUE(page.good()) << page.sense();
  EXPECT_EQ(be16(page.data, 8 + 28), 26'973);  // current write speed, BD kB/s
}

TEST(BdSpeeds, SetStreamingSelectsInBdUnits) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  EXPECT_EQ(r.currentWriteSpeedX(), 6);
  ASSERT_TRUE(setStreaming(r, 17'982).good());  // 4 × 4,495.5
  EXPECT_EQ(r.currentWriteSpeedX(), 4);
  ASSERT_TRUE(setStreaming(r, 17'981).good());  // just under 4x: rounds down
  EXPECT_EQ(r.currentWriteSpeedX(), 2);
  ASSERT_TRUE(setStreaming(r, 4 * 4'390).good());  // growisofs's BD 1x of 4,390 kB/s: under 4x
  EXPECT_EQ(r.currentWriteSpeedX(), 2);
  ASSERT_TRUE(setStreaming(r, 100'000).good());  // above the fastest: the fastest
  EXPECT_EQ(r.currentWriteSpeedX(), 6);
}

// Start and end tick of the first trace line naming `event`.
std::pair<uint64_t, uint64_t> eventSpan(const std::string& trace, const std::string& event) {
  std::istringstream lines(trace);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    uint64_t start = 0;
    uint64_t end = 0;
    std::string name;
    fields >> start >> end >> name;
    if (name == event) return {start, end};
  }
  ADD_FAILURE() << "no " << event << " in the trace";
  return {0, 0};
}

class BdWriteTiming : public ::testing::TestWithParam<uint16_t> {};

TEST_P(BdWriteTiming, BlocksTakeTheirTimeAtTheSelectedSpeed) {
  const uint16_t speed = GetParam();
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  ASSERT_TRUE(setStreaming(r, vrec::bdSpeedKbps(speed)).good());
  ASSERT_EQ(r.currentWriteSpeedX(), speed);
  constexpr uint32_t kBlocks = 8192;  // 16 MiB: 8 buffers' worth
  writeBd(r, 0, kBlocks);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());
  EXPECT_EQ(r.underrunCount(), 0u);
  const auto [opc_start, opc_end] = eventSpan(r.traceText(), "OPC");
  (void)opc_start;
  const vrec::Ticks drain = vrec::ticksForBdSectorsMilli(kBlocks, uint32_t{speed} * 1000);
  const vrec::Ticks measured = sync.outcome.finished - opc_end;
  EXPECT_NEAR(static_cast<double>(measured), static_cast<double>(drain), 2'000.0) << speed << "x";
  // 16,777,216 bytes: 1.87 s at 2x, 0.62 s at 6x.
  EXPECT_NEAR(static_cast<double>(drain) / 1e9, 16'777'216.0 / (speed * 4'495'500.0), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Speeds, BdWriteTiming, ::testing::Values(uint16_t{2}, uint16_t{4}, uint16_t{6}));

TEST(BdWriterProfile, ShippedLgBh20lLoadsWithItsCitedFigures) {
  const vrec::ProfileLoad load = vrec::findDriveProfile(vrec::builtinProfileDirectory(), "lg-bh20l");
  ASSERT_TRUE(load.ok()) << load.error;
  const vrec::DriveProfile& p = *load.profile;
  EXPECT_TRUE(p.writesBd());
  EXPECT_EQ(p.bd_r_write_speeds_x.front(), 6);
  EXPECT_EQ(p.bd_re_write_speeds_x, std::vector<uint16_t>{2});
  EXPECT_EQ(p.max_bd_read_speed_x, 6);
  EXPECT_EQ(p.dvd_r_write_speeds_x.front(), 16);
  EXPECT_EQ(p.buffer_bytes, 2u * 1024 * 1024);
  // A BD list without a DVD list, or a BD-RE list without a BD-R list, is refused.
  const std::string base =
      "schema: 1\nname: t\nidentity: {vendor: V, product: P, revision: '1'}\nbuffer_bytes: 1024\n"
      "host_bytes_per_second: 1000\nread_speed_x: 8\nunderrun_protection: {kind: none}\ntest_write: false\n"
      "max_cue_sheet_bytes: 0\ntimings: {command_overhead_us: 1, opc_ms: 1, spin_up_ms: 1, seek_full_stroke_ms: 1, "
      "eject_ms: 1, load_ms: 1}\n";
  EXPECT_FALSE(vrec::parseDriveProfile(base + "media: {cd_r: {write_speeds_x: [8]}, bd_r: {write_speeds_x: [2]}}\n", "t.yaml").ok());
  EXPECT_FALSE(vrec::parseDriveProfile(base + "media: {cd_r: {write_speeds_x: [8]}, dvd_r: {write_speeds_x: [4]}, "
                                              "bd_re: {write_speeds_x: [2]}}\n", "t.yaml").ok());
  const vrec::ProfileLoad ok = vrec::parseDriveProfile(
      base + "media: {cd_r: {write_speeds_x: [8]}, dvd_r: {write_speeds_x: [4]}, bd_r: {write_speeds_x: [2]}}\n", "t.yaml");
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.profile->max_bd_read_speed_x, 0);  // the drive then reads at its fastest BD-R speed
}

}  // namespace
}  // namespace vrec_test
