// Raw writing (page 05 write type 3, mmc.md §4.1, §6.2) on the virtual recorder, driven with
// hand-built CDBs and blocks (recorder_raw_support.h): the page 05 and GET CONFIGURATION contract,
// the TOC the drive learns from the lead-in Q, the program area read back (descrambled data,
// the host's sub-channel), damaged Q frames, the sense codes of wrong writes, test write and an
// unprotected underrun.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "emulator/media/medium_file.h"
#include "recorder_raw_support.h"

namespace vrec_test {
namespace {

using raw::kRawWrite;
using raw::RawDisc;


Reply readCd(vrec::Recorder& r, int32_t lba, uint8_t main, uint8_t sub, size_t bytes) {
  const auto a = static_cast<uint32_t>(lba);
  return dataIn(r, {0xBE, 0x00, static_cast<uint8_t>(a >> 24), static_cast<uint8_t>(a >> 16), static_cast<uint8_t>(a >> 8),
                    static_cast<uint8_t>(a), 0, 0, 1, main, sub, 0},
                bytes);
}

// Burns `disc` raw with data block type `type` and ends it with SYNCHRONIZE CACHE.
void burn(vrec::Recorder& r, const RawDisc& disc, uint8_t type) {
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, type).good());
  raw::writeRaw(r, disc, type, disc.lead_in, disc.end());
  const Reply sync = syncCache(r);
  ASSERT_TRUE(sync.good()) << sync.sense();
}

TEST(RecorderRaw, PageFiveTakesWriteTypeThreeWithSubChannelBlockTypes) {
  vrec::Recorder r = makeRecorder();
  for (const uint8_t type : {1, 2, 3}) {
    EXPECT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, type).good()) << int{type};
  }
  // Raw without a sub-channel (type 0) or with cooked user data (8) leaves the drive no Q.
  for (const uint8_t type : {0, 8}) {
    const Reply bad = selectWriteParameters(r, kRawWrite, kAudioCloseDisc, type);
    EXPECT_EQ(bad.sense(), "05/26/00") << int{type};
    EXPECT_EQ(bad.fieldPointer(), 8 + 4);
  }
  // GET CONFIGURATION 002Eh: Raw MS (bit 4) and Raw (bit 3) set.
  const Reply feature = dataIn(r, {0x46, 0x02, 0x00, 0x2E, 0, 0, 0, 0x00, 0x20, 0}, 32);
  ASSERT_TRUE(feature.good());
  EXPECT_EQ(feature.data[8 + 4] & 0x18, 0x18);
}

TEST(RecorderRaw, DriveWithoutRawRefusesWriteTypeThree) {
  vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
  profile.raw_write = false;
  vrec::Recorder r(profile, vrec::Medium::blank(vrec::MediumKind::kCdR80));
  const Reply bad = selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 3);
  EXPECT_EQ(bad.sense(), "05/26/00");
  EXPECT_EQ(bad.fieldPointer(), 8 + 2);
  const Reply feature = dataIn(r, {0x46, 0x02, 0x00, 0x2E, 0, 0, 0, 0x00, 0x20, 0}, 32);
  EXPECT_EQ(feature.data[8 + 4] & 0x18, 0x00);
}

TEST(RecorderRaw, NextWritableAddressIsTheLeadInStart) {
  vrec::Recorder r = makeRecorder();
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 3).good());
  const Reply info = trackInfo(r, 0xFF);
  ASSERT_TRUE(info.good());
  EXPECT_EQ(static_cast<int32_t>(be32(info.data, 12)), -11'634);  // ATIP 97:26:66
}

