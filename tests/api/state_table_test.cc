// The IMAPI state table (imapi.md §5.2): every DiscMaster, JolietFormat and RedbookFormat call in
// every state a program can reach, against the result code IMAPI documents. Each cell starts from
// a fresh DiscMaster brought to its state, so no cell depends on another. Checks run in IMAPI's
// order: opened → format set → recorder set → format matches → track open / not open.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <optional>

#include "engine/api/disc_master.h"
#include "tests/api/api_test_support.h"

namespace dm::api {
namespace {
namespace fs = std::filesystem;

enum State { kNeverOpened, kOpened, kJoliet, kJolietRecorder, kRedbook, kRedbookRecorder, kTrackOpen, kClosed, kStates };
constexpr const char* kStateNames[kStates] = {"never opened",         "opened",      "Joliet",
                                              "Joliet + recorder",    "Red Book",    "Red Book + recorder",
                                              "Red Book, track open", "closed again"};

// A DiscMaster brought to one state, with the format objects it handed out on the way there.
struct World {
  VirtualSource source;
  std::unique_ptr<DiscMaster> master;
  JolietFormat* joliet = nullptr;
  RedbookFormat* redbook = nullptr;
  Recorder* recorder = nullptr;
};

class StateTable : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dm-state-table-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data" / "file.txt") << "staged\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<World> reach(State state) {
    auto w = std::make_unique<World>();
    w->source.add("virtual:default");
    DiscMasterOptions o;
    o.stash_dir = dir_ / "stash";
    o.now = [] { return std::chrono::sys_seconds(std::chrono::seconds(1700000000)); };
    w->master = std::make_unique<DiscMaster>(w->source, o);
    DiscMaster& m = *w->master;
    if (state == kNeverOpened) return w;
    EXPECT_TRUE(m.open().ok());
    if (state == kOpened) return w;
    if (state == kClosed) {
      EXPECT_TRUE(m.close().ok());
      return w;
    }
    // Both format objects exist once a format was chosen; hand out both, then settle on one.
    EXPECT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
    w->redbook = *m.redbook();
    EXPECT_TRUE(m.setActiveFormat(Format::kJoliet).ok());
    w->joliet = *m.joliet();
    const bool redbook = state == kRedbook || state == kRedbookRecorder || state == kTrackOpen;
    if (redbook) {
      EXPECT_TRUE(m.setActiveFormat(Format::kRedbook).ok());
    }
    if (state == kJoliet || state == kRedbook) return w;
    w->recorder = m.recorders()->front();
    EXPECT_TRUE(m.setActiveRecorder(w->recorder).ok());
    if (state == kTrackOpen) {
      EXPECT_TRUE(w->redbook->createAudioTrack(300).ok());
    }
    return w;
  }

