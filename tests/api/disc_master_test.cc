// DiscMaster and JolietFormat against virtual recorders: the state rules, the stash, staging
// semantics (merge, clash, overwrite, no room, cancel), and recordDisc with IMAPI's progress
// callbacks in order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "engine/api/disc_master.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

std::string readFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

class DiscMasterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-api-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    write(dir_ / "a" / "readme.txt", "first add\n");
    write(dir_ / "a" / "docs" / "one.txt", "one\n");
    write(dir_ / "b" / "docs" / "two.txt", "two\n");
    write(dir_ / "c" / "readme.txt", "third add replaces the readme\n");
    source_.add("virtual:default");
  }
  void TearDown() override { fs::remove_all(dir_); }
  static void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  DiscMasterOptions options() {
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    return o;
  }
  // Open, Joliet, the first recorder: the state every staging test starts from.
  JolietFormat* ready(DiscMaster& m) {
    EXPECT_TRUE(m.open().ok());
    EXPECT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    auto joliet = m.joliet();
    EXPECT_TRUE(joliet.ok());
    auto list = m.recorders();
    EXPECT_TRUE(list.ok() && !list->empty());
    EXPECT_TRUE(m.setActiveRecorder(list->front()).ok());
    return *joliet;
  }
  fs::path dir_;
  VirtualSource source_;
};

TEST_F(DiscMasterTest, EveryCallBeforeOpenIsNotOpened) {
  DiscMaster m(source_, options());
  EXPECT_EQ(m.formats().error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.activeFormat().error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.setActiveFormat(Format::kJoliet).code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.joliet().error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.redbook().error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.recorders().error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.setActiveRecorder(nullptr).code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.activeRecorder().error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.clearFormatContent().code(), ResultCode::kNotOpened);
  Recording sink;
  EXPECT_EQ(m.progressAdvise(&sink).error().code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.progressUnadvise(1).code(), ResultCode::kNotOpened);
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kNotOpened);
  EXPECT_TRUE(m.close().ok());
}

TEST_F(DiscMasterTest, OpenedWithoutFormatOrRecorder) {
  DiscMaster m(source_, options());
  ASSERT_TRUE(m.open().ok());
  EXPECT_EQ(m.open().code(), ResultCode::kAlreadyOpen);
  ASSERT_TRUE(m.formats().ok());
  EXPECT_EQ(*m.formats(), (std::vector<Format>{Format::kJoliet, Format::kRedbook}));
  EXPECT_EQ(formatIid(Format::kJoliet), "{E3BC42CE-4E5C-11D3-9144-00104BA11C5E}");
  EXPECT_EQ(formatIid(Format::kRedbook), "{E3BC42CD-4E5C-11D3-9144-00104BA11C5E}");
  EXPECT_EQ(m.joliet().error().code(), ResultCode::kNoActiveFormat);
  EXPECT_EQ(m.activeFormat().error().code(), ResultCode::kNoActiveFormat);
  EXPECT_EQ(m.recorders().error().code(), ResultCode::kNoActiveFormat);
  EXPECT_EQ(m.activeRecorder().error().code(), ResultCode::kNoActiveFormat);
  EXPECT_EQ(m.clearFormatContent().code(), ResultCode::kNoActiveFormat);
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kNoActiveFormat);

  ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
  auto joliet = m.joliet();
  ASSERT_TRUE(joliet.ok());
  EXPECT_EQ(m.redbook().error().code(), ResultCode::kWrongFormat);
  EXPECT_EQ(*m.activeFormat(), Format::kJoliet);
  EXPECT_EQ(m.activeRecorder().error().code(), ResultCode::kNoActiveRecorder);
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kNoActiveRecorder);
  EXPECT_EQ((*joliet)->addData(dir_ / "a", false).code(), ResultCode::kNoActiveRecorder);
  EXPECT_EQ((*joliet)->totalDataBlocks().error().code(), ResultCode::kNoActiveRecorder);
  EXPECT_EQ((*joliet)->dataBlockSize(), 2048u);
  EXPECT_EQ(m.setActiveRecorder(nullptr).code(), ResultCode::kInvalidArgument);

  auto list = m.recorders();
  ASSERT_TRUE(list.ok());
  ASSERT_TRUE(m.setActiveRecorder(list->front()).ok());
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kInvalidImage);  // nothing staged
  ASSERT_TRUE(list->front()->openExclusive().ok());
  ASSERT_TRUE((*joliet)->addData(dir_ / "a", false).ok());
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kDeviceNotAccessible);
  ASSERT_TRUE(list->front()->close().ok());

  ASSERT_TRUE(m.close().ok());
  EXPECT_TRUE(m.close().ok());
  EXPECT_EQ(m.formats().error().code(), ResultCode::kNotOpened);
}