TEST(RecorderRaw, TheTocComesFromTheLeadInQ) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  burn(r, disc, 3);

  const Reply toc = readToc(r, 0);
  ASSERT_TRUE(toc.good()) << toc.sense();
  ASSERT_EQ(toc.data.size(), 4u + 3 * 8);
  EXPECT_EQ(toc.data[2], 1);
  EXPECT_EQ(toc.data[3], 2);
  EXPECT_EQ(toc.data[4 + 1], 0x14);  // track 1: data
  EXPECT_EQ(be32(toc.data, 4 + 4), 0u);
  EXPECT_EQ(toc.data[12 + 1], 0x10);  // track 2: audio
  EXPECT_EQ(be32(toc.data, 12 + 4), 450u);
  EXPECT_EQ(toc.data[20 + 2], 0xAA);
  EXPECT_EQ(be32(toc.data, 20 + 4), 750u);

  // Format 2: A0 names track 1 and disc type 00h, A2 the lead-out 00:12:00.
  const Reply full = readToc(r, 2);
  ASSERT_TRUE(full.good());
  EXPECT_EQ(full.data[4 + 3], 0xA0);
  EXPECT_EQ(full.data[4 + 8], 1);
  EXPECT_EQ(full.data[4 + 9], 0x00);
  EXPECT_EQ(full.data[4 + 22 + 3], 0xA2);
  EXPECT_EQ(full.data[4 + 22 + 8], 0);
  EXPECT_EQ(full.data[4 + 22 + 9], 12);

  const Reply di = discInfo(r);
  EXPECT_EQ(di.data[2] & 0x03, 2);  // complete
  // Track 2's pregap came from the program area's index 0: READ TRACK INFORMATION starts at 450.
  const Reply t2 = trackInfo(r, 2);
  EXPECT_EQ(be32(t2.data, 8), 450u);
  EXPECT_EQ(be32(t2.data, 24), 300u);  // 450..749
  // The catalog number from ADR 2 frames: READ SUB-CHANNEL format 02h.
  const Reply mcn = readSubChannel(r, 0x02);
  ASSERT_TRUE(mcn.good());
  EXPECT_EQ(mcn.data[8] & 0x80, 0x80);
  EXPECT_EQ(std::string(mcn.data.begin() + 9, mcn.data.begin() + 22), "1234567890123");
}

TEST(RecorderRaw, DataReadsBackDescrambledAndTheSubChannelAsWritten) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  burn(r, disc, 3);

  const Reply data = dataIn(r, read10Cdb(17, 1), 2048);
  ASSERT_TRUE(data.good()) << data.sense();
  for (size_t i = 0; i < 2048; i += 97) EXPECT_EQ(data.data[i], raw::userByte(17, i)) << i;

  // READ CD: full sector (sync, header 00:02:17, mode 1) plus the raw P-W the host sent.
  const Reply sector = readCd(r, 17, 0xF8, 0x01, 2352 + 96);
  ASSERT_TRUE(sector.good()) << sector.sense();
  EXPECT_EQ(sector.data[1], 0xFF);
  EXPECT_EQ(sector.data[14], 0x17);
  EXPECT_EQ(sector.data[15], 1);
  const Bytes pw = raw::pw96(disc.qAt(17), false);
  EXPECT_TRUE(std::equal(pw.begin(), pw.end(), sector.data.begin() + 2352));

  // Formatted Q of a pregap block (track 2, index 0, P set) and an audio block read as written.
  const Reply q = readCd(r, 320, 0x10, 0x02, 2352 + 16);
  ASSERT_TRUE(q.good()) << q.sense();
  const raw::Q expected = disc.qAt(320);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), q.data.begin() + 2352));
  EXPECT_EQ(q.data[2352 + 15], 0x80);
  const Bytes audio = raw::audioSector(320);
  EXPECT_TRUE(std::equal(audio.begin(), audio.end(), q.data.begin()));
}

