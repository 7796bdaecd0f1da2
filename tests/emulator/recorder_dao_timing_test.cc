// Session-At-Once timing and write-head behaviour: OPC, the lead-in before the first pregap, the
// program area drained at the write speed, the lead-out after SYNCHRONIZE CACHE; a test write
// that times everything and leaves the disc blank; underruns with and without BUFE; and two
// identical runs giving the same trace.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "emulator/drive/cd_speed.h"
#include "emulator/trace/trace_log.h"
#include "recorder_dao_support.h"

namespace vrec_test {
namespace {

// One track of `minutes` minutes from 00:02:00 (LBA 0), preceded by the first pregap.
Bytes oneTrackSheet(uint8_t minutes) {
  return joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),
      cue(0x01, 0xAA, 0x01, 0x01, 0x00, minutes, 2, 0),
  });
}

// The first trace line of event `name`: its start and end ticks.
struct Span {
  vrec::Ticks start = 0;
  vrec::Ticks end = 0;
  bool found = false;
};

Span eventSpan(const std::string& trace, const std::string& name) {
  std::istringstream lines(trace);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    Span span;
    std::string event;
    fields >> span.start >> span.end >> event;
    if (event == name) {
      span.found = true;
      return span;
    }
  }
  return {};
}

// SET CD SPEED: read as fast as possible, write `speed_x` × 176 kB/s.
void setWriteSpeed(vrec::Recorder& r, uint16_t speed_x) {
  const auto kbps = static_cast<uint16_t>(speed_x * vrec::kCdRequestKbpsPer1x);
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, static_cast<uint8_t>(kbps >> 8), static_cast<uint8_t>(kbps), 0, 0, 0, 0,
                         0, 0})
                  .good());
}

std::string daoRun(uint16_t speed_x, uint8_t byte2) {
  vrec::Recorder r = makeRecorder();
  setWriteSpeed(r, speed_x);
  EXPECT_TRUE(selectWriteParameters(r, byte2, kAudioCloseDisc, kRaw).good());
  EXPECT_TRUE(sendCueSheet(r, oneTrackSheet(1)).good());
  writeRange(r, -150, 4500, audioBlocks);
  EXPECT_TRUE(syncCache(r).good());
  return r.traceText();
}

TEST(RecorderDaoTiming, BurnTakesLeadInProgramAndLeadOutAtTheWriteSpeed) {
  constexpr uint16_t kSpeed = 16;
  constexpr uint32_t kSectors = 150 + 9'000;  // first pregap + 2 min of audio
  vrec::Recorder r = makeRecorder();
  setWriteSpeed(r, kSpeed);
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, oneTrackSheet(2)).good());
  writeRange(r, -150, 9'000, audioBlocks);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());

  const std::string trace = r.traceText();
  const Span opc = eventSpan(trace, "OPC");
  const Span lead_in = eventSpan(trace, "LEAD-IN");
  const Span lead_out = eventSpan(trace, "LEAD-OUT");
  ASSERT_TRUE(opc.found && lead_in.found && lead_out.found) << trace;
  EXPECT_EQ(opc.end - opc.start, r.profile().opc_duration);
  // The lead-in comes right after OPC and before any program block is written.
  EXPECT_EQ(lead_in.start, opc.end);
  EXPECT_EQ(lead_in.end - lead_in.start, vrec::ticksForSectors(vrec::kLeadInSectors, kSpeed));
  EXPECT_EQ(lead_out.end - lead_out.start, vrec::ticksForSectors(vrec::kFirstLeadOutSectors, kSpeed));
  EXPECT_EQ(sync.outcome.finished, lead_out.end);  // SYNCHRONIZE CACHE returns with the lead-out written
  EXPECT_NE(trace.find("LEAD-IN session=1 lba=-11634 sectors=4500 speed=16x"), std::string::npos) << trace;
  EXPECT_NE(trace.find("LEAD-OUT session=1 lba=9000 sectors=6750 speed=16x"), std::string::npos) << trace;
  EXPECT_NE(trace.find("CUE-SHEET tracks=1-1 first=-150 lead-out=9000 mcn=0 cd-text=0"), std::string::npos);
  // No PREGAP or RUN-OUT: those are TAO structures.
  EXPECT_EQ(trace.find("PREGAP"), std::string::npos);
  EXPECT_EQ(trace.find("RUN-OUT"), std::string::npos);

  // OPC + lead-in + N/(75·S) + lead-out, within one WRITE's worth of sectors.
  const vrec::Ticks expected = r.profile().opc_duration + vrec::ticksForSectors(vrec::kLeadInSectors, kSpeed) +
                               vrec::ticksForSectors(kSectors, kSpeed) +
                               vrec::ticksForSectors(vrec::kFirstLeadOutSectors, kSpeed);
  const vrec::Ticks took = lead_out.end - opc.start;
  const vrec::Ticks granularity = vrec::ticksForSectors(26, kSpeed);
  EXPECT_LE(took, expected + granularity);
  EXPECT_GE(took + granularity, expected);
  EXPECT_EQ(r.underrunCount(), 0u);
}

