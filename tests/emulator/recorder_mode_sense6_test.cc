// MODE SENSE(6) and MODE SELECT(6): the same pages as the 10-byte forms behind a 4-byte header
// (SPC-3), with the same validation.
#include <gtest/gtest.h>

#include "recorder_dao_support.h"

namespace vrec_test {
namespace {

const Bytes kSense10Page05 = {0x5A, 0x00, 0x05, 0x00, 0, 0, 0, 0x00, 0x40, 0x00};

TEST(RecorderModeSense6, SamePagesBehindAShortHeader) {
  vrec::Recorder r = makeRecorder();
  const Reply six = dataIn(r, {0x1A, 0x00, 0x05, 0x00, 0xFF, 0x00}, 255);
  ASSERT_TRUE(six.good()) << six.sense();
  const Reply ten = dataIn(r, kSense10Page05, 64);
  ASSERT_EQ(six.data.size(), 4u + 56u);
  EXPECT_EQ(six.data[0], 59);  // mode data length: everything after itself
  EXPECT_EQ(six.data[3], 0);   // no block descriptor
  EXPECT_EQ(Bytes(six.data.begin() + 4, six.data.end()), Bytes(ten.data.begin() + 8, ten.data.end()));
  // The allocation length cuts the reply.
  EXPECT_EQ(dataIn(r, {0x1A, 0x00, 0x2A, 0x00, 0x08, 0x00}, 255).data.size(), 8u);
  // Saved values are not supported, as in MODE SENSE(10).
  EXPECT_EQ(dataIn(r, {0x1A, 0x00, 0xC5, 0x00, 0xFF, 0x00}, 255).sense(), "05/39/00");
}

TEST(RecorderModeSelect6, SelectsPageFiveAndValidatesLikeTheTenByteForm) {
  vrec::Recorder r = makeRecorder();
  const Reply current = dataIn(r, {0x1A, 0x00, 0x05, 0x00, 0xFF, 0x00}, 255);
  Bytes list = current.data;
  list[0] = 0;                         // mode data length is reserved in MODE SELECT
  list[4 + 2] = kSao | kTestWrite;     // SAO, test write
  list[4 + 3] = kAudioCloseDisc;
  list[4 + 4] = kRaw;
  const auto length = static_cast<uint8_t>(list.size());
  ASSERT_TRUE(dataOut(r, {0x15, 0x10, 0x00, 0x00, length, 0x00}, list).good());
  EXPECT_EQ(dataIn(r, kSense10Page05, 64).data[8 + 2], kSao | kTestWrite);

  // PF = 0.
  const Reply no_pf = dataOut(r, {0x15, 0x00, 0x00, 0x00, length, 0x00}, list);
  EXPECT_EQ(no_pf.sense(), "05/24/00");
  EXPECT_EQ(no_pf.fieldPointer(), 1);
  // A mode data length in the header.
  Bytes with_length = list;
  with_length[0] = 59;
  const Reply header = dataOut(r, {0x15, 0x10, 0x00, 0x00, length, 0x00}, with_length);
  EXPECT_EQ(header.sense(), "05/26/00");
  EXPECT_EQ(header.fieldPointer(), 0);
  // Layer jump write type (4) in the page: the pointer counts from the start of the list (4-byte header).
  Bytes jump = list;
  jump[4 + 2] = 0x04;
  const Reply bad = dataOut(r, {0x15, 0x10, 0x00, 0x00, length, 0x00}, jump);
  EXPECT_EQ(bad.sense(), "05/26/00");
  EXPECT_EQ(bad.fieldPointer(), 6);
  EXPECT_EQ(dataIn(r, kSense10Page05, 64).data[8 + 2], kSao | kTestWrite);  // unchanged
  // Shorter than its header.
  EXPECT_EQ(dataOut(r, {0x15, 0x10, 0x00, 0x00, 0x02, 0x00}, Bytes(2, 0)).sense(), "05/1A/00");
}

}  // namespace
}  // namespace vrec_test
