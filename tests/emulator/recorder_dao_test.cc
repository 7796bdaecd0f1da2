// Session-At-Once recordings from hand-written cue sheets: a gapless audio disc, pregaps with index
// 2 and 3, pre-emphasis and copy flags, ISRC and MCN, a mixed audio + Mode 1 disc, CD-TEXT in the
// lead-in; the TOC (formats 0, 1, 2, 3, 5) and READ SUB-CHANNEL replies byte by byte; and a
// medium file that keeps every field a DAO disc has.
#include <gtest/gtest.h>

#include <filesystem>

#include "emulator/media/medium_file.h"
#include "recorder_dao_support.h"

namespace vrec_test {
namespace {

int32_t atipLeadInLba(vrec::Recorder& r) {
  const Reply atip = readToc(r, 4);
  return (atip.data[8] * 60 + atip.data[9]) * 75 + atip.data[10] - 450'150;
}

TEST(RecorderDao, GaplessThreeTrackAudioDisc) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  // After the cue sheet the drive asks for the first pregap block (mmc.md §6.2).
  EXPECT_EQ(be32(trackInfo(r, 0xFF).data, 12), 0xFFFFFF6Au);  // -150
  writeRange(r, -150, 900, audioBlocks);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good()) << sync.sense();

  const vrec::Medium& disc = r.medium();
  EXPECT_EQ(disc.describe(), "CD-R 80 min (1 session, closed)");
  ASSERT_EQ(disc.tracks().size(), 3u);
  const int32_t pregaps[] = {-150, 300, 600};
  for (size_t i = 0; i < 3; ++i) {
    const vrec::Track& t = disc.tracks()[i];
    EXPECT_TRUE(t.session_at_once);
    EXPECT_TRUE(t.closed);
    EXPECT_EQ(t.control, 0);
    EXPECT_EQ(t.block_bytes, 2352);
    EXPECT_EQ(t.start_lba, static_cast<int32_t>(300 * i));
    EXPECT_EQ(t.pregap_lba, pregaps[i]) << "track " << i + 1;
    EXPECT_EQ(t.recorded_sectors, 300u);
    EXPECT_EQ(t.sizeSectors(), 300u);  // no run-out between DAO tracks
  }
  EXPECT_EQ(disc.sessions()[0].lead_out_lba, 900);
  // Every block, the first pregap included, holds what the host sent.
  EXPECT_EQ(Bytes(disc.store().read(-150).begin(), disc.store().read(-150).end()), blockFor(-150, 2352));
  EXPECT_EQ(Bytes(disc.store().read(899).begin(), disc.store().read(899).end()), blockFor(899, 2352));

  // READ TOC format 0: three audio tracks and the lead-out right after the last block.
  const Reply toc = readToc(r, 0);
  ASSERT_TRUE(toc.good());
  EXPECT_EQ(toc.data, (Bytes{0x00, 0x22, 0x01, 0x03,                           //
                             0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,   //
                             0x00, 0x10, 0x02, 0x00, 0x00, 0x00, 0x01, 0x2C,   //
                             0x00, 0x10, 0x03, 0x00, 0x00, 0x00, 0x02, 0x58,   //
                             0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x03, 0x84}));
  // MSF form: 00:02:00, 00:06:00, 00:10:00, lead-out 00:14:00.
  const Reply toc_msf = readToc(r, 0, 0x02);
  EXPECT_EQ(Bytes(toc_msf.data.begin() + 4 + 24, toc_msf.data.end()), (Bytes{0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x0E, 0x00}));
  // Format 1: one complete session starting with track 1 at LBA 0.
  EXPECT_EQ(readToc(r, 1).data, (Bytes{0x00, 0x0A, 0x01, 0x01, 0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00}));
  // READ(10) cannot read audio: 05/64/00.
  EXPECT_EQ(dataIn(r, read10Cdb(0, 1), 2048).sense(), "05/64/00");
  // No CD-TEXT was written: the format 5 reply is a bare header.
  EXPECT_EQ(readToc(r, 5).data, (Bytes{0x00, 0x02, 0x00, 0x00}));
  // The disc is finalised: another cue sheet is out of sequence.
  EXPECT_EQ(sendCueSheet(r, gaplessThreeTracks()).sense(), "05/2C/00");
}

