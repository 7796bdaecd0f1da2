// The trace as a record of time: lines come out ordered by start tick (a WRITE that fills the
// buffer precedes the OPC and pregap it starts; an IMMED CLOSE SESSION precedes the lead-in it
// writes in the background), and the same CDB sequence gives the same bytes and hash on two
// recorders. Every CDB is written out by hand.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "emulator/drive/cd_speed.h"
#include "emulator/trace/trace_log.h"
#include "recorder_test_support.h"

namespace vrec_test {
namespace {

struct Line {
  vrec::Ticks start = 0;
  vrec::Ticks end = 0;
  std::string name;
  std::string text;
};

std::vector<Line> parse(const std::string& trace) {
  std::vector<Line> out;
  std::istringstream in(trace);
  std::string text;
  while (std::getline(in, text)) {
    std::istringstream fields(text);
    Line line;
    fields >> line.start >> line.end >> line.name;
    line.text = text;
    out.push_back(line);
  }
  return out;
}

size_t indexOf(const std::vector<Line>& lines, const std::string& name, size_t from = 0) {
  for (size_t i = from; i < lines.size(); ++i) {
    if (lines[i].name == name) return i;
  }
  return lines.size();
}

// A burn with a protected underrun, IMMED flush and IMMED fixation, polled with TUR.
void burnWithStall(vrec::Recorder& r) {
  (void)testUnitReady(r);
  (void)dataIn(r, {0x12, 0x00, 0x00, 0x00, 0x24, 0x00}, 36);
  (void)selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1);
  (void)noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x0B, 0x00, 0, 0, 0, 0, 0, 0});  // 2816 kB/s → 16×
  for (int32_t lba = 0; lba < 3'200; lba += 32) {
    (void)dataOut(r, write10Cdb(lba, 32), payload(lba, 32));
    if (lba == 2'048) r.advance(20 * vrec::kTicksPerSecond);  // longer than 2 MiB lasts at 16×
  }
  (void)noData(r, {0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0});
  while (!testUnitReady(r).good()) r.advance(vrec::kTicksPerSecond / 2);
  (void)noData(r, {0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0});
  while (!testUnitReady(r).good()) r.advance(vrec::kTicksPerSecond);
}

TEST(RecorderTrace, LinesAreInTimeOrder) {
  vrec::Recorder r = makeRecorder();
  burnWithStall(r);
  const std::vector<Line> lines = parse(r.traceText());
  ASSERT_GT(lines.size(), 100u);
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_LE(lines[i - 1].start, lines[i].start) << lines[i - 1].text << "\n" << lines[i].text;
    EXPECT_LE(lines[i].start, lines[i].end) << lines[i].text;
  }
  // The WRITE whose data fills the buffer comes right before the OPC it set off; the pregap
  // follows once OPC is over, with the host's WRITEs (held by the full buffer) in between.
  const size_t opc = indexOf(lines, "OPC");
  ASSERT_LT(opc, lines.size());
  EXPECT_EQ(lines[opc - 1].name, "WRITE(10)");
  const size_t pregap = indexOf(lines, "PREGAP", opc);
  ASSERT_LT(pregap, lines.size());
  EXPECT_EQ(lines[opc].end, lines[pregap].start);
  // The underrun happened during the host's stall, before the next WRITE arrived, and the relink
  // follows that WRITE's refill.
  const size_t underrun = indexOf(lines, "UNDERRUN");
  ASSERT_LT(underrun, lines.size());
  EXPECT_LT(lines[underrun - 1].start, lines[underrun].start);
  EXPECT_LT(underrun, indexOf(lines, "RELINK"));
  // The IMMED CLOSE SESSION line precedes the lead-in and lead-out it writes in the background.
  const size_t lead_in = indexOf(lines, "LEAD-IN");
  ASSERT_LT(lead_in, lines.size());
  EXPECT_EQ(lines[lead_in - 1].name, "CLOSE_TRACK_SESSION");
  const size_t lead_out = indexOf(lines, "LEAD-OUT", lead_in);
  ASSERT_LT(lead_out, lines.size());
  EXPECT_EQ(lines[lead_in].end, lines[lead_out].start);
  EXPECT_EQ(lines[lead_out - 1].name, "TEST_UNIT_READY");  // the host polls meanwhile
  EXPECT_EQ(lines[lead_in].end - lines[lead_in].start, vrec::ticksForSectors(vrec::kLeadInSectors, 16));
}

TEST(RecorderTrace, SameCdbsGiveIdenticalBytesAndHash) {
  vrec::Recorder a = makeRecorder();
  vrec::Recorder b = makeRecorder();
  burnWithStall(a);
  burnWithStall(b);
  const std::string text_a = a.traceText();
  EXPECT_EQ(text_a, b.traceText());
  EXPECT_EQ(a.traceHash(), b.traceHash());
  EXPECT_EQ(a.traceHash(), vrec::TraceLog::hash(text_a));
  EXPECT_EQ(a.now(), b.now());
  EXPECT_EQ(a.underrunCount(), 1u);
  EXPECT_EQ(a.relinkCount(), 1u);

  // A different sequence (one WRITE fewer) gives a different trace and hash.
  vrec::Recorder c = makeRecorder();
  (void)testUnitReady(c);
  EXPECT_NE(c.traceHash(), a.traceHash());
}

TEST(RecorderTrace, HashIsFnv1a64) {
  // FNV-1a 64 test vectors (the empty string is the offset basis).
  EXPECT_EQ(vrec::TraceLog::hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(vrec::TraceLog::hash("a"), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace vrec_test
