// SEND CUE SHEET validation and the order of a Session-At-Once recording: every rule the recorder
// checks in a cue sheet answers 05/26/00 with the field pointer at the offending byte (and bit),
// leaving no plan behind; CDB errors point into the CDB; a cue sheet outside SAO, a WRITE before
// the cue sheet, out of sequence or past the lead-out get their sense.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "recorder_dao_support.h"

namespace vrec_test {
namespace {

Bytes isrcMcnSheet() {
  return joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),
      Bytes{0x02, '1', '2', '3', '4', '5', '6', '7'},
      Bytes{0x02, '8', '9', '0', '1', '2', '3', 0x00},
      Bytes{0x03, 0x01, 'U', 'S', 'A', 'B', 'C', '9'},
      Bytes{0x03, 0x01, '9', '0', '0', '0', '0', '1'},
      cue(0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),
      cue(0x01, 0xAA, 0x01, 0x01, 0x00, 0, 6, 0),
  });
}

struct BadSheet {
  std::string what;
  std::function<Bytes()> make;
  uint16_t pointer;
  std::optional<uint8_t> bit;
};

using Edits = std::vector<std::pair<size_t, uint8_t>>;

Bytes changed(Bytes sheet, const Edits& edits) {
  for (const auto& [at, value] : edits) sheet[at] = value;
  return sheet;
}

std::vector<BadSheet> badSheets() {
  const auto gapless = [](Edits edits) {
    return [edits] { return changed(gaplessThreeTracks(), edits); };
  };
  const auto coded = [](Edits edits) {
    return [edits] { return changed(isrcMcnSheet(), edits); };
  };
  // Entry offsets in the gapless sheet: 0 lead-in, 8 track 1 index 0, 16 track 1 index 1,
  // 24 track 2, 32 track 3, 40 lead-out.
  return {
      {"lead-in is an ISRC entry", gapless({{0, 0x03}}), 0, std::nullopt},
      {"lead-in TNO is not 00", gapless({{1, 0x01}}), 1, std::nullopt},
      {"lead-in index is not 00", gapless({{2, 0x01}}), 2, std::nullopt},
      {"lead-in data form is host audio", gapless({{3, 0x00}}), 3, std::nullopt},
      {"lead-in time is neither 0 nor the lead-in start", gapless({{7, 0x01}}), 5, std::nullopt},
      {"first track is not the next track number", gapless({{9, 0x02}}), 9, std::nullopt},
      {"first track has no index 00", gapless({{10, 0x01}}), 10, std::nullopt},
      {"first pregap is not at 00:00:00", gapless({{15, 0x01}}), 13, std::nullopt},
      {"track 1 index 01 is not at 00:02:00", gapless({{23, 0x01}}), 21, std::nullopt},
      {"track number skipped", gapless({{33, 0x04}}), 33, std::nullopt},
      {"new track starts at index 02", gapless({{26, 0x02}}), 26, std::nullopt},
      {"time goes backwards", gapless({{38, 0x05}}), 37, std::nullopt},
      {"track shorter than 4 s", gapless({{38, 0x07}}), 37, std::nullopt},
      {"frame 75", gapless({{31, 75}}), 31, std::nullopt},
      {"second 60", gapless({{30, 60}}), 30, std::nullopt},
      {"minute in the lead-in range", gapless({{29, 90}}), 29, std::nullopt},
      {"unsupported data form (Mode 1 raw)", gapless({{27, 0x11}}), 27, std::nullopt},
      {"data CTL with an audio form", gapless({{24, 0x41}}), 24, 6},
      {"four-channel audio", gapless({{24, 0x81}}), 24, 7},
      {"pre-emphasis on a data track", gapless({{24, 0x51}, {27, 0x10}}), 24, 4},
      {"reserved SCMS bits", gapless({{28, 0x01}}), 28, std::nullopt},
      {"data after audio without the 2 s mode-change pregap", gapless({{24, 0x41}, {27, 0x10}}), 29, std::nullopt},
      {"unknown ADR", gapless({{24, 0x05}}), 24, std::nullopt},
      {"CTL changes inside a track", gapless({{16, 0x21}}), 16, std::nullopt},
      {"lead-out index is not 01", gapless({{42, 0x00}}), 42, std::nullopt},
      {"lead-out data form 41h", gapless({{43, 0x41}}), 43, std::nullopt},
      {"lead-out beyond the medium", gapless({{45, 80}, {46, 0}}), 45, std::nullopt},
      {"entry after the lead-out",
       [] { return joined({gaplessThreeTracks(), cue(0x01, 0x04, 0x01, 0x00, 0x00, 0, 20, 0)}); }, 48, std::nullopt},
      {"no lead-out",
       [] {
         Bytes s = gaplessThreeTracks();
         s.resize(40);
         return s;
       },
       33, std::nullopt},
      // Offsets in the ISRC/MCN sheet: 8 and 16 MCN, 24 and 32 ISRC, 40 and 48 track 1, 56 lead-out.
      {"MCN letter", coded({{11, 'A'}}), 11, std::nullopt},
      {"MCN second entry byte 7", coded({{23, 0x01}}), 23, std::nullopt},
      {"MCN without its second entry", coded({{16, 0x01}}), 16, std::nullopt},
      {"ISRC country in lower case", coded({{26, 'u'}}), 26, std::nullopt},
      {"ISRC year not a digit", coded({{31, 'X'}}), 31, std::nullopt},
      {"ISRC serial not a digit", coded({{39, 'Z'}}), 39, std::nullopt},
      {"ISRC for another track", coded({{25, 0x02}}), 25, std::nullopt},
      {"ISRC halves for different tracks", coded({{33, 0x02}}), 33, std::nullopt},
  };
}

