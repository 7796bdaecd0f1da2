// Firmware quirks of writing, buffering and waiting: each shown with hand-written CDBs on the
// default recorder with and without the quirk (the catalogue rows in emulator/quirks/quirk.cc).
#include <gtest/gtest.h>

#include "quirk_test_support.h"
#include "recorder_dao_support.h"

namespace vrec_test {
namespace {

constexpr vrec::Ticks kMinute = 60'000'000'000ull;

uint8_t discStatus(vrec::Recorder& r) {
  const Reply d = discInfo(r);
  EXPECT_TRUE(d.good()) << d.sense();
  return d.good() ? d.data[2] & 0x03 : 0xFF;  // 0 blank, 1 appendable, 2 complete
}

// A test write, as a burner sends it: page 05h with Test Write, a track, flush, close session.
void simulateOneTrack(vrec::Recorder& r) {
  ASSERT_TRUE(selectWriteParameters(r, kTao | kTestWrite, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(r, 0, 320);
  ASSERT_TRUE(syncCache(r).good());
}

// test_write_ignored: page 05h keeps Test Write, yet the disc is recorded and closed.
TEST(QuirksWriting, TestWriteIgnored) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  simulateOneTrack(plain);
  ASSERT_TRUE(closeSession(plain).good());
  EXPECT_EQ(discStatus(plain), 0);  // still blank
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kTestWriteIgnored);
  simulateOneTrack(quirky);
  const Reply page = dataIn(quirky, {0x5A, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00}, 64);
  EXPECT_NE(page.data[8 + 2] & kTestWrite, 0);  // the drive says it simulates…
  ASSERT_TRUE(closeSession(quirky).good());
  EXPECT_EQ(discStatus(quirky), 2);  // …and the disc is written and closed
  EXPECT_EQ(dataIn(quirky, read10Cdb(5, 1), 2048).data, payload(5, 1));
}

// mmc.md §9 #10: CLOSE TRACK after a CD TAO track is an error; the track is closed regardless.
TEST(QuirksWriting, CloseTrackRefusedOnCdTao) {
  for (bool quirk : {false, true}) {
    vrec::Recorder r = recorderWith(quirk ? std::optional(vrec::Quirk::kCloseTrackRefusedOnCdTao) : std::nullopt);
    ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackMultisession, kMode1).good());
    writeBlocks(r, 0, 320);
    ASSERT_TRUE(syncCache(r).good());
    EXPECT_EQ(closeTrack1(r).sense(), quirk ? "05/2C/00" : "GOOD");
    const Reply track = trackInfo(r, 1);
    ASSERT_TRUE(track.good());
    EXPECT_EQ(track.data[7] & 0x01, 0) << "the track is not writable any more (closed by the flush)";
    EXPECT_TRUE(closeSession(r).good());
  }
}

// mmc.md §9 #38: CLOSE SESSION while page 05h has Test Write fails; the disc stays blank.
TEST(QuirksWriting, CloseSessionFailsInTestWrite) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  simulateOneTrack(plain);
  EXPECT_TRUE(closeSession(plain).good());
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kCloseSessionFailsInTestWrite);
  simulateOneTrack(quirky);
  EXPECT_EQ(closeSession(quirky).sense(), "05/2C/00");
  EXPECT_EQ(quirky.medium().status(), vrec::DiscStatus::kBlank);
  // A real write closes normally on the same drive.
  vrec::Recorder real = recorderWith(vrec::Quirk::kCloseSessionFailsInTestWrite);
  burnOneTrack(real);
  EXPECT_EQ(discStatus(real), 2);
}

