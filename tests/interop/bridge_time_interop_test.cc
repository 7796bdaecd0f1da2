// The bridge's virtual clock, seen from unmodified programs: their sleeps and clocks follow the
// recorder's time (tools/sgio_bridge/server.h), so a burn takes its emulated duration as the
// program measures it and a fraction of that on the wall, in every process and thread of the run;
// and the same run twice sends the same commands (wodim, single-threaded towards the drive, to
// the tick).
#include <chrono>
#include <regex>
#include <sstream>

#include "tests/interop/bridge_fixture.h"

namespace dm::interop {
namespace {

double number(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return -1;
  return std::stod(m[1].str());
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// The trace without its two time columns: which commands, with what parameters and outcome.
std::string commandsOf(const std::string& trace) {
  std::string out;
  std::istringstream in(trace);
  for (std::string line; std::getline(in, line);) {
    const size_t second_space = line.find(' ', line.find(' ') + 1);
    out += line.substr(second_space == std::string::npos ? 0 : second_space + 1) + "\n";
  }
  return out;
}

// commandsOf without the drive buffer's levels (" buf=N", READ BUFFER CAPACITY's " free=N"): when
// the host is threaded, how full the buffer is at a command depends on which thread ran first.
std::string commandsWithoutLevels(const std::string& trace) {
  std::string out = commandsOf(trace);
  for (const char* field : {" buf=", " free="}) {
    for (size_t at = out.find(field); at != std::string::npos; at = out.find(field, at)) {
      const size_t end = out.find_first_of(" \n", at + 1);
      out.erase(at, end - at);
    }
  }
  return out;
}

}  // namespace

class BridgeTime : public BridgeInterop {
 protected:
  // A 4 MB data image of incompressible bytes.
  std::string makeFourMegabyteIso() const {
    std::ofstream big(dir_ / "src" / "big.bin", std::ios::binary);
    uint32_t x = 12345;
    for (int i = 0; i < (4 << 20) / 4; ++i) {
      x = x * 1664525u + 1013904223u;
      big.write(reinterpret_cast<const char*>(&x), sizeof(x));
    }
    big.close();
    return makeIso();
  }

  struct Timed {
    ProcessResult result;
    double wall_seconds = 0;
    double virtual_seconds = 0;
  };
  static Timed timedEmulate(std::vector<std::string> options, const std::vector<std::string>& command) {
    options.push_back("--json");
    const auto start = std::chrono::steady_clock::now();
    Timed t;
    t.result = emulate(options, command);
    t.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    t.virtual_seconds = number(t.result.out, "\"virtual_seconds\":([0-9.e+-]+)");
    return t;
  }
};

TEST_F(BridgeTime, SleepsAndClocksInChildProcessesAreVirtual) {
  // sh forks date, sleep and date again: one clock for all of them, and `sleep 30` costs no wall time.
  const Timed t = timedEmulate({}, {"sh", "-c", "date +%s.%N; sleep 30; date +%s.%N"});
  ASSERT_EQ(t.result.exit_code, 0) << t.result.err;
  std::istringstream lines(t.result.out);
  double before = 0, after = 0;
  lines >> before >> after;
  EXPECT_NEAR(after - before, 30.0, 1e-6) << t.result.out;
  EXPECT_NEAR(t.virtual_seconds, 30.0, 1e-6) << t.result.out;
  EXPECT_LT(t.wall_seconds, 10.0);
}

TEST_F(BridgeTime, CdrskinBurnTakesVirtualTimeAndReportsTheEmulatedSpeed) {
  const std::string iso = makeFourMegabyteIso();
  const std::string out = path("exported.iso");
  const std::string trace = path("burn.trace");
  const Timed t = timedEmulate({"--trace", trace, "--export-image", out},
                               {"cdrskin", "-v", "dev=/dev/sr0", "-data", "-tao", iso});
  ASSERT_EQ(t.result.exit_code, 0) << t.result.out << t.result.err;
  EXPECT_NE(t.result.out.find("cdrskin: burning done"), std::string::npos) << t.result.out;
  judgeExport(out);
  // The burn, fixation included, takes seconds on the drive and a fraction of that on the wall
  // (about 0.1 s of 8 s on an idle 2-core machine; the bound leaves room for a loaded one).
  EXPECT_GT(t.virtual_seconds, 4.0) << t.result.out;
  EXPECT_LT(t.wall_seconds, t.virtual_seconds) << "wall " << t.wall_seconds;
  // cdrskin measures its own progress with gettimeofday: the last megabyte went at the drive's 48x.
  const double last_speed = number(t.result.out, "4 of +4 MB written[^\\]]*\\] +([0-9.]+)x");
  EXPECT_GT(last_speed, 40.0) << t.result.out;
  EXPECT_LT(last_speed, 56.0) << t.result.out;
  const double writing = number(t.result.out, "Writing +time: +([0-9.]+)s");
  EXPECT_GT(writing, 1.0) << t.result.out;
  EXPECT_LT(writing, t.virtual_seconds) << t.result.out;

  // A second, identical run sends the same commands in the same order; their times, and so the
  // buffer levels, may differ by the race between libburn's worker thread and cdrskin's main
  // thread (server.h).
  const std::string trace2 = path("burn2.trace");
  const Timed again = timedEmulate({"--trace", trace2}, {"cdrskin", "-v", "dev=/dev/sr0", "-data", "-tao", iso});
  ASSERT_EQ(again.result.exit_code, 0) << again.result.err;
  EXPECT_EQ(commandsWithoutLevels(slurp(trace)), commandsWithoutLevels(slurp(trace2)));
  // The race moves the end by tenths of a second on a loaded machine, never by a burn's worth.
  EXPECT_NEAR(again.virtual_seconds, t.virtual_seconds, 0.03 * t.virtual_seconds);
}

TEST_F(BridgeTime, WodimBurnRepeatsItsTraceToTheTick) {
  const std::string iso = makeFourMegabyteIso();
  std::string traces[2];
  double virtual_seconds[2] = {};
  for (int run = 0; run < 2; ++run) {
    const std::string trace = path("wodim" + std::to_string(run) + ".trace");
    const Timed t = timedEmulate({"--trace", trace}, {"wodim", "-v", "dev=/dev/sr0", "-data", "-tao", iso});
    ASSERT_EQ(t.result.exit_code, 0) << t.result.out << t.result.err;
    EXPECT_LT(t.wall_seconds, t.virtual_seconds) << "wall " << t.wall_seconds;
    // wodim's own report over its "Writing time" (1.73 s): 2129 sectors at the drive's 48x CLV
    // (0.6 s) plus the drive's start of writing and the final SYNCHRONIZE CACHE.
    const double average = number(t.result.out, "Average write speed +([0-9.]+)x");
    EXPECT_GT(average, 10.0) << t.result.out;
    EXPECT_LT(average, 48.5) << t.result.out;
    traces[run] = slurp(trace);
    virtual_seconds[run] = t.virtual_seconds;
  }
  EXPECT_FALSE(traces[0].empty());
  EXPECT_EQ(traces[0], traces[1]);
  EXPECT_EQ(virtual_seconds[0], virtual_seconds[1]);
}

}  // namespace dm::interop
