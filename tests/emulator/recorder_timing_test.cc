// vrec::Recorder timing tests: command cost, the buffer holding WRITEs, SYNCHRONIZE CACHE and
// CLOSE SESSION durations (computed from the model's named constants), IMMED polling, underruns
// with and without protection, the trace format, determinism and independence of two recorders.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "emulator/drive/cd_speed.h"
#include "recorder_test_support.h"

namespace vrec_test {
namespace {

using vrec::Ticks;

constexpr uint64_t kChunkBytes = 32 * 2048;
constexpr uint64_t kBufferBytes = 2u * 1024u * 1024u;

Ticks hostTransfer(const vrec::Recorder& r, uint64_t bytes) {
  return vrec::ticksToMove(bytes, r.profile().host_bytes_per_second);
}

Ticks drain(uint64_t bytes, uint16_t speed_x) {
  return vrec::ticksToMove(bytes, vrec::drainBytesPerSecond(speed_x, 2048));
}

size_t countLines(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

TEST(RecorderTiming, CommandCostsOverheadPlusTransfer) {
  vrec::Recorder r = makeRecorder();
  const Reply inquiry = dataIn(r, {0x12, 0x00, 0x00, 0x00, 0x24, 0x00}, 36);
  EXPECT_EQ(inquiry.outcome.started, 0u);
  EXPECT_EQ(inquiry.took(), r.profile().command_overhead + hostTransfer(r, 36));
  EXPECT_EQ(r.now(), inquiry.outcome.finished);
  r.advance(1'000);
  const Reply tur = testUnitReady(r);
  EXPECT_EQ(tur.outcome.started, inquiry.outcome.finished + 1'000);
  EXPECT_EQ(tur.took(), r.profile().command_overhead);
  // mmc.md §7: 0.5 ms command overhead on an ATAPI-class interface.
  EXPECT_EQ(r.profile().command_overhead, 500 * vrec::kTicksPerMicrosecond);
}

TEST(RecorderTiming, TraceLineFormat) {
  vrec::Recorder r = makeRecorder();
  (void)dataIn(r, {0x12, 0x00, 0x00, 0x00, 0x24, 0x00}, 36);
  (void)noData(r, {0xFF, 0, 0, 0, 0, 0});
  std::istringstream lines(r.traceText());
  std::string first;
  std::string second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(first, "0 501091 INQUIRY evpd=0 page=0 al=36 status=GOOD buf=0");
  EXPECT_EQ(second, "501091 1001091 OPCODE_FF status=CHECK sense=05/20/00 buf=0");
}

TEST(RecorderTiming, FullBufferMakesWriteWait) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  const Ticks plain = r.profile().command_overhead + hostTransfer(r, kChunkBytes);
  int32_t lba = 0;
  // 32 chunks of 64 KiB fill the 2 MiB buffer exactly; each costs only overhead + transfer.
  for (; lba < 32 * 32; lba += 32) {
    const Reply w = dataOut(r, write10Cdb(lba, 32), payload(lba, 32));
    ASSERT_TRUE(w.good());
    EXPECT_EQ(w.took(), plain) << lba;
  }
  // The full buffer started the head: OPC, then the 150-block TAO pregap, then draining. The
  // 33rd WRITE waits until 64 KiB have been written.
  const Ticks head_start = r.profile().opc_duration + vrec::ticksForSectors(vrec::kTaoPregapSectors, 48);
  const Reply held = dataOut(r, write10Cdb(lba, 32), payload(lba, 32));
  ASSERT_TRUE(held.good());
  EXPECT_EQ(held.took(), head_start + drain(kChunkBytes, 48) + hostTransfer(r, kChunkBytes));
  EXPECT_GT(held.took(), plain);
  lba += 32;
  // From then on each WRITE waits for exactly one more chunk to drain.
  const Reply steady = dataOut(r, write10Cdb(lba, 32), payload(lba, 32));
  ASSERT_TRUE(steady.good());
  EXPECT_EQ(steady.took(), drain(2 * kChunkBytes, 48) - drain(kChunkBytes, 48));
  EXPECT_NE(r.traceText().find(" OPC session=1 speed=48x"), std::string::npos);
}

TEST(RecorderTiming, SynchronizeCacheTakesTheDrainTime) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  // SET CD SPEED 16× (16 × 176 kB/s).
  ASSERT_TRUE(noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x0B, 0x00, 0, 0, 0, 0, 0, 0}).good());
  writeBlocks(r, 0, 320);  // 640 KiB: the buffer never filled, the head has not started