Bytes pregapCueSheet() {
  return joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),   // track 1 index 0, LBA -150
      cue(0x01, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),   // index 1, LBA 0
      cue(0x01, 0x01, 0x02, 0x00, 0x00, 0, 4, 0),   // index 2, LBA 150
      cue(0x11, 0x02, 0x00, 0x00, 0x00, 0, 7, 0),   // track 2 (pre-emphasis) index 0, LBA 375
      cue(0x11, 0x02, 0x01, 0x00, 0x00, 0, 9, 0),   // index 1, LBA 525
      cue(0x21, 0x03, 0x00, 0x00, 0x80, 0, 14, 0),  // track 3 (copy permitted, SCMS) index 0, LBA 900
      cue(0x21, 0x03, 0x01, 0x00, 0x80, 0, 15, 0),  // index 1, LBA 975
      cue(0x21, 0x03, 0x02, 0x00, 0x80, 0, 17, 0),  // index 2, LBA 1125
      cue(0x21, 0x03, 0x03, 0x00, 0x80, 0, 18, 0),  // index 3, LBA 1200
      cue(0x01, 0xAA, 0x01, 0x01, 0x00, 0, 22, 0),  // lead-out, LBA 1500
  });
}

TEST(RecorderDao, PregapsIndexesAndControlFlags) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, pregapCueSheet()).good());
  writeRange(r, -150, 1500, audioBlocks, 27);
  ASSERT_TRUE(syncCache(r).good());

  const vrec::Medium& disc = r.medium();
  ASSERT_EQ(disc.tracks().size(), 3u);
  const vrec::Track& t1 = disc.tracks()[0];
  const vrec::Track& t2 = disc.tracks()[1];
  const vrec::Track& t3 = disc.tracks()[2];
  EXPECT_EQ(t1.pregap_lba, -150);
  EXPECT_EQ(t1.index_lbas, (std::vector<int32_t>{150}));
  EXPECT_EQ(t1.recorded_sectors, 375u);
  EXPECT_EQ(t2.pregap_lba, 375);
  EXPECT_EQ(t2.start_lba, 525);
  EXPECT_EQ(t2.pregapSectors(), 150u);
  EXPECT_TRUE(t2.pre_emphasis);
  EXPECT_EQ(t2.control, 0x1);
  EXPECT_EQ(t3.pregap_lba, 900);
  EXPECT_EQ(t3.start_lba, 975);
  EXPECT_EQ(t3.index_lbas, (std::vector<int32_t>{1125, 1200}));
  EXPECT_EQ(t3.control, 0x2);
  EXPECT_FALSE(t3.pre_emphasis);
  EXPECT_EQ(t3.recorded_sectors, 525u);
  // The pregap blocks are recorded as sent.
  EXPECT_EQ(Bytes(disc.store().read(375).begin(), disc.store().read(375).end()), blockFor(375, 2352));

  // Full TOC: A0/A1/A2, the three tracks with their CONTROL (pre-emphasis, copy), then C0.
  const Reply full = readToc(r, 2);
  ASSERT_TRUE(full.good());
  const Reply atip = readToc(r, 4);
  const Bytes expected = {
      0x00, 0x4F, 0x01, 0x01,                                                //
      0x01, 0x10, 0x00, 0xA0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,      // first track 1, CD-DA
      0x01, 0x12, 0x00, 0xA1, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,      // last track 3
      0x01, 0x12, 0x00, 0xA2, 0x00, 0x00, 0x00, 0x00, 0x00, 0x16, 0x00,      // lead-out 00:22:00
      0x01, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,      // track 1 00:02:00
      0x01, 0x11, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00,      // track 2 00:09:00
      0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0F, 0x00,      // track 3 00:15:00
      0x01, 0x50, 0x00, 0xC0, 0xD1, 0x00, 0x00, 0x00, atip.data[8], atip.data[9], atip.data[10]};
  EXPECT_EQ(full.data, expected);
  // PMA: one entry per track, stop time then start time.
  const Reply pma = readToc(r, 3);
  ASSERT_TRUE(pma.good());
  EXPECT_EQ(pma.data, (Bytes{0x00, 0x23, 0x00, 0x00,                                           //
                             0x00, 0x10, 0x00, 0x01, 0x00, 0x06, 0x4A, 0x00, 0x00, 0x02, 0x00,  // 0..374
                             0x00, 0x11, 0x00, 0x02, 0x00, 0x0D, 0x4A, 0x00, 0x00, 0x09, 0x00,  // 525..899
                             0x00, 0x12, 0x00, 0x03, 0x00, 0x15, 0x4A, 0x00, 0x00, 0x0F, 0x00}));  // 975..1499
  // READ SUB-CHANNEL current position: the head rests at track 1 index 1.
  EXPECT_EQ(readSubChannel(r, 0x01).data, (Bytes{0x00, 0x15, 0x00, 0x0C, 0x01, 0x10, 0x01, 0x01,  //
                                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
  // By address: LBA 850 is track 2's (its body runs to 899); track 3's pregap starts at 900.
  const Reply by_lba = dataIn(r, {0x52, 0x00, 0x00, 0x00, 0x03, 0x52, 0x00, 0x00, 0x24, 0x00}, 36);
  EXPECT_EQ(by_lba.data[2], 2);
  const Reply pregap3 = dataIn(r, {0x52, 0x00, 0x00, 0x00, 0x03, 0x84, 0x00, 0x00, 0x24, 0x00}, 36);
  EXPECT_EQ(pregap3.data[2], 3);
  // Track information: the DAO track's size has no run-out.
  const Reply info = trackInfo(r, 2);
  EXPECT_EQ(info.data[5], 0x01);  // track mode = CONTROL with pre-emphasis
  EXPECT_EQ(be32(info.data, 8), 525u);
  EXPECT_EQ(be32(info.data, 24), 375u);
}

Bytes isrcMcnCueSheet() {
  return joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),
      Bytes{0x02, '1', '2', '3', '4', '5', '6', '7'},  // MCN digits 1-7
      Bytes{0x02, '8', '9', '0', '1', '2', '3', 0x00},  // MCN digits 8-13
      Bytes{0x03, 0x01, 'U', 'S', 'A', 'B', 'C', '9'},  // ISRC of track 1: US ABC 99 00001
      Bytes{0x03, 0x01, '9', '0', '0', '0', '0', '1'},
      cue(0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),
      Bytes{0x03, 0x02, 'G', 'B', 'X', 'Y', 'Z', '0'},  // ISRC of track 2: GB XYZ 05 12345
      Bytes{0x03, 0x02, '5', '1', '2', '3', '4', '5'},
      cue(0x01, 0x02, 0x01, 0x00, 0x00, 0, 6, 0),
      cue(0x01, 0xAA, 0x01, 0x01, 0x00, 0, 10, 0),
  });
}

