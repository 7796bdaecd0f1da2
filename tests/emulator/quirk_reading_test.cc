// Firmware quirks of reading back (READ TOC, READ CD), each shown with hand-written CDBs on a
// closed one-track disc with and without the quirk.
#include <gtest/gtest.h>

#include "quirk_test_support.h"

namespace vrec_test {
namespace {

// mmc.md §9 #45: READ TOC with MSF = 1 is refused; LBA form still works.
TEST(QuirksReading, ReadTocMsfUnsupported) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kReadTocMsfUnsupported);
  burnOneTrack(plain);
  burnOneTrack(quirky);
  EXPECT_TRUE(readToc(plain, 0, true).good());
  const Reply odd = readToc(quirky, 0, true);
  EXPECT_EQ(odd.sense(), "05/24/00");
  EXPECT_EQ(odd.fieldPointer(), 1);
  EXPECT_TRUE(readToc(quirky, 0, false).good());
}

// mmc.md §9 #54: track numbers of READ TOC format 0 in BCD (track 10 reads 10h); the lead-out
// stays AAh.
TEST(QuirksReading, BcdTrackNumbersInToc) {
  for (bool quirk : {false, true}) {
    vrec::Recorder r = recorderWith(quirk ? std::optional(vrec::Quirk::kBcdTrackNumbersInToc) : std::nullopt);
    ASSERT_TRUE(selectWriteParameters(r, kTao, kDataTrackCloseDisc, kMode1).good());
    int32_t lba = 0;
    for (int track = 1; track <= 10; ++track) {
      writeBlocks(r, lba, 300);
      ASSERT_TRUE(syncCache(r).good());
      lba = static_cast<int32_t>(be32(trackInfo(r, 0xFF).data, 12));
    }
    ASSERT_TRUE(closeSession(r).good());
    const Reply toc = readToc(r, 0, false);
    ASSERT_TRUE(toc.good()) << toc.sense();
    EXPECT_EQ(toc.data[3], quirk ? 0x10 : 10);            // last track
    EXPECT_EQ(toc.data[4 + 9 * 8 + 2], quirk ? 0x10 : 10);  // descriptor of track 10
    EXPECT_EQ(toc.data[4 + 10 * 8 + 2], 0xAA);
  }
}

// mmc.md §9 #51: READ TOC format 2 is refused; format 0 still works.
TEST(QuirksReading, ReadTocFullUnsupported) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kReadTocFullUnsupported);
  burnOneTrack(plain);
  burnOneTrack(quirky);
  EXPECT_TRUE(readToc(plain, 2, false).good());
  const Reply odd = readToc(quirky, 2, false);
  EXPECT_EQ(odd.sense(), "05/24/00");
  EXPECT_EQ(odd.fieldPointer(), 2);
  EXPECT_TRUE(readToc(quirky, 0, false).good());
}

// mmc.md §9 #5: READ CD asking for C2 pointers (byte 9 bit 1) is refused.
TEST(QuirksReading, ReadCdErrorFlagsRefused) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kReadCdErrorFlagsRefused);
  burnOneTrack(plain);
  burnOneTrack(quirky);
  EXPECT_TRUE(readCd(plain, 10, 0x12, 0).good());
  const Reply odd = readCd(quirky, 10, 0x12, 0);
  EXPECT_EQ(odd.sense(), "05/24/00");
  EXPECT_EQ(odd.fieldPointer(), 9);
  EXPECT_TRUE(readCd(quirky, 10, 0x10, 0).good());
}

// mmc.md §9 #50: READ CD with any sub-channel selection is refused.
TEST(QuirksReading, ReadCdSubchannelUnsupported) {
  vrec::Recorder plain = recorderWith(std::nullopt);
  vrec::Recorder quirky = recorderWith(vrec::Quirk::kReadCdSubchannelUnsupported);
  burnOneTrack(plain);
  burnOneTrack(quirky);
  for (uint8_t sub : {0x01, 0x02, 0x04}) {
    EXPECT_TRUE(readCd(plain, 10, 0x10, sub).good()) << int{sub};
    const Reply odd = readCd(quirky, 10, 0x10, sub);
    EXPECT_EQ(odd.sense(), "05/24/00") << int{sub};
    EXPECT_EQ(odd.fieldPointer(), 10);
  }
  EXPECT_TRUE(readCd(quirky, 10, 0x10, 0).good());
}

}  // namespace
}  // namespace vrec_test