  fs::path dir_;
};

using Call = std::function<ResultCode(World&)>;
template <typename T>
ResultCode code(const Result<T>& r) {
  return r.ok() ? ResultCode::kOk : r.error().code();
}

constexpr ResultCode OK = ResultCode::kOk;
constexpr ResultCode NOTOPENED = ResultCode::kNotOpened;
constexpr ResultCode ALREADYOPEN = ResultCode::kAlreadyOpen;
constexpr ResultCode NOFORMAT = ResultCode::kNoActiveFormat;
constexpr ResultCode NORECORDER = ResultCode::kNoActiveRecorder;
constexpr ResultCode WRONGFORMAT = ResultCode::kWrongFormat;
constexpr ResultCode TRACKOPEN = ResultCode::kTrackOpen;
constexpr ResultCode TRACKNOTOPEN = ResultCode::kTrackNotOpen;
constexpr ResultCode NOTBIG = ResultCode::kTrackNotBigEnough;
constexpr ResultCode INVALIDIMAGE = ResultCode::kInvalidImage;
constexpr ResultCode INVALIDARG = ResultCode::kInvalidArgument;
constexpr std::optional<ResultCode> NA = std::nullopt;  // the object cannot be had in this state

struct Row {
  const char* method;
  Call call;
  std::array<std::optional<ResultCode>, kStates> expected;
};

TEST_F(StateTable, EveryCallInEveryState) {
  const std::vector<uint8_t> block(2352);
  const std::vector<Row> rows{
      // method                     call                                                           never       opened      Joliet      J+rec       RedBook     RB+rec      track open  closed
      {"open", [](World& w) { return w.master->open().code(); },                                  {OK,         ALREADYOPEN, ALREADYOPEN, ALREADYOPEN, ALREADYOPEN, ALREADYOPEN, ALREADYOPEN, OK}},
      {"close", [](World& w) { return w.master->close().code(); },                                {OK,         OK,         OK,         OK,         OK,         OK,         OK,         OK}},
      {"formats", [](World& w) { return code(w.master->formats()); },                             {NOTOPENED,  OK,         OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"activeFormat", [](World& w) { return code(w.master->activeFormat()); },                   {NOTOPENED,  NOFORMAT,   OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"setActiveFormat", [](World& w) { return w.master->setActiveFormat(Format::kJoliet).code(); }, {NOTOPENED, OK,       OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"joliet", [](World& w) { return code(w.master->joliet()); },                               {NOTOPENED,  NOFORMAT,   OK,         OK,         WRONGFORMAT, WRONGFORMAT, WRONGFORMAT, NOTOPENED}},
      {"redbook", [](World& w) { return code(w.master->redbook()); },                             {NOTOPENED,  NOFORMAT,   WRONGFORMAT, WRONGFORMAT, OK,        OK,         OK,         NOTOPENED}},
      {"recorders", [](World& w) { return code(w.master->recorders()); },                         {NOTOPENED,  NOFORMAT,   OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"setActiveRecorder", [](World& w) {
         auto list = w.master->recorders();
         return list.ok() ? w.master->setActiveRecorder(list->front()).code() : list.error().code(); },
                                                                                                  {NOTOPENED,  NOFORMAT,   OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"activeRecorder", [](World& w) { return code(w.master->activeRecorder()); },               {NOTOPENED,  NOFORMAT,   NORECORDER, OK,         NORECORDER, OK,         OK,         NOTOPENED}},
      {"clearFormatContent", [](World& w) { return w.master->clearFormatContent().code(); },      {NOTOPENED,  NOFORMAT,   OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"progressAdvise", [](World& w) { static Recording sink; return code(w.master->progressAdvise(&sink)); },
                                                                                                  {NOTOPENED,  OK,         OK,         OK,         OK,         OK,         OK,         NOTOPENED}},
      {"progressUnadvise", [](World& w) { return w.master->progressUnadvise(999).code(); },       {NOTOPENED,  INVALIDARG, INVALIDARG, INVALIDARG, INVALIDARG, INVALIDARG, INVALIDARG, NOTOPENED}},
      {"recordDisc", [](World& w) { return w.master->recordDisc(true, false).code(); },           {NOTOPENED,  NOFORMAT,   NORECORDER, INVALIDIMAGE, NORECORDER, INVALIDIMAGE, TRACKOPEN, NOTOPENED}},
      {"totalDataBlocks", [](World& w) { return code(w.joliet->totalDataBlocks()); },             {NA,         NA,         NORECORDER, OK,         NORECORDER, WRONGFORMAT, WRONGFORMAT, NA}},
      {"usedDataBlocks", [](World& w) { return code(w.joliet->usedDataBlocks()); },               {NA,         NA,         NORECORDER, OK,         NORECORDER, WRONGFORMAT, WRONGFORMAT, NA}},
      {"addData", [this](World& w) { return w.joliet->addData(dir_ / "data", false).code(); },    {NA,         NA,         NORECORDER, OK,         NORECORDER, WRONGFORMAT, WRONGFORMAT, NA}},
      {"totalAudioTracks", [](World& w) { return code(w.redbook->totalAudioTracks()); },          {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, OK,        OK,         NA}},
      {"totalAudioBlocks", [](World& w) { return code(w.redbook->totalAudioBlocks()); },          {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, OK,        OK,         NA}},
      {"usedAudioBlocks", [](World& w) { return code(w.redbook->usedAudioBlocks()); },            {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, OK,        OK,         NA}},
      {"availableAudioTrackBlocks", [](World& w) { return code(w.redbook->availableAudioTrackBlocks()); },
                                                                                                  {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, OK,        OK,         NA}},
      {"createAudioTrack", [](World& w) { return w.redbook->createAudioTrack(300).code(); },      {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, OK,        TRACKOPEN,  NA}},
      {"addAudioTrackBlocks", [&block](World& w) { return w.redbook->addAudioTrackBlocks(block).code(); },
                                                                                                  {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, TRACKNOTOPEN, OK,      NA}},
      {"closeAudioTrack", [](World& w) { return w.redbook->closeAudioTrack().code(); },          {NA,         NA,         NORECORDER, WRONGFORMAT, NORECORDER, TRACKNOTOPEN, NOTBIG,  NA}},
  };
  int cells = 0;
  for (const Row& row : rows) {
    for (int s = 0; s < kStates; ++s) {
      if (!row.expected[s]) continue;
      std::unique_ptr<World> w = reach(static_cast<State>(s));
      const ResultCode got = row.call(*w);
      EXPECT_EQ(resultCodeName(got), resultCodeName(*row.expected[s])) << row.method << " in state '" << kStateNames[s] << "'";
      ++cells;
    }
  }
  EXPECT_EQ(cells, 14 * kStates + 10 * 5);
}

}  // namespace
}  // namespace dm::api