TEST(RecorderDao, IsrcAndMcnReachTheDiscAndReadSubChannel) {
  vrec::Recorder r = makeRecorder();
  // Before anything is written there is no catalog number.
  EXPECT_EQ(readSubChannel(r, 0x02).data[8], 0x00);
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, isrcMcnCueSheet()).good());
  writeRange(r, -150, 600, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.medium().mcn(), "1234567890123");
  EXPECT_EQ(r.medium().tracks()[0].isrc, "USABC9900001");
  EXPECT_EQ(r.medium().tracks()[1].isrc, "GBXYZ0512345");

  Bytes mcn = {0x00, 0x15, 0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x80};
  for (char ch : std::string("1234567890123")) mcn.push_back(static_cast<uint8_t>(ch));
  mcn.insert(mcn.end(), {0x00, 0x00});
  EXPECT_EQ(readSubChannel(r, 0x02).data, mcn);
  Bytes isrc = {0x00, 0x15, 0x00, 0x14, 0x03, 0x10, 0x02, 0x00, 0x80};
  for (char ch : std::string("GBXYZ0512345")) isrc.push_back(static_cast<uint8_t>(ch));
  isrc.insert(isrc.end(), {0x00, 0x00, 0x00});
  EXPECT_EQ(readSubChannel(r, 0x03, 2).data, isrc);
  // A track that does not exist, a format that does not exist.
  const Reply none = readSubChannel(r, 0x03, 7);
  EXPECT_EQ(none.sense(), "05/24/00");
  EXPECT_EQ(none.fieldPointer(), 6);
  EXPECT_EQ(readSubChannel(r, 0x04).sense(), "05/24/00");
  // SubQ = 0: the header alone.
  EXPECT_EQ(dataIn(r, {0x42, 0x00, 0x00, 0x01, 0, 0, 0, 0x00, 0x30, 0x00}, 48).data, (Bytes{0x00, 0x15, 0x00, 0x00}));
}