  const Reply free_space = dataIn(r, {0x5C, 0x00, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, 12);
  ASSERT_TRUE(free_space.good());
  EXPECT_EQ(be32(free_space.data, 4), kBufferBytes);
  EXPECT_EQ(be32(free_space.data, 8), kBufferBytes - 320 * 2048);
  const Reply free_blocks = dataIn(r, {0x5C, 0x01, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, 12);
  EXPECT_EQ(be32(free_blocks.data, 8), (kBufferBytes - 320 * 2048) / 2048);

  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());
  const Ticks expected = r.profile().command_overhead + r.profile().opc_duration +
                         vrec::ticksForSectors(vrec::kTaoPregapSectors, 16) + drain(320 * 2048, 16) +
                         vrec::ticksForSectors(vrec::kTaoRunOutSectors, 16);
  EXPECT_EQ(sync.took(), expected);

  // CLOSE SESSION: lead-in 4,500 + first lead-out 6,750 sectors at 16×.
  const Reply close = closeSession(r);
  ASSERT_TRUE(close.good());
  EXPECT_EQ(close.took(), r.profile().command_overhead + vrec::ticksForSectors(vrec::kLeadInSectors, 16) +
                              vrec::ticksForSectors(vrec::kFirstLeadOutSectors, 16));
}

TEST(RecorderTiming, ImmedOperationsArePolled) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 320);
  // SYNCHRONIZE CACHE with IMMED returns at once; TUR says "long write in progress" meanwhile.
  const Reply sync = noData(r, {0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(sync.good());
  EXPECT_EQ(sync.took(), r.profile().command_overhead);
  const Reply busy = testUnitReady(r);
  EXPECT_EQ(busy.sense(), "02/04/08");
  EXPECT_TRUE(busy.sksv());  // progress indication
  EXPECT_EQ(dataOut(r, write10Cdb(472, 1), payload(472, 1)).sense(), "02/04/08");
  EXPECT_TRUE(dataIn(r, {0x5C, 0x00, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, 12).good());
  const Reply polled = dataIn(r, {0x03, 0x00, 0x00, 0x00, 0x12, 0x00}, 18);
  EXPECT_EQ(polled.data[12], 0x04);
  EXPECT_EQ(polled.data[13], 0x08);
  r.advance(5 * vrec::kTicksPerSecond);
  EXPECT_TRUE(testUnitReady(r).good());

  // CLOSE SESSION with IMMED: 02/04/07 until lead-in and lead-out are written.
  const Reply close = noData(r, {0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(close.good());
  EXPECT_EQ(testUnitReady(r).sense(), "02/04/07");
  r.advance(vrec::ticksForSectors(vrec::kLeadInSectors + vrec::kFirstLeadOutSectors, 48));
  EXPECT_TRUE(testUnitReady(r).good());
  EXPECT_EQ(discInfo(r).data[2], 0x0E);
}

TEST(RecorderUnderrun, WithoutProtectionTheTrackIsLost) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());  // BUFE off
  writeBlocks(r, 0, 40 * 32);  // more than the buffer: the head is running
  r.advance(60 * vrec::kTicksPerSecond);  // the host stalls far longer than the buffer lasts
  EXPECT_EQ(r.underrunCount(), 1u);
  const Reply failed = dataOut(r, write10Cdb(1280, 32), payload(1280, 32));
  EXPECT_EQ(failed.sense(), "03/0C/09");
  EXPECT_TRUE(failed.infoValid());
  EXPECT_EQ(failed.information(), 1280u);
  EXPECT_EQ(dataOut(r, write10Cdb(1280, 32), payload(1280, 32)).sense(), "05/2C/00");
  EXPECT_EQ(closeSession(r).sense(), "05/72/03");
  EXPECT_EQ(trackInfo(r, 1).data[5] & 0x20, 0x20);  // Damage bit
  EXPECT_EQ(r.relinkCount(), 0u);
  EXPECT_NE(r.traceText().find("UNDERRUN track=1 lba=1280 bufe=0 action=abort"), std::string::npos);
}

TEST(RecorderUnderrun, WithoutProtectionSyncCacheReportsIt) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 40 * 32);
  r.advance(60 * vrec::kTicksPerSecond);
  EXPECT_EQ(syncCache(r).sense(), "03/0C/09");
}

TEST(RecorderUnderrun, WithProtectionTheDriveRelinks) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 40 * 32);
  r.advance(60 * vrec::kTicksPerSecond);
  EXPECT_EQ(r.underrunCount(), 1u);
  // The host resumes; the drive refills its buffer and relinks where the laser stopped.
  writeBlocks(r, 1280, 40 * 32);
  EXPECT_EQ(r.relinkCount(), 1u);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
  const std::string trace = r.traceText();
  EXPECT_NE(trace.find("UNDERRUN track=1 lba=1280 bufe=1 action=pause"), std::string::npos);
  EXPECT_NE(trace.find("RELINK track=1 lba=1280"), std::string::npos);
  EXPECT_EQ(countLines(trace, " RELINK "), 1u);
  // The data is intact on both sides of the link.
  const Reply read = dataIn(r, read10Cdb(1270, 20), 20 * 2048);
  ASSERT_TRUE(read.good());
  EXPECT_EQ(read.data, payload(1270, 20));
}