// mmc.md §9 #19: the first CLOSE is answered 02/04/07 and does nothing; the second one closes.
TEST(QuirksWriting, CloseFirstAttemptInProgress) {
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kCloseFirstAttemptInProgress);
  ASSERT_TRUE(selectWriteParameters(quirky, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(quirky, 0, 320);
  ASSERT_TRUE(syncCache(quirky).good());
  EXPECT_EQ(closeSession(quirky).sense(), "02/04/07");
  EXPECT_EQ(discStatus(quirky), 1);  // nothing closed yet
  EXPECT_EQ(closeSession(quirky).sense(), "GOOD");
  EXPECT_EQ(discStatus(quirky), 2);
  vrec::Recorder plain = recorderWith(std::nullopt);
  burnOneTrack(plain);  // one CLOSE is enough without the quirk
}

// mmc.md §9 #39: CLOSE SESSION (no IMMED) returns at once with 02/04/08 or 02/04/07 while the
// fixation runs on; a second CLOSE after it finished meets a closed session.
TEST(QuirksWriting, CloseSessionAnswersEarly) {
  for (auto [quirk, sense] : {std::pair{vrec::Quirk::kCloseSessionAnswers0408, "02/04/08"},
                              std::pair{vrec::Quirk::kCloseSessionAnswers0407, "02/04/07"}}) {
    vrec::Recorder r = recorderWith(quirk);
    ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
    writeBlocks(r, 0, 320);
    ASSERT_TRUE(syncCache(r).good());
    const Reply early = closeSession(r);
    EXPECT_EQ(early.sense(), sense);
    EXPECT_LT(early.took(), 1'000'000'000ull);  // answered within a second; fixation takes longer
    EXPECT_EQ(testUnitReady(r).sense(), sense);  // still fixating
    r.advance(kMinute);
    EXPECT_EQ(testUnitReady(r).sense(), "GOOD");
    EXPECT_EQ(discStatus(r), 2);
    EXPECT_EQ(closeSession(r).sense(), "05/2C/00");  // what a host that retried the CLOSE gets
  }
  vrec::Recorder plain = recorderWith(std::nullopt);
  burnOneTrack(plain);
}

// mmc.md §9 #6: each READ BUFFER CAPACITY answer is the previous measurement.
TEST(QuirksBuffer, StaleBufferCapacity) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kStaleBufferCapacity);
  for (vrec::Recorder* r : {&plain, &quirky}) {
    ASSERT_TRUE(selectWriteParameters(*r, kTao, kDataTrackCloseDisc, kMode1).good());
    ASSERT_TRUE(bufferCapacity(*r).good());
    writeBlocks(*r, 0, 320);  // 640 KiB: less than the 2 MiB buffer, so the head has not started
  }
  const uint32_t capacity = be32(bufferCapacity(plain).data, 4);
  EXPECT_EQ(be32(bufferCapacity(plain).data, 8), capacity - 320 * 2048);
  EXPECT_EQ(be32(bufferCapacity(quirky).data, 8), capacity);  // the empty buffer of the last query
  EXPECT_EQ(be32(bufferCapacity(quirky).data, 8), capacity - 320 * 2048);
}

