// SectorEncoder: the layout of each form, batch = per-sector calls, scrambling, and the Status
// returned for wrong buffer sizes and unaddressable LBAs.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

#include "engine/sector/ecc.h"
#include "engine/sector/edc.h"
#include "engine/sector/encoder.h"
#include "engine/sector/scrambler.h"
#include "engine/sector/subchannel.h"

namespace dm::sector {
namespace {

using Sector = std::array<uint8_t, kRawSectorBytes>;

std::vector<uint8_t> randomBytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(gen());
  return v;
}

uint32_t loadLe(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

TEST(SectorEncoder, Mode1Layout) {
  const auto user = randomBytes(2048, 1);
  Sector s{};
  ASSERT_TRUE(encodeSector(SectorForm::kMode1, 0, user, s).ok());
  EXPECT_TRUE(std::equal(s.begin(), s.begin() + 12, std::begin(kSync)));
  EXPECT_EQ(s[12], 0x00);
  EXPECT_EQ(s[13], 0x02);
  EXPECT_EQ(s[14], 0x00);
  EXPECT_EQ(s[15], 0x01);
  EXPECT_TRUE(std::equal(user.begin(), user.end(), s.begin() + 16));
  EXPECT_EQ(loadLe(&s[2064]), edc(std::span(s).first(2064)));
  for (size_t i = 2068; i < 2076; ++i) EXPECT_EQ(s[i], 0) << i;
  Sector reparity = s;
  writeParityPQ(reparity, Impl::kPortable);
  EXPECT_EQ(reparity, s);
}

TEST(SectorEncoder, Mode2FormlessIsHeaderAndData) {
  const auto user = randomBytes(2336, 2);
  Sector s{};
  ASSERT_TRUE(encodeSector(SectorForm::kMode2Formless, 16, user, s).ok());
  EXPECT_EQ(s[14], 0x16);  // 00:02:16
  EXPECT_EQ(s[15], 0x02);
  EXPECT_TRUE(std::equal(user.begin(), user.end(), s.begin() + 16));
}

TEST(SectorEncoder, Form1ParityTakesTheHeaderAsZero) {
  const auto user = randomBytes(2048, 3);
  EncodeOptions options;
  options.subheader = {1, 2, 0x28, 4};  // the encoder clears the Form 2 bit for Form 1
  Sector s{};
  ASSERT_TRUE(encodeSector(SectorForm::kMode2Form1, 100, user, s, options).ok());
  const std::array<uint8_t, 8> sub{1, 2, 0x08, 4, 1, 2, 0x08, 4};
  EXPECT_TRUE(std::equal(sub.begin(), sub.end(), s.begin() + 16));
  EXPECT_TRUE(std::equal(user.begin(), user.end(), s.begin() + 24));
  EXPECT_EQ(loadLe(&s[2072]), edc(std::span(s).subspan(16, 2056)));
  Sector zero_header = s;
  std::fill(zero_header.begin() + 12, zero_header.begin() + 16, 0);
  Sector reparity = zero_header;
  writeParityPQ(reparity);
  EXPECT_TRUE(std::equal(reparity.begin() + 2076, reparity.end(), s.begin() + 2076));
  // The same data at another address keeps its parity.
  Sector other{};
  ASSERT_TRUE(encodeSector(SectorForm::kMode2Form1, 5000, user, other, options).ok());
  EXPECT_TRUE(std::equal(other.begin() + 16, other.end(), s.begin() + 16));
}

TEST(SectorEncoder, Form2SetsTheFormBitAndEdc) {
  const auto user = randomBytes(2324, 4);
  EncodeOptions options;
  options.subheader = {0, 0, 0x01, 0};
  Sector s{};
  ASSERT_TRUE(encodeSector(SectorForm::kMode2Form2, 7, user, s, options).ok());
  EXPECT_EQ(s[18], 0x21);
  EXPECT_EQ(s[22], 0x21);
  EXPECT_TRUE(std::equal(user.begin(), user.end(), s.begin() + 24));
  EXPECT_EQ(loadLe(&s[2348]), edc(std::span(s).subspan(16, 2332)));
}

TEST(SectorEncoder, CddaIsCopiedAndNeverScrambled) {
  const auto user = randomBytes(2352, 5);
  EncodeOptions options;
  options.scramble = true;
  Sector s{};
  ASSERT_TRUE(encodeSector(SectorForm::kCdda, 0, user, s, options).ok());
  EXPECT_TRUE(std::equal(user.begin(), user.end(), s.begin()));
}

TEST(SectorEncoder, ScrambleOptionScramblesTheEncodedSector) {
  const auto user = randomBytes(2048, 6);
  Sector plain{};
  Sector scrambled{};
  EncodeOptions options;
  ASSERT_TRUE(encodeSector(SectorForm::kMode1, 42, user, plain, options).ok());
  options.scramble = true;
  ASSERT_TRUE(encodeSector(SectorForm::kMode1, 42, user, scrambled, options).ok());
  scramble(plain);
  EXPECT_EQ(plain, scrambled);
}

TEST(SectorEncoder, BatchEqualsPerSectorCalls) {
  for (SectorForm form : {SectorForm::kMode1, SectorForm::kMode2Formless, SectorForm::kMode2Form1,
                          SectorForm::kMode2Form2, SectorForm::kCdda}) {
    constexpr size_t kCount = 37;
    const auto user = randomBytes(kCount * userDataBytes(form), 7);
    EncodeOptions options;
    options.scramble = true;
    options.subheader = {3, 1, 0x09, 0};
    auto encoder = SectorEncoder::create(form, options);
    ASSERT_TRUE(encoder.ok());
    std::vector<uint8_t> batch(kCount * kRawSectorBytes);
    ASSERT_TRUE(encoder->encodeBatch(-160, user, batch).ok());
    for (size_t i = 0; i < kCount; ++i) {
      Sector one{};
      ASSERT_TRUE(encoder->encode(-160 + static_cast<int32_t>(i),
                                  std::span(user).subspan(i * userDataBytes(form), userDataBytes(form)), one)
                      .ok());
      ASSERT_TRUE(std::equal(one.begin(), one.end(), batch.begin() + static_cast<ptrdiff_t>(i * kRawSectorBytes)))
          << formName(form) << " sector " << i;
    }
  }
}

TEST(SectorEncoder, BatchWithSubchannelAppendsTheRawPW) {
  constexpr size_t kCount = 5;
  const auto user = randomBytes(kCount * 2048, 8);
  const auto subchannels = randomBytes(kCount * 96, 9);
  auto encoder = SectorEncoder::create(SectorForm::kMode1);
  ASSERT_TRUE(encoder.ok());
  std::vector<uint8_t> out(kCount * kRawSectorWithSubchannelBytes);
  ASSERT_TRUE(encoder->encodeBatchWithSubchannel(10, user, subchannels, out).ok());
  std::vector<uint8_t> plain(kCount * kRawSectorBytes);
  ASSERT_TRUE(encoder->encodeBatch(10, user, plain).ok());
  for (size_t i = 0; i < kCount; ++i) {
    const uint8_t* block = out.data() + i * kRawSectorWithSubchannelBytes;
    EXPECT_TRUE(
        std::equal(block, block + kRawSectorBytes, plain.begin() + static_cast<ptrdiff_t>(i * kRawSectorBytes)));
    SubchannelChannels back{};
    deinterleaveSubchannel(std::span<const uint8_t, 96>(block + kRawSectorBytes, 96), back);
    EXPECT_TRUE(std::equal(back.begin(), back.end(), subchannels.begin() + static_cast<ptrdiff_t>(i * 96)));
  }
  const Status s = encoder->encodeBatchWithSubchannel(10, user, std::span(subchannels).first(95), out);
  EXPECT_EQ(s.code(), ResultCode::kInvalidArgument);
  EXPECT_NE(s.message().find("want 96 per sector"), std::string::npos);
  EXPECT_FALSE(encoder->encodeBatchWithSubchannel(10, user, subchannels, plain).ok());
}

TEST(SectorEncoder, WrongSizesGiveAClearStatus) {
  auto encoder = SectorEncoder::create(SectorForm::kMode1);
  ASSERT_TRUE(encoder.ok());
  std::vector<uint8_t> user(2047);
  Sector out{};
  Status s = encoder->encode(0, user, out);
  EXPECT_EQ(s.code(), ResultCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "mode1 sector: got 2047 bytes of user data and a 2352-byte output; want 2048 and 2352");
  user.resize(2048);
  EXPECT_FALSE(encoder->encode(0, user, std::span(out).first(2351)).ok());

  std::vector<uint8_t> batch_user(3 * 2048 + 1);
  std::vector<uint8_t> batch_out(3 * kRawSectorBytes, 0xEE);
  s = encoder->encodeBatch(0, batch_user, batch_out);
  EXPECT_EQ(s.code(), ResultCode::kInvalidArgument);
  EXPECT_NE(s.message().find("multiple of 2048"), std::string::npos);
  batch_user.resize(3 * 2048);
  EXPECT_FALSE(encoder->encodeBatch(0, batch_user, std::span(batch_out).first(2 * kRawSectorBytes)).ok());
  for (uint8_t b : batch_out) ASSERT_EQ(b, 0xEE);  // nothing written on error
}

TEST(SectorEncoder, UnaddressableLbaIsAnError) {
  std::vector<uint8_t> user(2 * 2048);
  std::vector<uint8_t> out(2 * kRawSectorBytes);
  const Status s = encodeSectors(SectorForm::kMode1, kMaxLba, user, out);
  EXPECT_EQ(s.code(), ResultCode::kInvalidArgument);
  EXPECT_EQ(s.context().lba, kMaxLba);
  EXPECT_NE(s.message().find("outside the addressable range"), std::string::npos);
  EXPECT_TRUE(encodeSectors(SectorForm::kMode1, kMaxLba - 1, user, out).ok());
  std::vector<uint8_t> audio(2 * 2352);
  EXPECT_TRUE(encodeSectors(SectorForm::kCdda, kMaxLba, audio, out).ok());  // audio has no header
}

TEST(SectorEncoder, EmptyBatchIsFine) {
  EXPECT_TRUE(encodeSectors(SectorForm::kMode1, 0, {}, {}).ok());
}

}  // namespace
}  // namespace dm::sector