TEST_F(DiscMasterTest, ASecondMasterOnTheSameStashIsStashInUse) {
  DiscMaster first(source_, options());
  DiscMaster second(source_, options());
  ASSERT_TRUE(first.open().ok());
  EXPECT_EQ(second.open().code(), ResultCode::kStashInUse);
  ASSERT_TRUE(first.close().ok());
  EXPECT_TRUE(second.open().ok());
}

TEST_F(DiscMasterTest, OverlappingAddsMergeAndClashesFollowTheOverwriteFlag) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  ASSERT_TRUE(joliet->addData(dir_ / "b", false).ok());  // docs/ merges
  EXPECT_NE(joliet->stagedTree().find("docs/one.txt"), nullptr);
  EXPECT_NE(joliet->stagedTree().find("docs/two.txt"), nullptr);

  const uint32_t used = *joliet->usedDataBlocks();
  const Status clash = joliet->addData(dir_ / "c", false);
  EXPECT_EQ(clash.code(), ResultCode::kFileExists);
  EXPECT_NE(clash.message().find("readme.txt"), std::string::npos);
  EXPECT_EQ(*joliet->usedDataBlocks(), used);  // nothing of the failed call
  ASSERT_TRUE(joliet->addData(dir_ / "c", true).ok());
  EXPECT_EQ(joliet->stagedTree().find("readme.txt")->size_bytes, 30u);

  auto image = joliet->layOut();
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(*joliet->usedDataBlocks(), image->totalBlocks());
  EXPECT_EQ(*joliet->totalDataBlocks(), 359849u - 150);  // 80 min CD-R less the track padding
}

TEST_F(DiscMasterTest, StagedFilesAreFrozenWhenAdded) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  write(dir_ / "a" / "readme.txt", "CHANGED!!\n");  // same size, other bytes
  fs::remove(dir_ / "a" / "docs" / "one.txt");
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  const fs::path iso = dir_ / "out.iso";
  ASSERT_FALSE(source_.device("virtual:default").exportIso(iso).has_value());
  const std::string disc = readFile(iso);
  EXPECT_NE(disc.find("first add\n"), std::string::npos);
  EXPECT_EQ(disc.find("CHANGED!!"), std::string::npos);
  EXPECT_NE(disc.find("one\n"), std::string::npos);
}

TEST_F(DiscMasterTest, ContentThatDoesNotFitIsDiscFullAndNothingIsAdded) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  const uint32_t used = *joliet->usedDataBlocks();
  const fs::path big = dir_ / "big" / "huge.bin";
  fs::create_directories(big.parent_path());
  { std::ofstream(big).close(); }
  fs::resize_file(big, 800ull << 20);  // sparse: 800 MB on an 80 min CD-R
  const Status s = joliet->addData(dir_ / "big", false);
  EXPECT_EQ(s.code(), ResultCode::kDiscFull);
  EXPECT_NE(s.message().find("nothing was added"), std::string::npos);
  EXPECT_EQ(*joliet->usedDataBlocks(), used);
  EXPECT_EQ(joliet->stagedTree().find("huge.bin"), nullptr);
  EXPECT_EQ(m.stash().frozenFiles(), 2u);
}

TEST_F(DiscMasterTest, CancelledAddAddsNothing) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  Recording sink;
  sink.cancel_after_polls = 1;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  EXPECT_EQ(joliet->addData(dir_ / "a", false).code(), ResultCode::kUserAbort);
  EXPECT_TRUE(joliet->stagedTree().empty());
  EXPECT_EQ(m.stash().frozenFiles(), 0u);
}

TEST_F(DiscMasterTest, RecordSendsTheCallbacksInOrderAndClearsTheStash) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  Recording sink;
  auto cookie = m.progressAdvise(&sink);
  ASSERT_TRUE(cookie.ok());
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  sink.calls.clear();

  ASSERT_TRUE(m.recordDisc(true, false).ok());  // simulate
  EXPECT_EQ(sink.calls, (std::vector<std::string>{"Preparing", "Block", "Closing", "Complete:S_OK"}));
  EXPECT_EQ(sink.last_block.first, sink.last_block.second);
  EXPECT_GT(sink.preparing_s, 0);
  EXPECT_GT(sink.closing_s, 0);
  EXPECT_EQ(source_.device("virtual:default").medium().describe(), "CD-R 80 min (blank)");
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kInvalidImage);  // the stash was consumed

  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());  // restage
  sink.calls.clear();
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  EXPECT_EQ(sink.calls, (std::vector<std::string>{"Preparing", "Block", "Closing", "Complete:S_OK"}));
  EXPECT_NE(source_.device("virtual:default").medium().describe().find("1 session"), std::string::npos);
  EXPECT_FALSE(joliet->hasStagedContent());
  EXPECT_EQ(m.stash().frozenFiles(), 0u);

  // IMAPI leaves data discs appendable, and the recorder is re-read in multi-session mode: the
  // next image continues the disc's tree (multisession_test.cc follows this further).
  EXPECT_TRUE(m.multiSession());
  EXPECT_NE(joliet->stagedTree().find("docs/one.txt"), nullptr);
  ASSERT_TRUE(joliet->addData(dir_ / "b", false).ok());
  sink.calls.clear();
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  EXPECT_EQ(sink.calls, (std::vector<std::string>{"Preparing", "Block", "Closing", "Complete:S_OK"}));
  EXPECT_NE(source_.device("virtual:default").medium().describe().find("2 sessions"), std::string::npos)
      << source_.device("virtual:default").medium().describe();
  ASSERT_TRUE(m.progressUnadvise(*cookie).ok());
  EXPECT_EQ(m.progressUnadvise(*cookie).code(), ResultCode::kInvalidArgument);
}

