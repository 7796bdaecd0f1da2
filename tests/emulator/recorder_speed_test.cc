// Write-speed timing on whole discs: a 48x CLV burn of a full 80-minute CD-R takes exactly the
// virtual time the profile implies (OPC, the TAO pregap, the user data at 48 × 75 sectors/s,
// run-out: mmc.md §1.2, §1.3, §7); a CAV burn's speed rises with the radius and P-CAV levels off
// at its nominal speed; Z-CLV steps at its zone edges; a host stall longer than the buffer holds
// gives exactly one underrun (relink with BUFE, loss of streaming without: mmc.md §8.2); SET CD
// SPEED rounds down, and GET PERFORMANCE / page 2Ah report CAV speeds as CAV.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "emulator/drive/cd_speed.h"
#include "recorder_test_support.h"

namespace vrec_test {
namespace {

using vrec::Ticks;

Ticks eventStart(const std::string& trace, const std::string& name) {
  std::istringstream in(trace);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Ticks start = 0;
    Ticks end = 0;
    std::string event;
    fields >> start >> end >> event;
    if (event == name) return start;
  }
  ADD_FAILURE() << name << " not in trace";
  return 0;
}

TEST(RecorderSpeed, FullDiscAt48xClvTakesTheImpliedTime) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1).good());
  // The whole user area minus the 2 run-out blocks the drive adds (mmc.md §1.3).
  const uint32_t sectors = r.medium().capacitySectors() - vrec::kTaoRunOutSectors;
  writeBlocks(r, 0, sectors);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good()) << sync.sense();
  EXPECT_EQ(r.underrunCount(), 0u);

  // From the moment the full buffer started the head, the drive's work is fixed: no underrun,
  // so the data streams at exactly 48x.
  const Ticks head_start = eventStart(r.traceText(), "OPC");
  const Ticks implied = r.profile().opc_duration + vrec::ticksForSectors(vrec::kTaoPregapSectors, 48) +
                        vrec::ticksToMove(uint64_t{sectors} * 2048, vrec::drainBytesPerSecond(48, 2048)) +
                        vrec::ticksForSectors(vrec::kTaoRunOutSectors, 48);
  EXPECT_EQ(sync.outcome.finished - head_start, implied);
  // Before that, the host only filled the 2 MiB buffer over UDMA-33: well under a second.
  EXPECT_LT(head_start, vrec::kTicksPerSecond / 10);
  // 359,848 sectors at 3,600 sectors/s is 99.96 s of user data; with OPC, pregap and run-out the
  // flush ends about 101 s after the first WRITE.
  EXPECT_GT(sync.outcome.finished, 100 * vrec::kTicksPerSecond);
  EXPECT_LT(sync.outcome.finished, 102 * vrec::kTicksPerSecond);
  ::testing::Test::RecordProperty("virtual_ns_full_disc_48x", std::to_string(sync.outcome.finished));
}

// A 52x drive modelled on the PX-W5224A profile: 52x CAV, 48x P-CAV, 40x Z-CLV, the rest CLV.
vrec::DriveProfile rotatingProfile() {
  vrec::DriveProfile p = vrec::DriveProfile::defaultCdRecorder();
  p.cd_write_speeds_x = {52, 48, 40, 32, 24, 16};
  p.rotation_rules = {{52, vrec::Rotation::kCav, {}},
                      {48, vrec::Rotation::kPcav, {}},
                      {40, vrec::Rotation::kZclv, {{0, 24}, {45'000, 32}, {90'000, 40}}}};
  return p;
}