// One scripted session: discovery, page 05, a multi-chunk track with a host stall (protected
// underrun), flush, fixation, and a few queries; every CDB literal.
void scriptedBurn(vrec::Recorder& r) {
  (void)testUnitReady(r);
  (void)dataIn(r, {0x12, 0x00, 0x00, 0x00, 0x24, 0x00}, 36);
  (void)dataIn(r, {0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0x00, 0x08, 0x00}, 8);
  (void)dataIn(r, {0x5A, 0x00, 0x2A, 0x00, 0, 0, 0, 0x01, 0x00, 0x00}, 256);
  (void)discInfo(r);
  (void)selectWriteParameters(r, kTao | kBufe, kDataTrackCloseDisc, kMode1);
  (void)noData(r, {0xBB, 0x00, 0xFF, 0xFF, 0x15, 0x00, 0, 0, 0, 0, 0, 0});  // 5376 kB/s → 24×
  (void)trackInfo(r, 0xFF);
  for (int32_t lba = 0; lba < 2'000; lba += 32) {
    (void)dataOut(r, write10Cdb(lba, 32), payload(lba, 32));
    if (lba == 1'600) r.advance(30 * vrec::kTicksPerSecond);
    if (lba % 320 == 0) (void)dataIn(r, {0x5C, 0x00, 0, 0, 0, 0, 0, 0x00, 0x0C, 0x00}, 12);
  }
  (void)noData(r, {0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0});
  for (int i = 0; i < 20; ++i) {
    if (testUnitReady(r).good()) break;
    r.advance(vrec::kTicksPerSecond);
  }
  (void)noData(r, {0x5B, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0});
  for (int i = 0; i < 60; ++i) {
    if (testUnitReady(r).good()) break;
    r.advance(vrec::kTicksPerSecond);
  }
  (void)dataIn(r, {0x43, 0x00, 0x00, 0, 0, 0, 0x00, 0x03, 0x24, 0x00}, 804);
  (void)noData(r, {0x1B, 0x00, 0x00, 0x00, 0x02, 0x00});
}

TEST(RecorderDeterminism, SameCommandsSameTrace) {
  vrec::Recorder a = makeRecorder();
  vrec::Recorder b = makeRecorder();
  scriptedBurn(a);
  scriptedBurn(b);
  EXPECT_EQ(a.traceText(), b.traceText());
  EXPECT_EQ(a.now(), b.now());
  EXPECT_EQ(a.underrunCount(), 1u);
  EXPECT_EQ(a.relinkCount(), 1u);
  EXPECT_NE(a.traceText().find(" LEAD-OUT session=1"), std::string::npos);
}

TEST(RecorderDeterminism, TwoRecordersDoNotInterfere) {
  vrec::Recorder solo = makeRecorder();
  scriptedBurn(solo);

  // A second recorder is busy with other things in between every command of the first.
  vrec::Recorder a = makeRecorder();
  vrec::Recorder other = makeRecorder(vrec::MediumKind::kCdRw);
  (void)selectWriteParameters(other, kTao, kDataTrackMultisession, kMode1);
  writeBlocks(other, 0, 100);
  other.advance(90 * vrec::kTicksPerSecond);  // an underrun on `other` only
  scriptedBurn(a);
  (void)closeSession(other);

  EXPECT_EQ(a.traceText(), solo.traceText());
  EXPECT_EQ(a.medium().describe(), "CD-R 80 min (1 session, closed)");
  EXPECT_EQ(other.medium().describe(), "CD-RW 80 min (1 session, appendable)");
  EXPECT_EQ(other.underrunCount(), 0u);  // 100 blocks never filled its buffer: no head, no underrun
  EXPECT_NE(a.now(), other.now());
}

}  // namespace
}  // namespace vrec_test
