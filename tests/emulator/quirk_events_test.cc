// The event quirks: GET EVENT STATUS NOTIFICATION (4Ah, polled, media class) as an MMC-1 drive
// refuses it and as a drive that reports "new media" on every poll, beside the honest drive that
// reports a load once.
#include <gtest/gtest.h>

#include "quirk_test_support.h"

namespace vrec_test {
namespace {

Reply mediaEvent(vrec::Recorder& r) { return dataIn(r, {0x4A, 0x01, 0, 0, 0x10, 0, 0, 0x00, 0x08, 0x00}, 8); }

void trayCycle(vrec::Recorder& r) {
  ASSERT_TRUE(noData(r, {0x1B, 0, 0, 0, 0x02, 0}).good());
  ASSERT_TRUE(noData(r, {0x1B, 0, 0, 0, 0x03, 0}).good());
}

TEST(QuirkEvents, HonestDriveReportsALoadOnce) {
  vrec::Recorder r = recorderWith(std::nullopt);
  Reply first = mediaEvent(r);
  ASSERT_TRUE(first.good());
  EXPECT_EQ(first.data[4], 0);     // nothing happened since power-on
  EXPECT_EQ(first.data[5], 0x02);  // media present, tray closed
  trayCycle(r);
  EXPECT_EQ(mediaEvent(r).data[4], 2);  // new media
  EXPECT_EQ(mediaEvent(r).data[4], 0);  // reported once
}

TEST(QuirkEvents, GesnUnsupported) {
  vrec::Recorder r = recorderWith(vrec::Quirk::kGesnUnsupported);
  EXPECT_EQ(mediaEvent(r).sense(), "05/20/00");
  // The change still shows where MMC-1 put it: the unit attention after the load.
  trayCycle(r);
  EXPECT_EQ(noData(r, {0x00, 0, 0, 0, 0, 0}).sense(), "06/28/00");
  EXPECT_TRUE(noData(r, {0x00, 0, 0, 0, 0, 0}).good());
}

TEST(QuirkEvents, GesnSpuriousMediaChange) {
  vrec::Recorder r = recorderWith(vrec::Quirk::kGesnSpuriousMediaChange);
  for (int i = 0; i < 3; ++i) {
    Reply e = mediaEvent(r);
    ASSERT_TRUE(e.good());
    EXPECT_EQ(e.data[4], 2) << "poll " << i;  // "new media", never cleared
    EXPECT_EQ(e.data[5], 0x02);
  }
  EXPECT_TRUE(noData(r, {0x00, 0, 0, 0, 0, 0}).good());  // while TEST UNIT READY sees no change
  // With the tray open there is no medium to be new.
  ASSERT_TRUE(noData(r, {0x1B, 0, 0, 0, 0x02, 0}).good());
  EXPECT_EQ(mediaEvent(r).data[4], 3);  // the removal itself
  EXPECT_EQ(mediaEvent(r).data[4], 0);
}

}  // namespace
}  // namespace vrec_test