TEST_F(DiscMasterTest, CancelledRecordKeepsTheStagedImage) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  Recording sink;
  sink.cancel_after_polls = 2;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  EXPECT_EQ(m.recordDisc(false, false).code(), ResultCode::kUserAbort);
  EXPECT_EQ(sink.calls.back(), "Complete:IMAPI_E_USERABORT");
  EXPECT_FALSE(joliet->stagedTree().empty());
}

TEST_F(DiscMasterTest, RemovingTheActiveRecorderIsAnnouncedAndDropsIt) {
  DiscMaster m(source_, options());
  ready(m);
  Recording sink;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  source_.add("virtual:second");
  auto list = m.recorders();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
  EXPECT_EQ(sink.calls, std::vector<std::string>{"PnP"});
  source_.remove("virtual:default");
  list = m.recorders();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front()->path(), "virtual:second");
  EXPECT_EQ(m.activeRecorder().error().code(), ResultCode::kNoActiveRecorder);
}

TEST_F(DiscMasterTest, FormatChangeAndClearEmptyTheStash) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  ASSERT_TRUE(m.clearFormatContent().ok());
  EXPECT_TRUE(joliet->stagedTree().empty());
  EXPECT_EQ(m.stash().frozenFiles(), 0u);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
  EXPECT_TRUE(joliet->stagedTree().empty());
}

TEST_F(DiscMasterTest, VolumeNameProperty) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  EXPECT_EQ(std::get<std::string>(joliet->properties().at("VolumeName")), "2023_11_14");  // the date
  EXPECT_EQ(joliet->setProperties({{"VolumeName", std::string("Ferien 2023")}}).code(), ResultCode::kOk);
  EXPECT_EQ(std::get<std::string>(joliet->properties().at("VolumeName")), "Ferien 2023");
  EXPECT_EQ(joliet->setProperties({{"NoSuchProperty", true}}).code(), ResultCode::kPropertiesIgnored);
  // A boot image is needed before the disc can be bootable; a refused set changes nothing.
  EXPECT_EQ(joliet->setProperties({{"PlaceBootImageOnDisc", true}}).code(), ResultCode::kInvalidArgument);
  EXPECT_FALSE(std::get<bool>(joliet->properties().at("PlaceBootImageOnDisc")));
  EXPECT_TRUE(std::get<bool>(joliet->properties().at("RockRidge")));
  EXPECT_EQ(joliet->setProperties({{"VolumeName", std::string("a name far too long for Joliet")}}).code(),
            ResultCode::kInvalidArgument);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  EXPECT_EQ(joliet->layOut()->volumeName(), "Ferien 2023");
}

TEST_F(DiscMasterTest, EraseCompletionReachesTheAdvisedSinks) {
  source_.add("virtual:rw", vrec::MediumKind::kCdRw);
  DiscMaster m(source_, options());
  ASSERT_TRUE(m.open().ok());
  ASSERT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
  Recording sink;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  auto list = m.recorders();
  ASSERT_TRUE(list.ok());
  Recorder* rw = nullptr;
  for (Recorder* r : *list)
    if (r->path() == "virtual:rw") rw = r;
  ASSERT_NE(rw, nullptr);
  ASSERT_TRUE(rw->openExclusive().ok());
  ASSERT_TRUE(rw->erase(true).ok());
  EXPECT_EQ(sink.calls, std::vector<std::string>{"Erase:S_OK"});
}

