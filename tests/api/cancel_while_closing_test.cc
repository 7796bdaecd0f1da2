// recordDisc with a cancel that comes while the drive closes the session: the close cannot be
// stopped, so the burn waits it out and completes S_OK; the program sees IMAPI's callbacks in
// order, QueryCancel asked (and answered yes) after ClosingDisc, then BurnComplete S_OK. A cancel
// while blocks are still being written stops the burn as before.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "engine/api/disc_master.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

// Says yes to QueryCancel once ClosingDisc has come (or, with `during_writing`, once blocks are
// being written), and logs the first yes in the call sequence.
struct CancelWhenClosing final : ProgressEvents {
  std::vector<std::string> calls;
  bool during_writing = false;
  bool closing = false, writing = false, answered = false;
  int polls_while_closing = 0;
  bool queryCancel() override {
    if (closing) ++polls_while_closing;
    const bool yes = during_writing ? writing : closing;
    if (yes && !answered) {
      calls.push_back("QueryCancel:true");
      answered = true;
    }
    return yes;
  }
  void notifyBlockProgress(long, long) override {
    writing = true;
    if (calls.empty() || calls.back() != "Block") calls.push_back("Block");
  }
  void notifyPreparingBurn(long) override { calls.push_back("Preparing"); }
  void notifyClosingDisc(long) override {
    closing = true;
    calls.push_back("Closing");
  }
  void notifyBurnComplete(ResultCode c) override { calls.push_back("Complete:" + std::string(resultCodeName(c))); }
};

class CancelWhileClosingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-api-close-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data" / "big.bin", std::ios::binary) << std::string(3u << 20, 'x');
    std::ofstream(dir_ / "data" / "readme.txt", std::ios::binary) << "closing is waited out\n";
    source_.add("virtual:default");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Stages the folder and records it with `type`, `sink` listening.
  Status record(RecordWriteType type, CancelWhenClosing& sink) {
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    DiscMaster m(source_, o);
    EXPECT_TRUE(m.open().ok());
    EXPECT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    auto list = m.recorders();
    EXPECT_TRUE(list.ok() && !list->empty());
    EXPECT_TRUE(m.setActiveRecorder(list->front()).ok());
    RecordOptions ro;
    ro.write_type = type;
    EXPECT_TRUE(m.setRecordOptions(ro).ok());
    auto joliet = m.joliet();
    EXPECT_TRUE(joliet.ok());
    EXPECT_TRUE((*joliet)->addData(dir_ / "data", false).ok());
    EXPECT_TRUE(m.progressAdvise(&sink).ok());
    return m.recordDisc(false, false);
  }

  const vrec::Medium& medium() { return source_.device("virtual:default").medium(); }

  fs::path dir_;
  VirtualSource source_;
};

TEST_F(CancelWhileClosingTest, TrackAtOnceWaitsTheCloseOutAndCompletes) {
  CancelWhenClosing sink;
  const Status s = record(RecordWriteType::kTrackAtOnce, sink);
  EXPECT_TRUE(s.ok()) << s.toString();
  EXPECT_EQ(sink.calls,
            (std::vector<std::string>{"Preparing", "Block", "Closing", "QueryCancel:true", "Complete:S_OK"}));
  EXPECT_GE(sink.polls_while_closing, 1);
  // The session was closed (IMAPI leaves a data disc open for another session): one complete
  // session holding every block.
  ASSERT_EQ(medium().sessions().size(), 1u);
  EXPECT_TRUE(medium().sessions().front().closed);
  ASSERT_EQ(medium().tracks().size(), 1u);
  EXPECT_GE(medium().tracks().front().recorded_sectors, (3u << 20) / 2048);
}

TEST_F(CancelWhileClosingTest, DiscAtOnceWaitsTheLeadOutAndCompletes) {
  CancelWhenClosing sink;
  const Status s = record(RecordWriteType::kDiscAtOnce, sink);
  EXPECT_TRUE(s.ok()) << s.toString();
  EXPECT_EQ(sink.calls,
            (std::vector<std::string>{"Preparing", "Block", "Closing", "QueryCancel:true", "Complete:S_OK"}));
  EXPECT_GE(sink.polls_while_closing, 1);
  ASSERT_EQ(medium().sessions().size(), 1u);
  EXPECT_TRUE(medium().sessions().front().closed);
  ASSERT_EQ(medium().tracks().size(), 1u);
  EXPECT_TRUE(medium().tracks().front().session_at_once);
}

TEST_F(CancelWhileClosingTest, ACancelWhileWritingStillStopsTheBurn) {
  CancelWhenClosing sink;
  sink.during_writing = true;
  const Status s = record(RecordWriteType::kTrackAtOnce, sink);
  EXPECT_EQ(s.code(), ResultCode::kUserAbort) << s.toString();
  EXPECT_EQ(sink.calls.back(), "Complete:IMAPI_E_USERABORT");
  EXPECT_EQ(std::find(sink.calls.begin(), sink.calls.end(), "Closing"), sink.calls.end());
  EXPECT_EQ(sink.polls_while_closing, 0);
}

}  // namespace
}  // namespace dm::api