TEST(RecorderDao, MixedAudioAndModeOneDataDisc) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, kRaw).good());
  const Bytes sheet = joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0),
      cue(0x01, 0x01, 0x01, 0x00, 0x00, 0, 2, 0),
      cue(0x41, 0x02, 0x00, 0x10, 0x00, 0, 6, 0),   // data track, Mode 1 2048, pregap at LBA 300
      cue(0x41, 0x02, 0x01, 0x10, 0x00, 0, 8, 0),   // index 1 at LBA 450
      cue(0x41, 0xAA, 0x01, 0x14, 0x00, 0, 16, 0),  // lead-out at LBA 1050, generated Mode 1
  });
  ASSERT_TRUE(sendCueSheet(r, sheet).good());
  const auto sizes = [](int32_t lba) -> uint16_t { return lba < 300 ? 2352 : 2048; };
  writeRange(r, -150, 290, sizes);
  // One WRITE across the mode change: 10 audio blocks and 10 data blocks of different sizes.
  Bytes mixed;
  for (int32_t lba = 290; lba < 310; ++lba) {
    const Bytes b = blockFor(lba, sizes(lba));
    mixed.insert(mixed.end(), b.begin(), b.end());
  }
  Bytes short_by_one = mixed;
  short_by_one.pop_back();
  const Reply wrong_size = dataOut(r, write10Cdb(290, 20), short_by_one);
  EXPECT_EQ(wrong_size.sense(), "05/24/00");
  EXPECT_EQ(wrong_size.fieldPointer(), 7);
  ASSERT_TRUE(dataOut(r, write10Cdb(290, 20), mixed).good());
  writeRange(r, 310, 1050, sizes, 32);
  ASSERT_TRUE(syncCache(r).good());

  const vrec::Medium& disc = r.medium();
  ASSERT_EQ(disc.tracks().size(), 2u);
  EXPECT_FALSE(disc.tracks()[0].isData());
  EXPECT_TRUE(disc.tracks()[1].isData());
  EXPECT_EQ(disc.tracks()[1].data_mode, 1);
  EXPECT_EQ(disc.tracks()[1].block_bytes, 2048);
  EXPECT_EQ(disc.tracks()[1].pregap_lba, 300);
  EXPECT_EQ(disc.tracks()[0].recorded_sectors, 300u);
  EXPECT_EQ(disc.tracks()[1].recorded_sectors, 600u);
  const Reply toc = readToc(r, 0);
  EXPECT_EQ(toc.data, (Bytes{0x00, 0x1A, 0x01, 0x02,                           //
                             0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,   //
                             0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x01, 0xC2,   //
                             0x00, 0x14, 0xAA, 0x00, 0x00, 0x00, 0x04, 0x1A}));
  // The data track reads back with READ(10); its data mode is 1, the audio track has none.
  const Reply read = dataIn(r, read10Cdb(450, 2), 4096);
  ASSERT_TRUE(read.good()) << read.sense();
  Bytes expected = blockFor(450, 2048);
  const Bytes next = blockFor(451, 2048);
  expected.insert(expected.end(), next.begin(), next.end());
  EXPECT_EQ(read.data, expected);
  EXPECT_EQ(trackInfo(r, 2).data[6], 0x01);
  EXPECT_EQ(trackInfo(r, 1).data[6], 0x0F);
}

