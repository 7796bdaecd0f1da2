// READ CD (BEh) and READ CD MSF (B9h) with hand-written CDBs on a mixed TAO disc (audio track 1,
// Mode 1 data track 2): every main-channel and sub-channel selection the recorder supports, the
// field checks (sense + field pointer), the Q sub-channel through a pregap and across a track
// boundary, errors at the run-out and past the end, and the read time at the read speed.
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "emulator/media/raw_sector.h"
#include "mixed_disc_support.h"

namespace vrec_test {
namespace {

// READ CD: BE, type<<2, LBA (4), length (3), main, sub, control.
Bytes readCdCdb(int32_t lba, uint32_t count, uint8_t type, uint8_t main, uint8_t sub) {
  const auto v = static_cast<uint32_t>(lba);
  return {0xBE, static_cast<uint8_t>(type << 2), static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v), static_cast<uint8_t>(count >> 16),
          static_cast<uint8_t>(count >> 8), static_cast<uint8_t>(count), main, sub, 0x00};
}

// Q CRC written out bit by bit (x^16+x^12+x^5+1, preset 0, inverted), independent of raw_sector.cc.
uint16_t bitwiseQCrc(const uint8_t* q) {
  uint16_t crc = 0;
  for (int i = 0; i < 10; ++i) {
    for (int bit = 7; bit >= 0; --bit) {
      const bool in = ((q[i] >> bit) & 1) != 0;
      const bool top = (crc & 0x8000) != 0;
      crc = static_cast<uint16_t>(crc << 1);
      if (in != top) crc ^= 0x1021;
    }
  }
  return static_cast<uint16_t>(~crc);
}

uint8_t bcd(int v) { return static_cast<uint8_t>((v / 10) << 4 | v % 10); }

// Expected formatted Q (bytes 0-9) of a mode-1 frame.
std::array<uint8_t, 10> q1(uint8_t control, int track, int index, int relative, int32_t lba) {
  const int abs = lba + 150;
  return {static_cast<uint8_t>(control << 4 | 1), bcd(track), bcd(index), bcd(relative / 4500), bcd(relative / 75 % 60),
          bcd(relative % 75), 0, bcd(abs / 4500), bcd(abs / 75 % 60), bcd(abs % 75)};
}

class ReadCd : public ::testing::Test {
 protected:
  void SetUp() override { recordMixedDisc(r_); }
  vrec::Recorder r_ = makeRecorder();
};

TEST_F(ReadCd, AudioUserDataIsThePcmWritten) {
  const Reply read = dataIn(r_, readCdCdb(0, 27, 1, 0x10, 0), 27 * 2352);
  ASSERT_TRUE(read.good()) << read.sense();
  EXPECT_EQ(read.data, pcm(0, 27));
  // On CD-DA the sync/header/EDC flags select nothing extra: F8h is still 2352 bytes of PCM.
  const Reply full = dataIn(r_, readCdCdb(373, 27, 0, 0xF8, 0), 27 * 2352);
  ASSERT_TRUE(full.good()) << full.sense();
  EXPECT_EQ(full.data, pcm(373, 27));
}

TEST_F(ReadCd, DataTrackMainChannelSelections) {
  const Bytes user = payload(kDataStart, 1);
  std::array<uint8_t, 2352> raw{};
  vrec::encodeMode1(kDataStart, std::span<const uint8_t, 2048>(user.data(), 2048), raw);
  const Bytes raw_bytes(raw.begin(), raw.end());
  const auto slice = [&raw_bytes](size_t from, size_t n) {
    return Bytes(raw_bytes.begin() + static_cast<ptrdiff_t>(from), raw_bytes.begin() + static_cast<ptrdiff_t>(from + n));
  };
  // main byte → bytes returned for Mode 1 (MMC order: sync, header, subheader, user, EDC/ECC).
  struct Case {
    uint8_t main;
    Bytes expected;
  };
  const Case cases[] = {
      {0xF8, raw_bytes},                       // everything
      {0xB8, raw_bytes},                       // sync + header + user + EDC/ECC
      {0x10, slice(16, 2048)},                 // user data only (what READ(10) returns)
      {0x18, slice(16, 2336)},                 // user + EDC/ECC
      {0x30, slice(12, 2052)},                 // header + user
      {0xA0, slice(0, 16)},                    // sync + header
      {0x20, slice(12, 4)},                    // header only
      {0x40, Bytes()},                         // subheader only: Mode 1 has none
      {0x08, slice(2064, 288)},                // EDC/ECC only
      {0x00, Bytes()},                         // nothing
  };
  for (const Case& c : cases) {
    const Reply read = dataIn(r_, readCdCdb(kDataStart, 1, 2, c.main, 0), 2352);
    ASSERT_TRUE(read.good()) << std::hex << int{c.main} << " " << read.sense();
    EXPECT_EQ(read.data, c.expected) << "main " << std::hex << int{c.main};
  }
  // The header is the sector's own address in BCD: LBA 552 = 00:09:27, mode 1.
  EXPECT_EQ(slice(12, 4), (Bytes{0x00, 0x09, 0x27, 0x01}));
  // C2 pointers follow the main channel: 294 zero bytes, or 296 with the block error byte.
  const Reply c2 = dataIn(r_, readCdCdb(kDataStart, 1, 2, 0xFA, 0), 2352 + 296);
  ASSERT_TRUE(c2.good());
  ASSERT_EQ(c2.data.size(), 2352u + 294u);
  EXPECT_TRUE(std::equal(raw_bytes.begin(), raw_bytes.end(), c2.data.begin()));
  EXPECT_TRUE(std::all_of(c2.data.begin() + 2352, c2.data.end(), [](uint8_t b) { return b == 0; }));
  EXPECT_EQ(dataIn(r_, readCdCdb(kDataStart, 1, 2, 0xFC, 0), 2352 + 296).data.size(), 2352u + 296u);
  // Sub-channel after C2: 96 raw, 16 formatted Q, 96 R–W.
  EXPECT_EQ(dataIn(r_, readCdCdb(kDataStart, 1, 2, 0xFA, 1), 4000).data.size(), 2352u + 294u + 96u);
  EXPECT_EQ(dataIn(r_, readCdCdb(kDataStart, 1, 2, 0x10, 2), 4000).data.size(), 2048u + 16u);
  const Reply rw = dataIn(r_, readCdCdb(kDataStart, 1, 2, 0x00, 4), 4000);
  EXPECT_EQ(rw.data, Bytes(96, 0));  // no R–W (CD-G) data on the disc
}

TEST_F(ReadCd, ExpectedSectorTypeMustMatchTheTrack) {
  // Mode 1 expected on the audio track, CD-DA on the data track: 05/64/00 with the LBA.
  Reply read = dataIn(r_, readCdCdb(0, 1, 2, 0x10, 0), 2352);
  EXPECT_EQ(read.sense(), "05/64/00");
  EXPECT_EQ(read.information(), 0u);
  read = dataIn(r_, readCdCdb(kDataStart, 1, 1, 0x10, 0), 2352);
  EXPECT_EQ(read.sense(), "05/64/00");
  for (uint8_t form : {3, 4, 5}) EXPECT_EQ(dataIn(r_, readCdCdb(kDataStart, 1, form, 0x10, 0), 2352).sense(), "05/64/00");
  // "Any type" reads across the change of mode: the good audio blocks come first.
  read = dataIn(r_, readCdCdb(kAudioBlocks - 1, 1, 0, 0x10, 0), 2352);
  EXPECT_TRUE(read.good());
  read = dataIn(r_, readCdCdb(kDataStart - 1, 2, 1, 0x10, 0), 2 * 2352);
  EXPECT_EQ(read.sense(), "05/64/00");  // the data pregap is Mode 1 too
  EXPECT_EQ(read.information(), static_cast<uint32_t>(kDataStart - 1));
}

TEST_F(ReadCd, InvalidFieldsNameTheirByte) {
  struct Case {
    Bytes cdb;
    uint16_t byte;
  };
  const Case cases[] = {
      {readCdCdb(0, 1, 6, 0x10, 0), 1},     // expected sector type 110b reserved
      {readCdCdb(0, 1, 7, 0x10, 0), 1},     // 111b reserved
      {readCdCdb(0, 1, 0, 0x80, 0), 9},     // SYNC without the header
      {readCdCdb(0, 1, 0, 0x90, 0), 9},     // SYNC + user data: a hole where the header is
      {readCdCdb(0, 1, 0, 0x28, 0), 9},     // header + EDC without user data
      {readCdCdb(0, 1, 0, 0x16, 0), 9},     // C2 11b reserved
      {readCdCdb(0, 1, 0, 0x11, 0), 9},     // byte 9 bit 0 reserved
      {readCdCdb(0, 1, 0, 0x10, 3), 10},    // sub-channel 011b
      {readCdCdb(0, 1, 0, 0x10, 5), 10},    // 101b
      {readCdCdb(0, 1, 0, 0x10, 0x08), 10}, // reserved bits
  };
  for (const Case& c : cases) {
    const Reply read = dataIn(r_, c.cdb, 4000);
    EXPECT_EQ(read.sense(), "05/24/00") << "byte " << c.byte;
    EXPECT_TRUE(read.sksv() && read.inCdb());
    EXPECT_EQ(read.fieldPointer(), c.byte);
    EXPECT_EQ(read.outcome.transferred, 0u);
  }
  Bytes reserved = readCdCdb(0, 1, 0, 0x10, 0);
  reserved[1] |= 0x20;
  EXPECT_EQ(dataIn(r_, reserved, 4000).fieldPointer(), 1);
  // A host buffer too small for the selection is refused before anything moves.
  EXPECT_EQ(dataIn(r_, readCdCdb(0, 2, 0, 0xF8, 0), 2352).sense(), "05/24/00");
  // Transfer length 0 is no transfer and no error.
  const Reply none = dataIn(r_, readCdCdb(0, 0, 0, 0xF8, 0), 2352);
  EXPECT_TRUE(none.good());
  EXPECT_EQ(none.outcome.transferred, 0u);
}

TEST_F(ReadCd, RunOutAndPastTheEnd) {
  // The run-out after track 1 is unreadable, as with READ(10): the good block comes through.
  Reply read = dataIn(r_, readCdCdb(kAudioBlocks - 1, 3, 0, 0x10, 0), 3 * 2352);
  EXPECT_EQ(read.sense(), "03/11/00");
  EXPECT_EQ(read.information(), kAudioBlocks);
  EXPECT_EQ(read.data, pcm(kAudioBlocks - 1, 1));
  // Past the last track (its run-out included) and before track 1's pregap: out of range.
  const int32_t end = kDataStart + static_cast<int32_t>(kDataBlocks) + 2;
  read = dataIn(r_, readCdCdb(end, 1, 0, 0x10, 0), 2352);
  EXPECT_EQ(read.sense(), "05/21/00");
  EXPECT_EQ(read.information(), static_cast<uint32_t>(end));
  EXPECT_EQ(dataIn(r_, readCdCdb(-151, 1, 0, 0x10, 0), 2352).sense(), "05/21/00");
  // Track 1's pregap (LBA -150) reads as digital silence.
  read = dataIn(r_, readCdCdb(-150, 1, 1, 0x10, 0), 2352);
  ASSERT_TRUE(read.good()) << read.sense();
  EXPECT_EQ(read.data, Bytes(2352, 0));
}

TEST_F(ReadCd, FormattedQThroughThePregapAndAcrossTheBoundary) {
  // From track 2's first pregap block to the block after its index 1.
  const int32_t pregap = kDataStart - 150;
  const Reply read = dataIn(r_, readCdCdb(pregap, 152, 0, 0x00, 2), 152 * 16);
  ASSERT_TRUE(read.good()) << read.sense();
  ASSERT_EQ(read.data.size(), 152u * 16);
  for (int i = 0; i < 152; ++i) {
    const int32_t lba = pregap + i;
    const uint8_t* q = read.data.data() + i * 16;
    const bool in_pregap = lba < kDataStart;
    const auto expected = in_pregap ? q1(4, 2, 0, kDataStart - lba, lba) : q1(4, 2, 1, lba - kDataStart, lba);
    ASSERT_TRUE(std::equal(expected.begin(), expected.end(), q)) << "lba " << lba;
    EXPECT_EQ(q[10] << 8 | q[11], bitwiseQCrc(q)) << "lba " << lba;
    EXPECT_EQ(q[15], in_pregap ? 0x80 : 0x00) << "P flag at lba " << lba;
  }
  // The relative time in the pregap starts at 00:02:00 and counts down to 00:00:01.
  EXPECT_EQ(read.data[3], 0x00);
  EXPECT_EQ(read.data[4], 0x02);
  EXPECT_EQ(read.data[5], 0x00);
  // Across the end of track 1: its last block is track 1 index 1, audio control 0.
  const Reply last = dataIn(r_, readCdCdb(kAudioBlocks - 1, 1, 0, 0x00, 2), 16);
  const auto expected = q1(0, 1, 1, kAudioBlocks - 1, kAudioBlocks - 1);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), last.data.begin()));
}