TEST(RecorderCueSheet, EveryInvalidFieldIsPointedAt) {
  for (const BadSheet& bad : badSheets()) {
    vrec::Recorder r = makeRecorder();
    ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
    const Reply reply = sendCueSheet(r, bad.make());
    EXPECT_EQ(reply.sense(), "05/26/00") << bad.what;
    EXPECT_TRUE(reply.sksv()) << bad.what;
    EXPECT_FALSE(reply.inCdb()) << bad.what;
    EXPECT_EQ(reply.fieldPointer(), bad.pointer) << bad.what;
    const bool bpv = (reply.outcome.sense[15] & 0x08) != 0;
    EXPECT_EQ(bpv, bad.bit.has_value()) << bad.what;
    if (bad.bit) {
      EXPECT_EQ(reply.outcome.sense[15] & 0x07, *bad.bit) << bad.what;
    }
    // Nothing was adopted: the first pregap cannot be written.
    EXPECT_EQ(dataOut(r, write10Cdb(-150, 1), Bytes(2352, 0)).sense(), "05/2C/00") << bad.what;
    EXPECT_TRUE(r.medium().isBlank()) << bad.what;
  }
  // The unmodified sheets are valid, so each case above failed for its own edit.
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  EXPECT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  EXPECT_TRUE(sendCueSheet(r, isrcMcnSheet()).good());
  // cdrecord/wodim put the catalog number before the lead-in entry: accepted as well.
  Bytes mcn_first = isrcMcnSheet();
  std::rotate(mcn_first.begin(), mcn_first.begin() + 8, mcn_first.begin() + 24);
  EXPECT_TRUE(sendCueSheet(r, mcn_first).good());
  mcn_first[3] = 'X';  // a letter in the catalog number
  const Reply bad_first = sendCueSheet(r, mcn_first);
  EXPECT_EQ(bad_first.sense(), "05/26/00");
  EXPECT_EQ(bad_first.fieldPointer(), 3);
}