// CD-TEXT packs, 18 bytes each, with their CRC (CRC-16 CCITT over 16 bytes, inverted).
Bytes textPack(uint8_t type, uint8_t track, uint8_t sequence, const std::string& text) {
  Bytes pack = {type, track, sequence, 0x00};
  for (size_t i = 0; i < 12; ++i) pack.push_back(i < text.size() ? static_cast<uint8_t>(text[i]) : 0);
  uint16_t crc = 0;
  for (size_t i = 0; i < 16; ++i) {
    crc ^= static_cast<uint16_t>(pack[i] << 8);
    for (int bit = 0; bit < 8; ++bit) crc = static_cast<uint16_t>(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  crc = static_cast<uint16_t>(~crc);
  pack.push_back(static_cast<uint8_t>(crc >> 8));
  pack.push_back(static_cast<uint8_t>(crc));
  return pack;
}

// The 24 six-bit R-W symbols of a pack, one per byte, as the lead-in's packed sub-channel holds them.
Bytes symbols(const Bytes& pack) {
  Bytes out;
  for (size_t i = 0; i < 18; i += 3) {
    const uint32_t bits = static_cast<uint32_t>(pack[i]) << 16 | static_cast<uint32_t>(pack[i + 1]) << 8 | pack[i + 2];
    for (int s = 3; s >= 0; --s) out.push_back(static_cast<uint8_t>((bits >> (6 * s)) & 0x3F));
  }
  return out;
}

TEST(RecorderDao, CdTextLeadInBecomesTocFormatFive) {
  vrec::Recorder r = makeRecorder();
  // cdrdao selects data block type 3 (raw + P-W) when it writes CD-TEXT; SAO accepts it.
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, 0x03).good());
  EXPECT_EQ(selectWriteParameters(r, kTao, kAudioCloseDisc, 0x03).sense(), "05/26/00");  // not in TAO
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioCloseDisc, 0x03).good());
  Bytes sheet = gaplessThreeTracks();
  sheet[3] = 0x41;  // lead-in: drive-made audio with the host's packed R-W (CD-TEXT)
  ASSERT_TRUE(sendCueSheet(r, sheet).good());
  // The host starts at the lead-in start from the ATIP.
  const int32_t lead_in = atipLeadInLba(r);
  EXPECT_EQ(static_cast<int32_t>(be32(trackInfo(r, 0xFF).data, 12)), lead_in);

  const std::vector<Bytes> packs = {textPack(0x80, 0, 0, "Album"), textPack(0x80, 1, 1, "One"),
                                    textPack(0x81, 0, 2, "Artist")};
  // Lead-in blocks of 96 bytes, four packs each, the three packs cycling.
  size_t next_pack = 0;
  const auto lead_in_sizes = [](int32_t lba) -> uint16_t { return lba < -150 ? 96 : 2352; };
  for (int32_t lba = lead_in; lba < -150;) {
    const auto n = static_cast<uint16_t>(std::min<int32_t>(500, -150 - lba));
    Bytes data;
    for (int32_t k = 0; k < n * 4; ++k) {
      const Bytes s = symbols(packs[next_pack]);
      next_pack = (next_pack + 1) % packs.size();
      data.insert(data.end(), s.begin(), s.end());
    }
    ASSERT_TRUE(dataOut(r, write10Cdb(lba, n), data).good()) << lba;
    lba += n;
  }
  writeRange(r, -150, 900, lead_in_sizes);
  ASSERT_TRUE(syncCache(r).good());

  Bytes expected = {0x00, 0x38, 0x00, 0x00};
  for (const Bytes& p : packs) expected.insert(expected.end(), p.begin(), p.end());
  EXPECT_EQ(readToc(r, 5).data, expected);
  EXPECT_EQ(r.medium().cdText().size(), 54u);
  // The packs survive a medium file round trip.
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "vrec-dao-cdtext.vdisc";
  ASSERT_FALSE(vrec::MediumFile::save(r.medium(), file).has_value());
  const vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  std::filesystem::remove(file);
  ASSERT_TRUE(load.ok()) << load.error;
  EXPECT_EQ(load.medium->cdText(), r.medium().cdText());
  // The lead-in blocks are not program data.
  EXPECT_FALSE(r.medium().store().contains(-151));
}

