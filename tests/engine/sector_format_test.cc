// Sector addressing: LBA ↔ MSF (mmc.md §1.2), the BCD header and sync (ECMA-130 §14.1–14.2).
#include <gtest/gtest.h>

#include <array>

#include "engine/sector/sector_format.h"

namespace dm::sector {
namespace {

TEST(SectorFormat, LbaZeroIsTwoSecondsIn) {
  auto msf = lbaToMsf(0);
  ASSERT_TRUE(msf.ok());
  EXPECT_EQ(*msf, (Msf{0, 2, 0}));
  EXPECT_EQ(*lbaToMsf(-150), (Msf{0, 0, 0}));
  EXPECT_EQ(*lbaToMsf(74), (Msf{0, 2, 74}));
  EXPECT_EQ(*lbaToMsf(75), (Msf{0, 3, 0}));
  EXPECT_EQ(*lbaToMsf(kMaxLba), (Msf{89, 59, 74}));
}

TEST(SectorFormat, NegativeLbasBelowThePregapAreLeadInAddresses) {
  EXPECT_EQ(*lbaToMsf(-1), (Msf{0, 1, 74}));
  EXPECT_EQ(*lbaToMsf(-151), (Msf{99, 59, 74}));
  EXPECT_EQ(*lbaToMsf(-11634), (Msf{97, 26, 66}));  // the ATIP lead-in example of mmc.md §1.2
  EXPECT_EQ(*lbaToMsf(kMinLba), (Msf{90, 0, 0}));
}

TEST(SectorFormat, MsfToLbaInvertsLbaToMsf) {
  for (int32_t lba : {kMinLba, -11634, -151, -150, -1, 0, 1, 4499, 4500, 333000, kMaxLba})
    EXPECT_EQ(msfToLba(*lbaToMsf(lba)), lba) << lba;
}

TEST(SectorFormat, LbaWithoutAnAddressIsAnError) {
  for (int32_t lba : {kMinLba - 1, kMaxLba + 1}) {
    auto msf = lbaToMsf(lba);
    ASSERT_FALSE(msf.ok());
    EXPECT_EQ(msf.error().code(), ResultCode::kInvalidArgument);
    EXPECT_EQ(msf.error().context().lba, lba);
    EXPECT_NE(msf.error().message().find("no MSF address"), std::string::npos);
  }
}

TEST(SectorFormat, HeaderIsSyncThenBcdMsfThenMode) {
  std::array<uint8_t, 16> s{};
  writeSyncAndHeader(s.data(), 0, 1);
  EXPECT_EQ(s, (std::array<uint8_t, 16>{0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00, 0x02,
                                        0x00, 0x01}));
  writeSyncAndHeader(s.data(), 404849, 2);  // 89:59:74
  EXPECT_EQ(s[12], 0x89);
  EXPECT_EQ(s[13], 0x59);
  EXPECT_EQ(s[14], 0x74);
  EXPECT_EQ(s[15], 0x02);
  writeSyncAndHeader(s.data(), -11634, 1);  // 97:26:66
  EXPECT_EQ(s[12], 0x97);
  EXPECT_EQ(s[13], 0x26);
  EXPECT_EQ(s[14], 0x66);
}

TEST(SectorFormat, BcdRoundTrips) {
  for (uint8_t v = 0; v < 100; ++v) EXPECT_EQ(fromBcd(toBcd(v)), v);
  EXPECT_EQ(toBcd(59), 0x59);
}

TEST(SectorFormat, FormSizesMatchTheBooks) {
  EXPECT_EQ(userDataBytes(SectorForm::kMode1), 2048u);
  EXPECT_EQ(userDataBytes(SectorForm::kMode2Formless), 2336u);
  EXPECT_EQ(userDataBytes(SectorForm::kMode2Form1), 2048u);
  EXPECT_EQ(userDataBytes(SectorForm::kMode2Form2), 2324u);
  EXPECT_EQ(userDataBytes(SectorForm::kCdda), 2352u);
  EXPECT_EQ(formName(SectorForm::kMode2Form2), "form2");
}

}  // namespace
}  // namespace dm::sector