// Page 05 TAO (with or without BUFE) and SET CD SPEED `set_speed_kbps` for writing.
void prepare(vrec::Recorder& r, bool bufe, uint16_t set_speed_kbps) {
  EXPECT_TRUE(selectWriteParameters(r, bufe ? kTao | kBufe : kTao, kDataTrackCloseDisc, kMode1).good());
  const Bytes set_speed = {0xBB, 0x00, 0xFF, 0xFF, static_cast<uint8_t>(set_speed_kbps >> 8),
                           static_cast<uint8_t>(set_speed_kbps), 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(noData(r, set_speed).good());
}

// Head speeds (thousandths of 1×) from the WRITE lines' "head=NN.NNNx" field, in trace order.
std::vector<uint32_t> headSpeeds(const std::string& trace) {
  std::vector<uint32_t> out;
  for (size_t at = trace.find(" head="); at != std::string::npos; at = trace.find(" head=", at + 1)) {
    const size_t dot = trace.find('.', at);
    out.push_back(static_cast<uint32_t>(std::stoul(trace.substr(at + 6, dot - at - 6)) * 1000 +
                                        std::stoul(trace.substr(dot + 1, 3))));
  }
  return out;
}

TEST(RecorderSpeed, CavSpeedRisesWithTheRadius) {
  vrec::Recorder r(rotatingProfile(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  prepare(r, true, 0xFFFF);  // maximum: 52x CAV
  EXPECT_EQ(r.currentWriteSpeedX(), 52);
  const uint32_t sectors = r.medium().capacitySectors() - vrec::kTaoRunOutSectors;
  writeBlocks(r, 0, sectors);
  const std::vector<uint32_t> speeds = headSpeeds(r.traceText());
  ASSERT_GT(speeds.size(), 1'000u);
  // Near the inner edge ≈ 22.4x (mmc.md §8.1), at the outer edge the full 52x.
  EXPECT_GE(speeds.front(), 22'413u);
  EXPECT_LT(speeds.front(), 22'700u);
  EXPECT_EQ(speeds.back(), 52'000u);
  for (size_t i = 1; i < speeds.size(); ++i) ASSERT_GE(speeds[i], speeds[i - 1]) << i;
  // Halfway through the data the speed is between the two, ≈ 52 × r(180,000) / 58.
  const uint32_t mid = speeds[speeds.size() / 2];
  EXPECT_GT(mid, 38'000u);
  EXPECT_LT(mid, 42'000u);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());
  EXPECT_EQ(r.underrunCount(), 0u);
  // A full 80-minute disc at 52x CAV takes longer than at 48x CLV (≈ 101 s): the inner half is slow.
  EXPECT_GT(sync.outcome.finished, 110 * vrec::kTicksPerSecond);
  EXPECT_LT(sync.outcome.finished, 160 * vrec::kTicksPerSecond);
  ::testing::Test::RecordProperty("virtual_ns_full_disc_52x_cav", std::to_string(sync.outcome.finished));
  // Fixation: the lead-in at the inner-radius speed, the lead-out at the outer one (mmc.md §7).
  const Reply close = closeSession(r);
  ASSERT_TRUE(close.good());
  const vrec::Ticks lead_in = vrec::ticksForSectorsMilli(vrec::kLeadInSectors, 22'413);
  const vrec::Ticks lead_out = vrec::ticksForSectorsMilli(vrec::kFirstLeadOutSectors, 52'000);
  EXPECT_EQ(close.took(), r.profile().command_overhead + lead_in + lead_out);
}

TEST(RecorderSpeed, PcavLevelsOffAtItsNominalSpeed) {
  vrec::Recorder r(rotatingProfile(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  prepare(r, true, 48 * 176);
  EXPECT_EQ(r.currentWriteSpeedX(), 48);
  writeBlocks(r, 0, 300'000);
  const std::vector<uint32_t> speeds = headSpeeds(r.traceText());
  ASSERT_FALSE(speeds.empty());
  EXPECT_LT(speeds.front(), 22'700u);  // on the 52x CAV curve at the inner edge
  EXPECT_EQ(speeds.back(), 48'000u);   // then CLV at 48x
  EXPECT_GT(std::count(speeds.begin(), speeds.end(), 48'000u), 100);
}

TEST(RecorderSpeed, ZclvStepsAtZoneEdges) {
  vrec::Recorder r(rotatingProfile(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  prepare(r, true, 40 * 176);
  writeBlocks(r, 0, 120'000);
  const std::string trace = r.traceText();
  std::vector<std::pair<int32_t, std::string>> zones;
  std::istringstream in(trace);
  std::string line;
  while (std::getline(in, line)) {
    const size_t at = line.find(" ZONE track=1 lba=");
    if (at == std::string::npos) continue;
    const size_t lba_at = at + 18;
    const size_t space = line.find(' ', lba_at);
    zones.emplace_back(std::stoi(line.substr(lba_at, space - lba_at)), line.substr(space + 1));
  }
  ASSERT_EQ(zones.size(), 2u) << trace.substr(0, 2000);
  // The step happens within one command (32 sectors) or so of the zone edge.
  EXPECT_GE(zones[0].first, 45'000);
  EXPECT_LT(zones[0].first, 45'000 + 64);
  EXPECT_EQ(zones[0].second, "speed=32x");
  EXPECT_GE(zones[1].first, 90'000);
  EXPECT_LT(zones[1].first, 90'000 + 64);
  EXPECT_EQ(zones[1].second, "speed=40x");
  const std::vector<uint32_t> speeds = headSpeeds(trace);
  EXPECT_EQ(speeds.front(), 24'000u);
  EXPECT_EQ(speeds.back(), 40'000u);
}

// The buffer's endurance now: its level over the head's drain rate (mmc.md §7).
vrec::Ticks endurance(vrec::Recorder& r) {
  const Reply capacity = dataIn(r, {0x5C, 0x00, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, 12);
  const uint64_t level = be32(capacity.data, 4) - be32(capacity.data, 8);
  return vrec::ticksToMove(level, vrec::drainBytesPerSecondMilli(r.headSpeedMilliX(), 2048));
}

TEST(RecorderSpeed, StallLongerThanTheBufferIsOneUnderrunThenARelink) {
  vrec::Recorder r(rotatingProfile(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  prepare(r, true, 0xFFFF);
  writeBlocks(r, 0, 100'000);
  r.advance(endurance(r) / 2);  // a short stall the buffer covers
  writeBlocks(r, 100'000, 3'200);
  EXPECT_EQ(r.underrunCount(), 0u);
  r.advance(endurance(r) + vrec::kTicksPerMillisecond);  // longer than the buffer holds
  EXPECT_EQ(r.underrunCount(), 1u);
  writeBlocks(r, 103'200, 20'000);
  EXPECT_EQ(r.underrunCount(), 1u);
  EXPECT_EQ(r.relinkCount(), 1u);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
  EXPECT_EQ(r.medium().describe(), "CD-R 80 min (1 session, closed)");
  const Reply read = dataIn(r, read10Cdb(103'190, 20), 20 * 2048);
  ASSERT_TRUE(read.good());
  EXPECT_EQ(read.data, payload(103'190, 20));
}

TEST(RecorderSpeed, StallWithoutProtectionLosesTheSession) {
  vrec::Recorder r(rotatingProfile(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  prepare(r, false, 0xFFFF);
  writeBlocks(r, 0, 50'000);
  r.advance(endurance(r) + vrec::kTicksPerMillisecond);
  EXPECT_EQ(r.underrunCount(), 1u);
  const Reply lost = dataOut(r, write10Cdb(50'000, 32), payload(50'000, 32));
  EXPECT_EQ(lost.sense(), "03/0C/09");  // mmc.md §8.2: loss of streaming
  EXPECT_EQ(dataOut(r, write10Cdb(50'000, 32), payload(50'000, 32)).sense(), "05/2C/00");
  EXPECT_EQ(closeSession(r).sense(), "05/72/03");
  EXPECT_EQ(r.underrunCount(), 1u);
  EXPECT_EQ(r.relinkCount(), 0u);
}

TEST(RecorderSpeed, SetCdSpeedRoundsDownAndRotationIsReported) {
  vrec::Recorder r(rotatingProfile(), vrec::Medium::blank(vrec::MediumKind::kCdR80));
  // 50x (8,800 kB/s) is not offered: the drive takes 48x.
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x22, 0x60, 0, 0, 0, 0, 0, 0}).good());
  EXPECT_EQ(r.currentWriteSpeedX(), 48);
  // CAV may be requested from a drive that has a CAV speed (rotation control 01b).
  EXPECT_TRUE(noData(r, {0xBB, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).good());
  EXPECT_EQ(noData(r, {0xBB, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).sense(), "05/24/00");
  // GET PERFORMANCE type 03h: 52x and 48x are CAV (WRC 01b), 40x and below CLV.
  const Reply perf = dataIn(r, {0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x00, 0x10, 0x03, 0x00}, 8 + 16 * 16);
  ASSERT_TRUE(perf.good());
  ASSERT_EQ(perf.data.size(), 8u + 6 * 16);
  EXPECT_EQ(be32(perf.data, 8 + 12), 9172u);  // 52 × 176.4 kB/s
  EXPECT_EQ(perf.data[8] & 0x18, 0x08);
  EXPECT_EQ(perf.data[8 + 16] & 0x18, 0x08);
  EXPECT_EQ(perf.data[8 + 32] & 0x18, 0x00);
  // Page 2Ah write speed descriptors: rotation control 001b for CAV.
  const Reply caps = dataIn(r, {0x5A, 0x00, 0x2A, 0, 0, 0, 0, 0x01, 0x00, 0x00}, 256);
  ASSERT_TRUE(caps.good());
  const size_t page = 8;
  EXPECT_EQ(caps.data[page + 32 + 1], 0x01);      // 52x
  EXPECT_EQ(caps.data[page + 32 + 4 + 1], 0x01);  // 48x
  EXPECT_EQ(caps.data[page + 32 + 8 + 1], 0x00);  // 40x Z-CLV
}

}  // namespace
}  // namespace vrec_test