TEST(RecorderDaoTiming, IdenticalRunsGiveIdenticalTraces) {
  const std::string first = daoRun(24, kSao | kBufe);
  const std::string second = daoRun(24, kSao | kBufe);
  EXPECT_EQ(vrec::TraceLog::hash(first), vrec::TraceLog::hash(second));
  EXPECT_EQ(first, second);
  // A different speed changes the schedule, so the comparison can tell runs apart.
  EXPECT_NE(vrec::TraceLog::hash(daoRun(16, kSao | kBufe)), vrec::TraceLog::hash(first));
}

TEST(RecorderDaoTiming, TestWriteRunsTheScheduleAndLeavesTheDiscBlank) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kTestWrite, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, oneTrackSheet(1)).good());
  writeRange(r, -150, 4500, audioBlocks);
  // The drive follows the simulated recording.
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x01);
  ASSERT_TRUE(syncCache(r).good());
  const std::string trace = r.traceText();
  EXPECT_TRUE(eventSpan(trace, "LEAD-IN").found);
  EXPECT_TRUE(eventSpan(trace, "LEAD-OUT").found);
  EXPECT_NE(trace.find("SIMULATION-END reason=session-closed"), std::string::npos) << trace;
  EXPECT_TRUE(r.medium().isBlank());
  EXPECT_EQ(r.medium().store().storedBlocks(), 0u);
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0x00);
  // The same cue sheet can be burned for real afterwards.
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, oneTrackSheet(1)).good());
  writeRange(r, -150, 4500, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.medium().status(), vrec::DiscStatus::kComplete);
}

TEST(RecorderDaoTiming, ImmediateSynchronizeCacheReportsLongWriteUntilTheLeadOutIsWritten) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, oneTrackSheet(1)).good());
  writeRange(r, -150, 4500, audioBlocks);
  const Reply sync = noData(r, {0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0});  // IMMED
  ASSERT_TRUE(sync.good());
  EXPECT_LT(sync.took(), vrec::kTicksPerSecond);
  EXPECT_EQ(testUnitReady(r).sense(), "02/04/08");
  const Span lead_out = eventSpan(r.traceText(), "LEAD-OUT");
  ASSERT_TRUE(lead_out.found);
  r.advance(lead_out.end - r.now());
  EXPECT_TRUE(testUnitReady(r).good());
  EXPECT_EQ(r.medium().status(), vrec::DiscStatus::kComplete);
}

TEST(RecorderDaoTiming, UnprotectedUnderrunRuinsTheSession) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());  // no BUFE
  ASSERT_TRUE(sendCueSheet(r, oneTrackSheet(1)).good());
  writeRange(r, -150, 1500, audioBlocks);  // more than the 2 MiB buffer: the head runs
  r.advance(60 * vrec::kTicksPerSecond);   // the host stalls
  EXPECT_EQ(r.underrunCount(), 1u);
  const Reply next = dataOut(r, write10Cdb(1500, 1), blockFor(1500, 2352));
  EXPECT_EQ(next.sense(), "03/0C/09");
  EXPECT_EQ(dataOut(r, write10Cdb(1500, 1), blockFor(1500, 2352)).sense(), "05/2C/00");
  EXPECT_NE(r.medium().describe().find("damaged"), std::string::npos);
  EXPECT_NE(r.traceText().find("bufe=0 action=abort"), std::string::npos);
}

TEST(RecorderDaoTiming, ProtectedUnderrunRelinks) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, oneTrackSheet(1)).good());
  writeRange(r, -150, 1500, audioBlocks);
  r.advance(60 * vrec::kTicksPerSecond);
  EXPECT_EQ(r.underrunCount(), 1u);
  writeRange(r, 1500, 4500, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.relinkCount(), 1u);
  EXPECT_EQ(r.medium().status(), vrec::DiscStatus::kComplete);
  EXPECT_EQ(r.medium().tracks()[0].recorded_sectors, 4500u);
}

}  // namespace
}  // namespace vrec_test