TEST(RecorderRaw, TheSubChannelSurvivesAMediumFile) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  burn(r, disc, 3);
  const auto file = std::filesystem::temp_directory_path() / ("vrec-raw-" + std::to_string(getpid()) + ".vrec");
  ASSERT_FALSE(vrec::MediumFile::save(r.medium(), file).has_value());
  vrec::MediumFileLoad loaded = vrec::MediumFile::load(file);
  std::filesystem::remove(file);
  ASSERT_TRUE(loaded.ok()) << loaded.error;
  vrec::Recorder again(vrec::DriveProfile::defaultCdRecorder(), std::move(*loaded.medium));
  const Reply sector = readCd(again, 620, 0x10, 0x01, 2352 + 96);
  ASSERT_TRUE(sector.good()) << sector.sense();
  const Bytes pw = raw::pw96(disc.qAt(620), false);
  EXPECT_TRUE(std::equal(pw.begin(), pw.end(), sector.data.begin() + 2352));
}

TEST(RecorderRaw, AQWithABadCrcIsKeptButTeachesNothing) {
  vrec::Recorder r = makeRecorder();
  RawDisc disc;
  // Every lead-in copy of one TOC cycle and a program block lose their CRC.
  disc.damage = [&disc](int32_t lba) { return (lba >= disc.lead_in && lba < disc.lead_in + 15) || lba == 40; };
  burn(r, disc, 3);
  const Reply toc = readToc(r, 0);
  ASSERT_TRUE(toc.good());
  EXPECT_EQ(be32(toc.data, 12 + 4), 450u);
  const Reply q = readCd(r, 40, 0x10, 0x02, 2048 + 16);
  ASSERT_TRUE(q.good());
  raw::Q damaged = disc.qAt(40);
  damaged[11] ^= 0x5A;
  EXPECT_TRUE(std::equal(damaged.begin(), damaged.end(), q.data.begin() + 2048));
}

TEST(RecorderRaw, FormattedPqWithAPlainCrcAsCdrdaoSendsIt) {
  vrec::Recorder r = makeRecorder();
  RawDisc disc;
  // cdrdao's PQSubChannel16 stores the CRC uninverted: the drive computes its own for type 1.
  disc.damage = [](int32_t) { return false; };
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 1).good());
  for (int32_t lba = disc.lead_in; lba < disc.end();) {
    const auto n = static_cast<uint16_t>(std::min<int32_t>(27, disc.end() - lba));
    Bytes data;
    for (int32_t k = 0; k < n; ++k) {
      Bytes b = disc.mainAt(lba + k);
      const Bytes pq = raw::pq16(raw::withCrc(disc.qAt(lba + k), false), disc.pAt(lba + k));
      b.insert(b.end(), pq.begin(), pq.end());
      data.insert(data.end(), b.begin(), b.end());
    }
    ASSERT_TRUE(dataOut(r, write10Cdb(lba, n), data).good()) << lba;
    lba += n;
  }
  ASSERT_TRUE(syncCache(r).good());
  const Reply toc = readToc(r, 0);
  ASSERT_TRUE(toc.good());
  EXPECT_EQ(toc.data[3], 2);
  EXPECT_EQ(be32(toc.data, 20 + 4), 750u);
  // The recorded Q carries the Red Book (inverted) CRC.
  const Reply q = readCd(r, 500, 0x10, 0x02, 2352 + 16);
  const raw::Q expected = disc.qAt(500);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), q.data.begin() + 2352));
}

TEST(RecorderRaw, WrongWritesGetTheSenseRealDrivesGive) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 3).good());
  // Not at the lead-in start: -150 is where SAO begins, not raw.
  Bytes one = disc.block(-150, 3);
  EXPECT_EQ(dataOut(r, write10Cdb(-150, 1), one).sense(), "05/21/02");
  // Blocks of the wrong size for data block type 3 (2352 instead of 2448).
  EXPECT_EQ(dataOut(r, write10Cdb(disc.lead_in, 1), disc.mainAt(disc.lead_in)).sense(), "05/64/00");
  // In order from the lead-in start, then a gap.
  raw::writeRaw(r, disc, 3, disc.lead_in, disc.lead_in + 52);
  EXPECT_EQ(dataOut(r, write10Cdb(disc.lead_in + 60, 1), disc.block(disc.lead_in + 60, 3)).sense(), "05/21/02");
  // SYNCHRONIZE CACHE before the lead-out closes nothing.
  EXPECT_TRUE(syncCache(r).good());
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0);
}