TEST_F(DiscMasterTest, RecordingWithTheTrayOpenIsMediumNotPresent) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  Recorder* r = *m.activeRecorder();
  ASSERT_TRUE(r->openExclusive().ok());
  ASSERT_TRUE(r->eject().ok());
  ASSERT_TRUE(r->close().ok());
  Recording sink;
  ASSERT_TRUE(m.progressAdvise(&sink).ok());
  const Status s = m.recordDisc(false, false);
  EXPECT_EQ(s.code(), ResultCode::kMediumNotPresent) << s.toString();
  EXPECT_NE(s.message().find("3A"), std::string::npos) << "the decoded sense is in the message: " << s.toString();
  ASSERT_FALSE(sink.calls.empty());
  EXPECT_EQ(sink.calls.back(), "Complete:IMAPI_E_MEDIUM_NOTPRESENT");
  EXPECT_TRUE(joliet->usedDataBlocks().ok() && *joliet->usedDataBlocks() > 0) << "the staged image is kept";
}

TEST_F(DiscMasterTest, BootPropertiesMakeABootableImageOnlyOnABlankDisc) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  write(dir_ / "boot.img", std::string(2048 * 3, 'B'));
  ASSERT_EQ(joliet->setProperties({{"PlaceBootImageOnDisc", true},
                                   {"BootImage", (dir_ / "boot.img").string()},
                                   {"BootImageManufacturerIDString", std::string("discmaster")},
                                   {"BootImagePlatform", int32_t{0xEF}},
                                   {"BootImageEmulationType", int32_t{0}}})
                .code(),
            ResultCode::kOk);
  EXPECT_EQ(joliet->setProperties({{"BootImagePlatform", int32_t{7}}}).code(), ResultCode::kInvalidArgument);
  ASSERT_TRUE(joliet->addData(dir_ / "a", false).ok());
  Result<layout::IsoImage> image = joliet->layOut();
  ASSERT_TRUE(image.ok()) << image.error().toString();
  EXPECT_GT(image->bootCatalogLba(), 0u);
  EXPECT_EQ(image->bootImageLba(), image->bootCatalogLba() + 1);
  ASSERT_TRUE(m.recordDisc(false, false).ok());
  // The disc now holds a session: a bootable image can no longer go on it.
  EXPECT_EQ(joliet->addData(dir_ / "b", false).code(), ResultCode::kBootImageAndNonBlankDisc);
  ASSERT_TRUE(joliet->setProperties({{"PlaceBootImageOnDisc", false}}).ok());
  EXPECT_TRUE(joliet->addData(dir_ / "b", false).ok());
}

TEST_F(DiscMasterTest, OverwrittenFilesStillTakeTheirBlocks) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  write(dir_ / "big1" / "readme.txt", std::string(100 * 2048, 'x'));
  ASSERT_TRUE(joliet->addData(dir_ / "big1", false).ok());
  const uint32_t before = *joliet->usedDataBlocks();
  ASSERT_TRUE(joliet->addData(dir_ / "c", true).ok());  // a small readme.txt replaces the big one
  const uint32_t after = *joliet->usedDataBlocks();
  // The new file's block is added; the old one's 100 stay in the image (imapi.md §1.4).
  EXPECT_EQ(after, before + 1);
  EXPECT_EQ(joliet->stagedTree().find("readme.txt")->size_bytes, 30u);
  EXPECT_EQ(joliet->layOut()->totalBlocks(), after);  // what is counted is what is written
}

TEST_F(DiscMasterTest, RockRidgePropertyDecidesWhetherLongPosixNamesAreAccepted) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  write(dir_ / "long" / (std::string(70, 'n') + ".txt"), "a name longer than Joliet holds\n");
  ASSERT_TRUE(joliet->setProperties({{"RockRidge", false}}).ok());
  EXPECT_EQ(joliet->addData(dir_ / "long", false).code(), ResultCode::kBadJolietName);
  ASSERT_TRUE(joliet->setProperties({{"RockRidge", true}}).ok());
  EXPECT_TRUE(joliet->addData(dir_ / "long", false).ok());
  EXPECT_EQ(joliet->setProperties({{"RockRidge", std::string("yes")}}).code(), ResultCode::kInvalidArgument);
}

TEST_F(DiscMasterTest, AFileOverFourGigabytesDoesNotFitACd) {
  DiscMaster m(source_, options());
  JolietFormat* joliet = ready(m);
  fs::create_directories(dir_ / "huge");
  { std::ofstream(dir_ / "huge" / "disk.img") << "x"; }
  fs::resize_file(dir_ / "huge" / "disk.img", 4831838208ull);  // sparse
  // Level 3 lays it out (multi-extent); a CD-R cannot take it: nothing is added or frozen.
  EXPECT_EQ(joliet->addData(dir_ / "huge", false).code(), ResultCode::kDiscFull);
  EXPECT_TRUE(joliet->stagedTree().empty());
  EXPECT_EQ(m.stash().frozenFiles(), 0u);
}

}  // namespace
}  // namespace dm::api