TEST_F(ReadCd, RawSubchannelInterleavesPAndQ) {
  const int32_t lba = kDataStart - 10;  // in the pregap: P set
  const Reply raw = dataIn(r_, readCdCdb(lba, 1, 0, 0x00, 1), 96);
  const Reply q = dataIn(r_, readCdCdb(lba, 1, 0, 0x00, 2), 16);
  ASSERT_TRUE(raw.good() && q.good());
  ASSERT_EQ(raw.data.size(), 96u);
  for (size_t n = 0; n < 96; ++n) {
    EXPECT_EQ(raw.data[n] & 0x80, 0x80) << n;                                      // P
    EXPECT_EQ((raw.data[n] >> 6) & 1, (q.data[n / 8] >> (7 - n % 8)) & 1) << n;  // Q, bit n
    EXPECT_EQ(raw.data[n] & 0x3F, 0) << n;                                         // R–W
  }
}

TEST_F(ReadCd, ReadCdMsfAddressesByTime) {
  // 00:02:00 up to (not including) 00:02:03: LBA 0, 1, 2 of the audio track.
  const Reply read = dataIn(r_, {0xB9, 0x04, 0x00, 0x00, 0x02, 0x00, 0x00, 0x02, 0x03, 0x10, 0x00, 0x00}, 3 * 2352);
  ASSERT_TRUE(read.good()) << read.sense();
  EXPECT_EQ(read.data, pcm(0, 3));
  // An end before the start, and frames ≥ 75, are invalid fields.
  Reply bad = dataIn(r_, {0xB9, 0x00, 0x00, 0x00, 0x02, 0x05, 0x00, 0x02, 0x03, 0x10, 0x00, 0x00}, 2352);
  EXPECT_EQ(bad.sense(), "05/24/00");
  EXPECT_EQ(bad.fieldPointer(), 6);
  bad = dataIn(r_, {0xB9, 0x00, 0x00, 0x00, 0x02, 0x75, 0x00, 0x02, 0x03, 0x10, 0x00, 0x00}, 2352);
  EXPECT_EQ(bad.fieldPointer(), 5);
}