// mmc.md §9 #16: READ BUFFER CAPACITY before the buffer first filled discards the track.
TEST(QuirksBuffer, BufferQueryBeforeFillDiscards) {
  for (bool quirk : {false, true}) {
    vrec::Recorder r =
        recorderWith(quirk ? std::optional(vrec::Quirk::kBufferQueryBeforeFillDiscards) : std::nullopt);
    ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
    writeBlocks(r, 0, 32);
    ASSERT_TRUE(bufferCapacity(r).good());
    EXPECT_EQ(dataOut(r, write10Cdb(32, 32), payload(32, 32)).sense(), quirk ? "05/2C/00" : "GOOD");
  }
  // Asked only after a buffer's worth (2 MiB = 1,024 blocks) has gone out, the drive behaves.
  vrec::Recorder late = recorderWith(vrec::Quirk::kBufferQueryBeforeFillDiscards);
  ASSERT_TRUE(selectWriteParameters(late, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(late, 0, 1100);
  ASSERT_TRUE(bufferCapacity(late).good());
  EXPECT_TRUE(dataOut(late, write10Cdb(1100, 32), payload(1100, 32)).good());
}

// mmc.md §9 #17: a WRITE the full buffer cannot take is refused with 02/04/08, not held.
TEST(QuirksBuffer, WriteBusyWhenBufferFull) {
  for (bool quirk : {false, true}) {
    vrec::Recorder r = recorderWith(quirk ? std::optional(vrec::Quirk::kWriteBusyWhenBufferFull) : std::nullopt);
    ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
    std::string first_failure = "GOOD";
    int32_t lba = 0;
    for (; lba < 4000; lba += 32) {
      const Reply w = dataOut(r, write10Cdb(lba, 32), payload(lba, 32));
      if (!w.good()) {
        first_failure = w.sense();
        break;
      }
    }
    EXPECT_EQ(first_failure, quirk ? "02/04/08" : "GOOD");
    if (quirk) {
      EXPECT_GE(lba, 1024);  // only once the 2 MiB buffer is full
      // A host that waits and retries (growisofs) gets it in once the head has made room.
      std::string retry = "02/04/08";
      for (int tries = 0; tries < 300 && retry == "02/04/08"; ++tries) {
        r.advance(10'000'000);  // 10 ms
        retry = dataOut(r, write10Cdb(lba, 32), payload(lba, 32)).sense();
      }
      EXPECT_EQ(retry, "GOOD");
    }
  }
}

// mmc.md §9 #18: TUR says GOOD during an IMMED flush; the next command gets 02/04/07.
TEST(QuirksBuffer, TurReadyWhileBusy) {
  for (bool quirk : {false, true}) {
    vrec::Recorder r = recorderWith(quirk ? std::optional(vrec::Quirk::kTurReadyWhileBusy) : std::nullopt);
    ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
    writeBlocks(r, 0, 320);
    ASSERT_TRUE(syncCacheImmed(r).good());
    EXPECT_EQ(testUnitReady(r).sense(), quirk ? "GOOD" : "02/04/08");
    EXPECT_EQ(discInfo(r).sense(), quirk ? "02/04/07" : "02/04/08");
    r.advance(kMinute);
    EXPECT_TRUE(discInfo(r).good());
  }
}

// mmc.md §9 #14: SYNCHRONIZE CACHE and BLANK with IMMED answer 02/00/00 and do nothing.
TEST(QuirksBuffer, ImmedAnswersNotReady) {
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kImmedAnswersNotReady);
  ASSERT_TRUE(selectWriteParameters(quirky, kTao, kDataTrackCloseDisc, kMode1).good());
  writeBlocks(quirky, 0, 320);
  EXPECT_EQ(syncCacheImmed(quirky).sense(), "02/00/00");
  EXPECT_NE(trackInfo(quirky, 1).data[7] & 0x01, 0);  // the track is still open
  EXPECT_TRUE(syncCache(quirky).good());               // without IMMED it works
  EXPECT_EQ(trackInfo(quirky, 1).data[7] & 0x01, 0);
  const Bytes blank_immed = {0xA1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  vrec::Recorder rw = recorderWith(vrec::Quirk::kImmedAnswersNotReady, vrec::MediumKind::kCdRw);
  EXPECT_EQ(noData(rw, blank_immed).sense(), "02/00/00");
  vrec::Recorder plain = recorderWith(std::nullopt, vrec::MediumKind::kCdRw);
  EXPECT_TRUE(noData(plain, blank_immed).good());
}

}  // namespace
}  // namespace vrec_test

namespace vrec_test {
namespace {

// cue_sheet_isrc_control_rejected (mmc.md §9 #48): the same sheet with an ISRC whose entries
// repeat the track's CONTROL (copy permitted) is taken by the plain drive and refused by the
// quirky one, pointing at the first ISRC entry; with CONTROL 0 there both take it.
Bytes isrcSheet(uint8_t isrc_ctl) {
  const auto adr3 = static_cast<uint8_t>(isrc_ctl << 4 | 0x03);
  return joined({
      cue(0x21, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),        // lead-in
      {adr3, 0x01, 'D', 'E', 'A', '1', '2', '3'},        // ISRC DEA123400001, first half
      {adr3, 0x01, '4', '0', '0', '0', '0', '1'},        // second half
      cue(0x21, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),        // track 1 index 0, copy permitted
      cue(0x21, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),        // track 1 index 1
      cue(0x21, 0xAA, 0x01, 0x01, 0x00, 0, 8, 0),        // lead-out
  });
}

TEST(QuirksWriting, CueSheetIsrcControlRejected) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  ASSERT_TRUE(selectWriteParameters(plain, kSao, kAudioCloseDisc, kRaw).good());
  const Reply taken = sendCueSheet(plain, isrcSheet(0x2));
  EXPECT_TRUE(taken.good()) << taken.sense() << " at " << taken.fieldPointer();

  vrec::Recorder quirky = recorderWith(vrec::Quirk::kCueSheetIsrcControlRejected);
  ASSERT_TRUE(selectWriteParameters(quirky, kSao, kAudioCloseDisc, kRaw).good());
  const Reply refused = sendCueSheet(quirky, isrcSheet(0x2));
  EXPECT_EQ(refused.sense(), "05/26/00");
  EXPECT_TRUE(refused.sksv());
  EXPECT_EQ(refused.fieldPointer(), 8) << "the second entry: the ISRC's first half";
  EXPECT_TRUE(sendCueSheet(quirky, isrcSheet(0x0)).good()) << "the other dialect is taken";
}

}  // namespace
}  // namespace vrec_test
