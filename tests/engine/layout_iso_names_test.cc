// ISO 9660 name mangling, §9.3 ordering and the ECMA-119 field encodings
// (engine/layout/iso_names.h, engine/layout/ecma119_fields.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "engine/layout/ecma119_fields.h"
#include "engine/layout/iso_names.h"

namespace dm::layout {
namespace {

std::vector<std::string> names(std::initializer_list<IsoNameRequest> children) {
  return isoIdentifiers(std::vector<IsoNameRequest>(children));
}

bool isDChar(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

TEST(LayoutIsoNames, LevelOneKeepsEightDotThree) {
  const std::vector<IsoNameRequest> files{{"read me.txt"}, {"longfilename.html"}, {"longfilename.htm"},
                                          {"Makefile"}, {"Documents", true}, {"a very long folder", true}};
  EXPECT_EQ(isoIdentifiers(files, 1),
            (std::vector<std::string>{"READ_ME.TXT;1", "LONGFILE.HTM;1", "LONGFI_1.HTM;1", "MAKEFILE.;1",
                                      "DOCUMENT", "A_VERY_L"}));
  // Levels 2 and 3 name alike.
  EXPECT_EQ(isoIdentifiers(files, 3), isoIdentifiers(files, 2));
}

TEST(LayoutIsoNames, MapsFilesToLevelTwoIdentifiers) {
  EXPECT_EQ(names({{"read me.txt"}}), std::vector<std::string>{"READ_ME.TXT;1"});
  EXPECT_EQ(names({{"Makefile"}}), std::vector<std::string>{"MAKEFILE.;1"});
  EXPECT_EQ(names({{"a.tar.gz"}}), std::vector<std::string>{"A_TAR.GZ;1"});
  EXPECT_EQ(names({{".bashrc"}}), std::vector<std::string>{"_BASHRC.;1"});
  EXPECT_EQ(names({{"日本語.txt"}}), std::vector<std::string>{"___.TXT;1"});
  EXPECT_EQ(names({{"file.verylongextension"}}), std::vector<std::string>{"FILE.VERYLONG;1"});
  // Name + extension ≤ 30 characters (ECMA-119 §7.5.1).
  const std::string id = names({{std::string(40, 'x') + ".html"}})[0];
  EXPECT_EQ(id, std::string(26, 'X') + ".HTML;1");
}

TEST(LayoutIsoNames, MapsDirectoriesWithoutDotOrVersion) {
  EXPECT_EQ(names({{"été", true}}), std::vector<std::string>{"_T_"});
  EXPECT_EQ(names({{"my.folder", true}}), std::vector<std::string>{"MY_FOLDER"});
  EXPECT_EQ(names({{std::string(40, 'd'), true}}), std::vector<std::string>{std::string(31, 'D')});
}

TEST(LayoutIsoNames, ResolvesCollisionsDeterministically) {
  // FileTree order (byte order of the UTF-8 names): "Foo.txt" < "foo.txt" < "foo_1.txt".
  EXPECT_EQ(names({{"Foo.txt"}, {"foo.txt"}, {"foo_1.txt"}}),
            (std::vector<std::string>{"FOO.TXT;1", "FOO_2.TXT;1", "FOO_1.TXT;1"}));
  // A file without extension and a folder of the same mapped name collide: readers show both
  // as "A" once ".;1" is stripped.
  EXPECT_EQ(names({{"A", true}, {"a"}}), (std::vector<std::string>{"A", "A_1.;1"}));
  // Long names: the suffix replaces the end of the stem so the limit still holds.
  const std::string stem(30, 'q');
  std::vector<std::string> ids = names({{stem + "1.txt"}, {stem + "2.txt"}, {stem + "3.txt"}});
  EXPECT_EQ(ids[0], std::string(27, 'Q') + ".TXT;1");  // 27 + 3 = 30
  EXPECT_EQ(ids[1], std::string(25, 'Q') + "_1.TXT;1");
  EXPECT_EQ(ids[2], std::string(25, 'Q') + "_2.TXT;1");
  // Many collisions of folders: all unique, all ≤ 31 d-characters.
  std::vector<std::string> folder_names;
  for (int i = 0; i < 120; ++i)
    folder_names.push_back(std::string(31, 'f') + "é" + std::to_string(i));
  std::vector<IsoNameRequest> requests;
  for (const auto& n : folder_names) requests.push_back({n, true});
  std::vector<std::string> dirs = isoIdentifiers(requests);
  std::vector<std::string> sorted = dirs;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (const auto& d : dirs) {
    EXPECT_LE(d.size(), kIsoMaxDirectoryName);
    EXPECT_TRUE(std::all_of(d.begin(), d.end(), isDChar)) << d;
  }
}

TEST(LayoutIsoNames, OrdersIdentifiersPerSection9_3) {
  auto less = [](std::string_view a, bool ad, std::string_view b, bool bd) {
    return compareIdentifiers(a, ad, b, bd, 1) < 0;
  };
  // Name first, padded with spaces: "A.Z" sorts before "AB.A" because ' ' < 'B'.
  EXPECT_TRUE(less("A.Z;1", false, "AB.A;1", false));
  EXPECT_TRUE(less("A.;1", false, "A.B;1", false));
  EXPECT_TRUE(less("A", true, "A_B", true));
  EXPECT_TRUE(less("A.B;1", false, "A_B", true));  // name "A" < "A_B"
  EXPECT_EQ(compareIdentifiers("X.Y;1", false, "X.Y;1", false, 1), 0);
  // Joliet: UCS-2 big-endian code units, padded with (00)(20).
  const std::string a_txt("\0a\0.\0t\0x\0t", 10);
  const std::string a_tar("\0a\0.\0t\0a\0r\0.\0g\0z", 16);
  const std::string upper("\0Z", 2);
  EXPECT_LT(compareIdentifiers(a_txt, false, a_tar, false, 2), 0);  // name "a" < "a.tar"
  EXPECT_LT(compareIdentifiers(upper, false, a_txt, false, 2), 0);  // 'Z' < 'a'
}

TEST(LayoutEcma119Fields, EncodesNumbersInAllByteOrders) {
  uint8_t b[8] = {};
  put733(b, 0x01020304);
  EXPECT_EQ(std::vector<uint8_t>(b, b + 8), (std::vector<uint8_t>{4, 3, 2, 1, 1, 2, 3, 4}));
  put723(b, 0x0A0B);
  EXPECT_EQ(std::vector<uint8_t>(b, b + 4), (std::vector<uint8_t>{0x0B, 0x0A, 0x0A, 0x0B}));
}

TEST(LayoutEcma119Fields, EncodesDates) {
  using namespace std::chrono;
  const sys_seconds t = sys_days{year{2024} / March / 1} + hours{12} + minutes{34} + seconds{56};
  EXPECT_EQ(recordDate(t), (RecordDate{124, 3, 1, 12, 34, 56, 0}));
  const VolumeDate v = volumeDate(t);
  EXPECT_EQ(std::string(v.begin(), v.begin() + 16), "2024030112345600");
  EXPECT_EQ(v[16], 0);
  // Out of the 7-byte range: clamped to its ends.
  EXPECT_EQ(recordDate(sys_seconds{sys_days{year{1850} / 1 / 1}}),
            (RecordDate{0, 1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(recordDate(sys_seconds{sys_days{year{2300} / 1 / 1}}),
            (RecordDate{255, 12, 31, 23, 59, 59, 0}));
  EXPECT_FALSE(fitsRecordDate(sys_seconds{sys_days{year{1899} / 12 / 31}}));
  const VolumeDate none = unspecifiedVolumeDate();
  EXPECT_EQ(std::string(none.begin(), none.begin() + 16), std::string(16, '0'));
}

TEST(LayoutEcma119Fields, MapsTextToCharacterSets) {
  EXPECT_EQ(toDCharacters("My Disc-2024 é", 32), "MY_DISC_2024__");
  EXPECT_EQ(toDCharacters("abcdef", 3), "ABC");
  EXPECT_EQ(toACharacters("Acme, Inc. (R&D) ü", 128), "ACME, INC. (R&D) _");
}

}  // namespace
}  // namespace dm::layout