TEST_F(ReadCd, ReadingTakesTheMediaTimeAtTheReadSpeed) {
  // SET CD SPEED read 4× (704 kB/s): 75 sectors take at least one second / 4.
  ASSERT_TRUE(noData(r_, {0xBB, 0x00, 0x02, 0xC0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).good());
  const Reply slow = dataIn(r_, readCdCdb(0, 75, 1, 0x10, 0), 75 * 2352);
  ASSERT_TRUE(slow.good());
  EXPECT_GE(slow.took(), vrec::kTicksPerSecond / 4);
  EXPECT_LT(slow.took(), vrec::kTicksPerSecond / 4 + vrec::kTicksPerSecond / 50);
  ASSERT_TRUE(noData(r_, {0xBB, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0}).good());
  const Reply fast = dataIn(r_, readCdCdb(0, 75, 1, 0x10, 0), 75 * 2352);
  EXPECT_LT(fast.took(), slow.took() / 8);  // 48× is twelve times faster than 4×
}

TEST_F(ReadCd, TraceLineNamesTheSelection) {
  (void)dataIn(r_, readCdCdb(0, 2, 1, 0xF8, 2), 2 * (2352 + 16));
  (void)dataIn(r_, readCdCdb(0, 1, 2, 0x10, 0), 2352);
  const std::string trace = r_.traceText();
  EXPECT_NE(trace.find("READ_CD lba=0 n=2 type=cdda main=F8 sub=2"), std::string::npos) << trace;
  EXPECT_NE(trace.find("READ_CD lba=0 n=1 type=mode1 main=10 sub=0"), std::string::npos);
  EXPECT_NE(trace.find("05/64/00"), std::string::npos);
}

TEST(ReadCdProfile, DriveWithoutC2PointersRefusesC2) {
  vrec::DriveProfile profile = vrec::DriveProfile::defaultCdRecorder();
  profile.c2_pointers = false;
  vrec::Recorder r(profile, vrec::Medium::blank(vrec::MediumKind::kCdR80));
  recordMixedDisc(r);
  const Reply read = dataIn(r, readCdCdb(0, 1, 0, 0x12, 0), 4000);
  EXPECT_EQ(read.sense(), "05/24/00");
  EXPECT_EQ(read.fieldPointer(), 9);
  // Page 2Ah byte 5 says so: C2 pointers bit 4 clear, CD-DA commands bit 0 set.
  const Reply page = dataIn(r, {0x5A, 0x00, 0x2A, 0x00, 0, 0, 0, 0x00, 0xFF, 0x00}, 255);
  EXPECT_EQ(page.data[8 + 5] & 0x11, 0x01);
}

}  // namespace
}  // namespace vrec_test
