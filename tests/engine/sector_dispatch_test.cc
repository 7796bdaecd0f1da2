// Run-time dispatch: every implementation this CPU supports produces the same bytes as the
// portable one, for every form, scrambled or not.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine/sector/sector.h"  // the folder's umbrella header

namespace dm::sector {
namespace {

TEST(SectorDispatch, BestImplIsSupportedAndConcrete) {
  EXPECT_TRUE(implSupported(bestImpl()));
  EXPECT_NE(bestImpl(), Impl::kAuto);
  EXPECT_TRUE(implSupported(Impl::kPortable));
  const auto impls = supportedImpls();
  ASSERT_FALSE(impls.empty());
  EXPECT_EQ(impls.front(), Impl::kPortable);
  EXPECT_EQ(detail::kernelsFor(Impl::kAuto).impl, bestImpl());
  EXPECT_EQ(implName(Impl::kAvx512), "avx512");
}

TEST(SectorDispatch, EveryImplMatchesPortable) {
  constexpr size_t kCount = 50;
  std::mt19937 gen(77);
  std::vector<uint8_t> user(kCount * 2352);
  for (auto& b : user) b = static_cast<uint8_t>(gen());
  for (SectorForm form : {SectorForm::kMode1, SectorForm::kMode2Formless, SectorForm::kMode2Form1,
                          SectorForm::kMode2Form2, SectorForm::kCdda}) {
    for (bool scramble : {false, true}) {
      const std::span<const uint8_t> in(user.data(), kCount * userDataBytes(form));
      EncodeOptions options;
      options.scramble = scramble;
      options.impl = Impl::kPortable;
      std::vector<uint8_t> expected(kCount * kRawSectorBytes);
      ASSERT_TRUE(encodeSectors(form, 1000, in, expected, options).ok());
      for (Impl impl : supportedImpls()) {
        options.impl = impl;
        std::vector<uint8_t> got(kCount * kRawSectorBytes);
        ASSERT_TRUE(encodeSectors(form, 1000, in, got, options).ok());
        EXPECT_EQ(got, expected) << formName(form) << " " << implName(impl) << (scramble ? " scrambled" : "");
      }
    }
  }
}

TEST(SectorDispatch, UnsupportedImplIsRefused) {
  for (Impl impl : {Impl::kPclmul, Impl::kAvx2, Impl::kAvx512}) {
    if (implSupported(impl)) continue;
    EncodeOptions options;
    options.impl = impl;
    auto encoder = SectorEncoder::create(SectorForm::kMode1, options);
    ASSERT_FALSE(encoder.ok());
    EXPECT_EQ(encoder.error().code(), ResultCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace dm::sector