TEST(RecorderCueSheet, CdbLengthErrors) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  // Not whole entries.
  const Reply partial = dataOut(r, {0x5D, 0, 0, 0, 0, 0, 0x00, 0x00, 0x0C, 0x00}, Bytes(12, 0));
  EXPECT_EQ(partial.sense(), "05/24/00");
  EXPECT_TRUE(partial.inCdb());
  EXPECT_EQ(partial.fieldPointer(), 6);
  // More than the drive's cue sheet memory (4,096 bytes for the default profile).
  const Reply too_long = dataOut(r, {0x5D, 0, 0, 0, 0, 0, 0x00, 0x10, 0x08, 0x00}, Bytes(4104, 0));
  EXPECT_EQ(too_long.sense(), "05/24/00");
  EXPECT_EQ(too_long.fieldPointer(), 6);
}

TEST(RecorderCueSheet, CueSheetNeedsSaoWriteType) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kTao, kAudioCloseDisc, kRaw).good());
  EXPECT_EQ(sendCueSheet(r, gaplessThreeTracks()).sense(), "05/2C/00");
  // A drive without cue sheet memory does not offer SAO at all.
  vrec::DriveProfile no_sao = vrec::DriveProfile::defaultCdRecorder();
  no_sao.max_cue_sheet_bytes = 0;
  vrec::Recorder plain(no_sao, vrec::Medium::blank(vrec::MediumKind::kCdR80));
  const Reply page = selectWriteParameters(plain, kSao, kAudioCloseDisc, kRaw);
  EXPECT_EQ(page.sense(), "05/26/00");
  EXPECT_EQ(page.fieldPointer(), 10);
}

TEST(RecorderCueSheet, WritesFollowTheCueSheetInOrder) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  // Before the cue sheet.
  const Reply early = dataOut(r, write10Cdb(-150, 1), Bytes(2352, 0));
  EXPECT_EQ(early.sense(), "05/2C/00");
  EXPECT_EQ(early.information(), 0xFFFFFF6Au);
  ASSERT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  // A second sheet replaces the first while nothing is written (cdrdao tries variants).
  ASSERT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  // Not at the first pregap block.
  const Reply skipped = dataOut(r, write10Cdb(0, 1), Bytes(2352, 0));
  EXPECT_EQ(skipped.sense(), "05/21/02");
  EXPECT_EQ(skipped.information(), 0u);
  writeRange(r, -150, 100, audioBlocks);
  // Once writing began the plan is fixed.
  EXPECT_EQ(sendCueSheet(r, gaplessThreeTracks()).sense(), "05/2C/00");
  // Writing a block again is out of sequence too.
  EXPECT_EQ(dataOut(r, write10Cdb(90, 1), Bytes(2352, 0)).sense(), "05/21/02");
  // SYNCHRONIZE CACHE before the last block closes nothing.
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_TRUE(r.medium().sessionOpen());
  // TAO-style CLOSE SESSION in the middle of a cue sheet is out of sequence.
  EXPECT_EQ(closeSession(r).sense(), "05/2C/00");
  writeRange(r, 100, 880, audioBlocks);
  // Crossing the lead-out: 05/21/00 at the first block beyond it.
  Bytes beyond(26 * 2352, 0);
  const Reply past = dataOut(r, write10Cdb(880, 26), beyond);
  EXPECT_EQ(past.sense(), "05/21/00");
  EXPECT_EQ(past.information(), 900u);
  writeRange(r, 880, 900, audioBlocks);
  EXPECT_EQ(dataOut(r, write10Cdb(900, 1), Bytes(2352, 0)).sense(), "05/21/00");
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.medium().status(), vrec::DiscStatus::kComplete);
  // Finalised: a WRITE is refused as for any closed disc.
  EXPECT_EQ(dataOut(r, write10Cdb(900, 1), Bytes(2352, 0)).sense(), "05/27/00");
}