TEST(RecorderRaw, RawBlocksWithoutRawPageFiveAreRefused) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  // 2448-byte blocks, at the TAO NWA or the lead-in start: the data is not count × 2048 (the
  // transfer length is checked before the address).
  EXPECT_EQ(dataOut(r, write10Cdb(0, 1), disc.block(0, 3)).sense(), "05/24/00");
  EXPECT_EQ(dataOut(r, write10Cdb(disc.lead_in, 1), disc.block(disc.lead_in, 3)).sense(), "05/24/00");
  // Whole 2048-byte blocks at the lead-in start: not the NWA of a TAO track.
  EXPECT_EQ(dataOut(r, write10Cdb(disc.lead_in, 1), Bytes(2048, 0)).sense(), "05/21/02");
  EXPECT_TRUE(r.medium().isBlank());
}

TEST(RecorderRaw, TestWriteLeavesTheDiscBlank) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite | kTestWrite, kAudioCloseDisc, 3).good());
  raw::writeRaw(r, disc, 3, disc.lead_in, disc.end());
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(discInfo(r).data[2] & 0x03, 0);  // blank
  EXPECT_TRUE(r.medium().isBlank());
  EXPECT_NE(readToc(r, 0).sense(), "GOOD");
}

TEST(RecorderRaw, AnUnprotectedUnderrunRuinsTheSession) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 3).good());  // no BUFE
  // Enough to fill the 2 MiB buffer and start the head, then the host stalls for a minute.
  raw::writeRaw(r, disc, 3, disc.lead_in, disc.lead_in + 2000);
  r.advance(60'000'000'000);
  const int32_t next = disc.lead_in + 2000;
  EXPECT_EQ(dataOut(r, write10Cdb(next, 1), disc.block(next, 3)).sense(), "03/0C/09");
  EXPECT_EQ(dataOut(r, write10Cdb(next, 1), disc.block(next, 3)).sense(), "05/2C/00");
  EXPECT_EQ(r.underrunCount(), 1u);
  // The disc is ruined: a damaged track, no session to close, no more raw writing.
  EXPECT_TRUE(syncCache(r).good());
  EXPECT_NE(r.medium().describe().find("damaged"), std::string::npos) << r.medium().describe();
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 3).good());
  EXPECT_EQ(dataOut(r, write10Cdb(disc.lead_in, 1), disc.block(disc.lead_in, 3)).sense(), "05/2C/00");
}

TEST(RecorderRaw, LeavingRawModeMidSessionAbandonsIt) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite, kAudioCloseDisc, 3).good());
  raw::writeRaw(r, disc, 3, disc.lead_in, 100);
  ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
  EXPECT_TRUE(r.medium().isBlank());
  EXPECT_EQ(r.medium().store().storedBlocks(), 0u);
  // A TAO track then reads back with the drive's own sub-channel, not the abandoned raw one.
  writeBlocks(r, 0, 300);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeSession(r).good());
  const Reply q = readCd(r, 17, 0x10, 0x02, 2048 + 16);
  ASSERT_TRUE(q.good()) << q.sense();
  EXPECT_EQ(q.data[2048 + 1], 0x01);  // track 1
  EXPECT_EQ(q.data[2048 + 0] & 0x0F, 0x01);
}

TEST(RecorderRaw, WithBufeTheHeadPausesAndRelinks) {
  vrec::Recorder r = makeRecorder();
  const RawDisc disc;
  ASSERT_TRUE(selectWriteParameters(r, kRawWrite | kBufe, kAudioCloseDisc, 3).good());
  raw::writeRaw(r, disc, 3, disc.lead_in, disc.lead_in + 2000);
  r.advance(60'000'000'000);
  raw::writeRaw(r, disc, 3, disc.lead_in + 2000, disc.end());
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(r.underrunCount(), 1u);
  EXPECT_EQ(readToc(r, 0).data[3], 2);
}

}  // namespace
}  // namespace vrec_test