TEST(RecorderDao, MediumFileKeepsEveryDaoField) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioMultisession, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, isrcMcnCueSheet()).good());
  writeRange(r, -150, 600, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.medium().status(), vrec::DiscStatus::kAppendable);  // multisession 11b

  const std::filesystem::path file = std::filesystem::temp_directory_path() / "vrec-dao-roundtrip.vdisc";
  ASSERT_FALSE(vrec::MediumFile::save(r.medium(), file).has_value());
  vrec::MediumFileLoad load = vrec::MediumFile::load(file);
  std::filesystem::remove(file);
  ASSERT_TRUE(load.ok()) << load.error;
  const vrec::Medium& back = *load.medium;
  EXPECT_EQ(back.mcn(), "1234567890123");
  EXPECT_EQ(back.status(), vrec::DiscStatus::kAppendable);
  ASSERT_EQ(back.tracks().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const vrec::Track& a = r.medium().tracks()[i];
    const vrec::Track& b = back.tracks()[i];
    EXPECT_EQ(b.isrc, a.isrc);
    EXPECT_EQ(b.pregap_lba, a.pregap_lba);
    EXPECT_EQ(b.index_lbas, a.index_lbas);
    EXPECT_EQ(b.session_at_once, true);
    EXPECT_EQ(b.control, a.control);
    EXPECT_EQ(b.recorded_sectors, a.recorded_sectors);
  }
  EXPECT_EQ(back.sessions()[0].lead_out_lba, 600);
  EXPECT_EQ(Bytes(back.store().read(-150).begin(), back.store().read(-150).end()), blockFor(-150, 2352));
}

TEST(RecorderDao, SecondSessionAtOnceAfterAnAppendableDisc) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kAudioMultisession, kRaw).good());
  ASSERT_TRUE(sendCueSheet(r, gaplessThreeTracks()).good());
  writeRange(r, -150, 900, audioBlocks);
  ASSERT_TRUE(syncCache(r).good());
  // mmc.md §1.3: the second session's first index 1 is 6,750 + 4,500 + 150 after the lead-out.
  const int32_t start = 900 + 11'400;
  EXPECT_EQ(static_cast<int32_t>(be32(trackInfo(r, 0xFF).data, 12)), start);
  const auto msf = [](int32_t lba) {
    const int32_t f = lba + 150;
    return Bytes{static_cast<uint8_t>(f / 4500), static_cast<uint8_t>(f / 75 % 60), static_cast<uint8_t>(f % 75)};
  };
  const Bytes p = msf(start - 150), s = msf(start), e = msf(start + 300);
  const Bytes sheet = joined({
      cue(0x01, 0x00, 0x00, 0x01, 0x00, 0, 0, 0),
      cue(0x41, 0x04, 0x00, 0x10, 0x00, p[0], p[1], p[2]),
      cue(0x41, 0x04, 0x01, 0x10, 0x00, s[0], s[1], s[2]),
      cue(0x41, 0xAA, 0x01, 0x14, 0x00, e[0], e[1], e[2]),
  });
  ASSERT_TRUE(selectWriteParameters(r, kSao | kBufe, kDataTrackCloseDisc, kMode1).good());
  ASSERT_TRUE(sendCueSheet(r, sheet).good());
  writeRange(r, start - 150, start + 300, [](int32_t) -> uint16_t { return 2048; }, 32);
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good());
  EXPECT_EQ(r.medium().describe(), "CD-R 80 min (2 sessions, closed)");
  ASSERT_EQ(r.medium().tracks().size(), 4u);
  EXPECT_EQ(r.medium().tracks()[3].start_lba, start);
  EXPECT_EQ(r.medium().sessions()[1].lead_out_lba, start + 300);
  EXPECT_NE(r.traceText().find("LEAD-OUT session=2 lba=" + std::to_string(start + 300) + " sectors=2250"),
            std::string::npos)
      << r.traceText();
}

}  // namespace
}  // namespace vrec_test
