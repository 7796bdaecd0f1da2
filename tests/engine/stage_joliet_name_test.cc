// Joliet name rules and UTF-8 → UCS-2 conversion (engine/stage/joliet_name.h).
#include <gtest/gtest.h>

#include "engine/stage/joliet_name.h"

namespace dm::stage {
namespace {

TEST(StageJolietName, ConvertsBmpTextToUcs2) {
  Result<std::u16string> units = utf8ToUcs2("aé日ß");
  ASSERT_TRUE(units.ok()) << units.error().toString();
  EXPECT_EQ(*units, u"aé日ß");
  EXPECT_EQ(ucs2BigEndian(u"aé"), std::string("\x00\x61\x00\xE9", 4));
}

TEST(StageJolietName, RefusesCharactersOutsideTheBmp) {
  Result<std::u16string> units = jolietName("smile \xF0\x9F\x98\x80.txt");  // U+1F600
  ASSERT_FALSE(units.ok());
  EXPECT_EQ(units.error().code(), ResultCode::kBadJolietName);
  EXPECT_NE(units.error().message().find("U+1F600"), std::string::npos);
}

TEST(StageJolietName, RefusesInvalidUtf8) {
  for (const char* bad : {"\xFF", "a\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xE0\x80\xAF"}) {
    Result<std::u16string> units = utf8ToUcs2(bad);
    ASSERT_FALSE(units.ok()) << "accepted invalid UTF-8";
    EXPECT_EQ(units.error().code(), ResultCode::kBadJolietName);
    EXPECT_NE(units.error().message().find("invalid UTF-8"), std::string::npos);
  }
}

TEST(StageJolietName, AcceptsSixtyFourUnitsAndRefusesSixtyFive) {
  EXPECT_TRUE(jolietName(std::string(64, 'x')).ok());
  // 64 characters that each take 3 bytes in UTF-8: the limit is in UCS-2 units, not bytes.
  std::string wide;
  for (int i = 0; i < 64; ++i) wide += "日";
  EXPECT_TRUE(jolietName(wide).ok());
  Result<std::u16string> long_name = jolietName(std::string(65, 'x'));
  ASSERT_FALSE(long_name.ok());
  EXPECT_EQ(long_name.error().code(), ResultCode::kBadJolietName);
  EXPECT_NE(long_name.error().message().find("65"), std::string::npos);
}

TEST(StageJolietName, RefusesForbiddenAndControlCharacters) {
  for (const char* bad : {"a*b", "a:b", "a;b", "a?b", "a\\b", "a/b", "tab\there", "nl\n"}) {
    Result<std::u16string> units = jolietName(bad);
    EXPECT_FALSE(units.ok()) << bad;
    if (!units.ok()) {
      EXPECT_EQ(units.error().code(), ResultCode::kBadJolietName) << bad;
    }
  }
  EXPECT_FALSE(jolietName("").ok());
  EXPECT_FALSE(jolietName(".").ok());
  EXPECT_FALSE(jolietName("..").ok());
  EXPECT_TRUE(jolietName("normal name (1) [x] {y} #%&+,=@~.txt").ok());
}

}  // namespace
}  // namespace dm::stage
