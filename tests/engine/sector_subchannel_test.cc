// Subchannel: the Q CRC (CRC-16/CCITT, preset 0, inverted), a known position Q frame, and P–W
// interleaving into the 96-byte raw form checked bit by bit against its definition.
#include <gtest/gtest.h>

#include <random>
#include <string_view>
#include <vector>

#include "engine/sector/subchannel.h"

namespace dm::sector {
namespace {

TEST(SectorSubchannel, QCrcCheckValue) {
  // CRC-16/XMODEM of "123456789" is 0x31C3; the Q channel stores it inverted.
  constexpr std::string_view kCheck = "123456789";
  EXPECT_EQ(qCrc({reinterpret_cast<const uint8_t*>(kCheck.data()), kCheck.size()}), 0xCE3C);
}

TEST(SectorSubchannel, KnownPositionFrame) {
  QPosition pos;  // data track 1, index 1, relative 00:00:00, absolute LBA 0 = 00:02:00
  auto q = encodeQPosition(pos);
  ASSERT_TRUE(q.ok());
  const std::array<uint8_t, 12> expected{0x41, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x28, 0x32};
  EXPECT_EQ(*q, expected);
  EXPECT_TRUE(qCrcMatches(*q));
  auto damaged = *q;
  damaged[5] ^= 1;
  EXPECT_FALSE(qCrcMatches(damaged));
}

TEST(SectorSubchannel, PregapCountsDownAndLeadOutKeepsAA) {
  QPosition pos;
  pos.control = 0x0;  // audio
  pos.track = 12;
  pos.index = 0;
  pos.relative_frames = -(2 * 75 + 3);  // 00:02:03 before index 1
  pos.lba = 4500 - 150;                 // 01:00:00
  auto q = encodeQPosition(pos);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)[0], 0x01);
  EXPECT_EQ((*q)[1], 0x12);
  EXPECT_EQ((*q)[2], 0x00);
  EXPECT_EQ((*q)[4], 0x02);
  EXPECT_EQ((*q)[5], 0x03);
  EXPECT_EQ((*q)[7], 0x01);
  EXPECT_EQ((*q)[8], 0x00);
  pos.track = 0xAA;
  pos.index = 1;
  EXPECT_EQ((*encodeQPosition(pos))[1], 0xAA);
}

TEST(SectorSubchannel, BadPositionIsAnError) {
  QPosition pos;
  pos.track = 100;
  auto q = encodeQPosition(pos);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code(), ResultCode::kInvalidArgument);
  pos.track = 1;
  pos.lba = 500000;
  EXPECT_FALSE(encodeQPosition(pos).ok());
}

TEST(SectorSubchannel, InterleaveFollowsTheDefinitionAndInverts) {
  std::mt19937 gen(4);
  SubchannelChannels channels;
  for (auto& b : channels) b = static_cast<uint8_t>(gen());
  RawSubchannel raw{};
  interleaveSubchannel(channels, raw);
  // Raw byte n, bit 7 - k = bit n of channel k (P = 0 … W = 7), bits MSB first.
  for (size_t n = 0; n < 96; ++n)
    for (size_t k = 0; k < 8; ++k) {
      const int channel_bit = (channels[k * 12 + n / 8] >> (7 - n % 8)) & 1;
      ASSERT_EQ((raw[n] >> (7 - k)) & 1, channel_bit) << n << "/" << k;
    }
  SubchannelChannels back{};
  deinterleaveSubchannel(raw, back);
  EXPECT_EQ(back, channels);
}

TEST(SectorSubchannel, PChannelAllOnesSetsBit7Everywhere) {
  SubchannelChannels channels{};
  auto p = channel(channels, Channel::kP);
  std::fill(p.begin(), p.end(), 0xFF);
  RawSubchannel raw{};
  interleaveSubchannel(channels, raw);
  for (uint8_t b : raw) EXPECT_EQ(b, 0x80);
}

TEST(SectorSubchannel, PositionSubchannelHasPAndQ) {
  QPosition pos;
  pos.index = 0;
  pos.relative_frames = -1;
  pos.lba = -1;
  auto block = positionSubchannel(pos, true);
  ASSERT_TRUE(block.ok());
  for (size_t i = 0; i < 12; ++i) EXPECT_EQ((*block)[i], 0xFF);
  const std::array<uint8_t, 12> q = *encodeQPosition(pos);
  EXPECT_TRUE(std::equal(q.begin(), q.end(), block->begin() + 12));
  for (size_t i = 24; i < 96; ++i) EXPECT_EQ((*block)[i], 0);
  EXPECT_EQ((*positionSubchannel(pos, false))[0], 0x00);
  pos.index = 100;
  EXPECT_FALSE(positionSubchannel(pos, false).ok());
}

TEST(SectorSubchannel, BatchFormsCheckSizes) {
  std::vector<uint8_t> channels(3 * 96, 0x11);
  std::vector<uint8_t> raw(3 * 96);
  ASSERT_TRUE(interleaveSubchannels(channels, raw).ok());
  std::vector<uint8_t> back(3 * 96);
  ASSERT_TRUE(deinterleaveSubchannels(raw, back).ok());
  EXPECT_EQ(back, channels);
  std::vector<uint8_t> short_raw(95);
  const Status s = interleaveSubchannels(std::span(channels).first(95), short_raw);
  EXPECT_EQ(s.code(), ResultCode::kInvalidArgument);
  EXPECT_NE(s.message().find("multiple of 96"), std::string::npos);
  EXPECT_FALSE(deinterleaveSubchannels(raw, short_raw).ok());
}

}  // namespace
}  // namespace dm::sector