TEST(RecorderCueSheet, ModeTwoFormlessTrack) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kDataTrackCloseDisc, kRaw).good());
  const Bytes sheet = joined({
      cue(0x41, 0x00, 0x00, 0x34, 0x00, 0, 0, 0),   // lead-in, generated Mode 2
      cue(0x41, 0x01, 0x00, 0x30, 0x00, 0, 0, 0),   // Mode 2 formless, 2336 bytes a block
      cue(0x41, 0x01, 0x01, 0x30, 0x00, 0, 2, 0),
      cue(0x41, 0xAA, 0x01, 0x34, 0x00, 0, 6, 0),
  });
  ASSERT_TRUE(sendCueSheet(r, sheet).good());
  EXPECT_EQ(dataOut(r, write10Cdb(-150, 1), Bytes(2352, 0)).sense(), "05/24/00");  // 2336, not 2352
  writeRange(r, -150, 300, [](int32_t) -> uint16_t { return 2336; });
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_EQ(r.medium().tracks().size(), 1u);
  EXPECT_EQ(r.medium().tracks()[0].data_mode, 2);
  EXPECT_EQ(r.medium().tracks()[0].block_bytes, 2336);
  EXPECT_EQ(trackInfo(r, 1).data[6], 0x02);  // data mode 2
  // By address: a block of the first pregap is not a track's, index 1 onwards is track 1's.
  const Reply by_lba = dataIn(r, {0x52, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x24, 0x00}, 36);
  ASSERT_TRUE(by_lba.good()) << by_lba.sense();
  EXPECT_EQ(by_lba.data[2], 1);
}

TEST(RecorderCueSheet, XaTrackMakesAnXaDisc) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kDataTrackCloseDisc, kRaw).good());
  // cdrdao's cue sheet for a MODE2_FORM1 track: XA lead-in, 20h track, XA lead-out.
  const Bytes sheet = joined({
      cue(0x41, 0x00, 0x00, 0x24, 0x00, 0, 0, 0),
      cue(0x41, 0x01, 0x00, 0x20, 0x00, 0, 0, 0),
      cue(0x41, 0x01, 0x01, 0x20, 0x00, 0, 2, 0),
      cue(0x41, 0xAA, 0x01, 0x24, 0x00, 0, 6, 0),
  });
  ASSERT_TRUE(sendCueSheet(r, sheet).good());
  writeRange(r, -150, 300, [](int32_t) -> uint16_t { return 2336; });
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.medium().tracks()[0].data_mode, 2);
  EXPECT_EQ(discInfo(r).data[8], 0x20);  // disc type CD-ROM XA
  const Reply full = readToc(r, 2);
  ASSERT_TRUE(full.good());
  EXPECT_EQ(full.data[4 + 3], 0xA0);
  EXPECT_EQ(full.data[4 + 9], 0x20);  // A0 PSEC: CD-ROM XA
  // READ(10) returns the Form 1 user data after the 8-byte subheader.
  const Reply read = dataIn(r, read10Cdb(10, 1), 2048);
  ASSERT_TRUE(read.good()) << read.sense();
  const Bytes block = blockFor(10, 2336);
  EXPECT_EQ(read.data, Bytes(block.begin() + 8, block.begin() + 8 + 2048));
}

TEST(RecorderCueSheet, LeavingSaoBeforeWritingForgetsTheCueSheet) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  ASSERT_TRUE(selectWriteParameters(r, kTao, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  EXPECT_EQ(dataOut(r, write10Cdb(-150, 1), Bytes(2352, 0)).sense(), "05/2C/00");
}

TEST(RecorderCueSheet, TaoWriteIsRefusedInsideASessionAtOnce) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  writeRange(r, -150, 52, audioBlocks);
  ASSERT_TRUE(selectWriteParameters(r, kTao | kBufe, kAudioCloseDisc, kRaw).good());
  EXPECT_EQ(dataOut(r, write10Cdb(52, 1), Bytes(2352, 0)).sense(), "05/2C/00");
}

}  // namespace
}  // namespace vrec_test
