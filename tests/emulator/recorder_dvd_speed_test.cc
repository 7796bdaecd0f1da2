// DVD speeds (mmc.md §1.6, §8.1): GET PERFORMANCE and page 2Ah report DVD kB/s (1× = 1,385),
// SET STREAMING selects a speed, and a write takes the time its blocks need at that speed: the
// head drains 2048-byte blocks at speed × 1,385,000 bytes/s from the end of OPC.
#include <gtest/gtest.h>

#include <sstream>

#include "dvd_test_support.h"
#include "emulator/drive/dvd_speed.h"
#include "emulator/drive/profile_loader.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;

TEST(DvdSpeeds, GetPerformanceListsDvdSpeeds) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  const Reply p = writeSpeedDescriptors(r);
  ASSERT_TRUE(p.good()) << p.sense();
  ASSERT_EQ(be32(p.data, 0), 4u + 3 * 16);
  const uint32_t expected[] = {22'160, 11'080, 5'540};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(be32(p.data, 8 + 16 * i + 4), 2'295'104u);        // end LBA = capacity
    EXPECT_EQ(be32(p.data, 8 + 16 * i + 8), 22'160u);           // read: 16x DVD
    EXPECT_EQ(be32(p.data, 8 + 16 * i + 12), expected[i]);
  }
  // DVD+RW has its own list.
  vrec::Recorder rw = makeDvdRecorder(MediumKind::kDvdPlusRw);
  EXPECT_EQ(be32(writeSpeedDescriptors(rw).data, 0), 4u + 2 * 16);
}

TEST(DvdSpeeds, SetStreamingSelectsAndPage2AReports) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdMinusR);
  EXPECT_EQ(r.currentWriteSpeedX(), 16);
  ASSERT_TRUE(setStreaming(r, 8 * 1385).good());
  EXPECT_EQ(r.currentWriteSpeedX(), 8);
  ASSERT_TRUE(setStreaming(r, 10 * 1385).good());  // rounds down
  EXPECT_EQ(r.currentWriteSpeedX(), 8);
  ASSERT_TRUE(setStreaming(r, 1000).good());  // below the slowest: the slowest
  EXPECT_EQ(r.currentWriteSpeedX(), 4);
  const Reply page = dataIn(r, {0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0x00, 0xFF, 0x00}, 255);
  ASSERT_TRUE(page.good()) << page.sense();
  EXPECT_EQ(be16(page.data, 8 + 28), 5'540);  // current write speed, DVD kB/s
  EXPECT_EQ(page.data[8 + 3] & 0x10, 0x10);   // writes DVD-R
  // SET CD SPEED in DVD units works too (libburn: BBh on LG drives).
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x2B, 0x48, 0, 0, 0, 0, 0, 0}).good());  // 11080 kB/s
  EXPECT_EQ(r.currentWriteSpeedX(), 8);
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

class DvdWriteTiming : public ::testing::TestWithParam<uint16_t> {};

TEST_P(DvdWriteTiming, BlocksTakeTheirTimeAtTheSelectedSpeed) {
  const uint16_t speed = GetParam();
  vrec::Recorder r = makeDvdRecorder(MediumKind::kDvdPlusR);
  ASSERT_TRUE(setStreaming(r, speed * 1385u).good());
  ASSERT_EQ(r.currentWriteSpeedX(), speed);
  constexpr uint32_t kBlocks = 8192;  // 16 MiB: 8 buffers' worth
  for (uint32_t done = 0; done < kBlocks; done += 16) {
    const Reply w = dataOut(r, write10Cdb(static_cast<int32_t>(done), 16), payload(static_cast<int32_t>(done), 16));
    ASSERT_TRUE(w.good()) << w.sense();
  }
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());
  EXPECT_EQ(r.underrunCount(), 0u);
  const auto [opc_start, opc_end] = eventSpan(r.traceText(), "OPC");
  (void)opc_start;
  // The head drains from the end of OPC at speed × 1,385,000 bytes/s until the last block.
  const vrec::Ticks drain = vrec::ticksForDvdSectorsMilli(kBlocks, uint32_t{speed} * 1000);
  const vrec::Ticks measured = sync.outcome.finished - opc_end;
  EXPECT_NEAR(static_cast<double>(measured), static_cast<double>(drain), 2'000.0)  // within 2 µs
      << speed << "x";
  // 8192 blocks = 16,777,216 bytes: 3.03 s at 4x, 1.51 s at 8x, 0.76 s at 16x.
  EXPECT_NEAR(static_cast<double>(drain) / 1e9, 16'777'216.0 / (speed * 1'385'000.0), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Speeds, DvdWriteTiming, ::testing::Values(uint16_t{4}, uint16_t{8}, uint16_t{16}));

TEST(DvdWriteTiming, ShippedProfileIsPcavAt22x) {
  const vrec::ProfileLoad load = vrec::findDriveProfile(vrec::builtinProfileDirectory(), "lg-gh22ls30");
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder r(*load.profile, vrec::Medium::blank(MediumKind::kDvdPlusR));
  EXPECT_EQ(r.currentWriteSpeedX(), 22);
  const Reply p = writeSpeedDescriptors(r);
  EXPECT_EQ(be32(p.data, 8 + 12), 22u * 1385);
  EXPECT_EQ(p.data[8] & 0x18, 0x08);  // WRC 01b: CAV-class (P-CAV)
  for (uint32_t done = 0; done < 4096; done += 16) {
    ASSERT_TRUE(dataOut(r, write10Cdb(static_cast<int32_t>(done), 16), payload(static_cast<int32_t>(done), 16)).good());
  }
  // P-CAV starts near the inner radius speed: 22 × 24/58 ≈ 9.1x.
  const std::string trace = r.traceText();
  const size_t head = trace.find("head=9.");
  EXPECT_NE(head, std::string::npos) << trace.substr(trace.size() > 3000 ? trace.size() - 3000 : 0);
}

}  // namespace
}  // namespace vrec_test
