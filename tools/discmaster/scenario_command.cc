// `discmaster scenario run FILE|DIR... [--out DIR] [--junit FILE] [--shard K/N] [--json]` and
// `discmaster scenario list DIR`: load scenario files (all of them first: a file that does not
// load stops the run before anything burns, exit 3), run the shard's share, print PASS/FAIL with
// every failed clause and its observed value, and write JUnit XML. Exit 0 only if every
// expectation held, 7 if any did not.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

#include "tools/discmaster/commands.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"
#include "tools/scenario/scenario_loader.h"
#include "tools/scenario/scenario_outputs.h"
#include "tools/scenario/scenario_runner.h"

namespace dm::cli {
namespace {

namespace fs = std::filesystem;
using scenario::Scenario;
using scenario::ScenarioOutcome;

struct ScenarioCliOptions {
  std::vector<std::string> paths;
  std::string out = "scenario-out";
  std::string junit;
  std::string shard;
  bool json = false;
};

struct Shard {
  size_t index = 0, count = 1;  // this is shard index+1 of count
};

Result<Shard> parseShard(const std::string& text) {
  if (text.empty()) return Shard{};
  unsigned k = 0, n = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%u%c%u%c", &k, &slash, &n, &extra) == 3 && slash == '/' && n >= 1 && k >= 1 && k <= n)
    return Shard{k - 1, n};
  return Status(ResultCode::kInvalidArgument, fmt::format("--shard {}: expected K/N with 1 <= K <= N, e.g. 2/4", text));
}

std::string junitXml(const std::vector<ScenarioOutcome>& outcomes) {
  size_t failures = 0;
  for (const auto& o : outcomes) failures += o.passed() ? 0 : 1;
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuite name=\"discmaster-scenarios\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", outcomes.size(), failures);
  for (const auto& o : outcomes) {
    // time is the burn's virtual time: the file stays the same run to run.
    xml += fmt::format("  <testcase classname=\"scenario\" name=\"{}\" time=\"{:.3f}\"", scenario::xmlEscape(o.name), o.virtual_seconds);
    if (o.passed()) {
      xml += "/>\n";
      continue;
    }
    std::string lines;
    for (const std::string& f : o.failures()) lines += f + "\n";
    xml += fmt::format(">\n    <failure message=\"{}\">{}</failure>\n  </testcase>\n", scenario::xmlEscape(o.failures().front()), scenario::xmlEscape(lines));
  }
  return xml + "</testsuite>\n";
}

int runCommand(const ScenarioCliOptions& o, const Output& out) {
  auto shard = parseShard(o.shard);
  if (!shard) {
    out.result(shard.error(), kExitUsage, 0);
    return kExitUsage;
  }
  std::vector<fs::path> inputs(o.paths.begin(), o.paths.end());
  const std::vector<fs::path> files = scenario::scenarioFiles(inputs);
  // Load everything first: nothing runs from a set with a file that does not load.
  std::vector<Scenario> loaded;
  std::vector<std::string> errors;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i % shard->count != shard->index) continue;
    auto s = scenario::loadScenario(files[i]);
    if (s) loaded.push_back(std::move(*s));
    else errors.push_back(s.error().message());
  }
  if (!errors.empty()) {
    for (const std::string& e : errors) {
      if (out.json()) out.event("load_error", 0, {{"message", e}});
      else std::cerr << e << '\n';
    }
    out.result(Status(ResultCode::kInvalidArgument, fmt::format("{} scenario file(s) did not load; nothing ran", errors.size())),
               kExitInput, 0);
    return kExitInput;
  }
  std::vector<ScenarioOutcome> outcomes;
  size_t failed = 0;
  for (const Scenario& s : loaded) {
    ScenarioOutcome r = scenario::runScenario(s, {o.out});
    failed += r.passed() ? 0 : 1;
    if (out.json()) {
      Json clauses = Json::array();
      for (const auto& c : r.clauses)
        clauses.push_back({{"clause", c.clause}, {"expected", c.expected}, {"observed", c.observed}, {"held", c.held}});
      out.event("scenario", r.virtual_seconds,
                {{"name", r.name}, {"passed", r.passed()}, {"burn_result", r.result}, {"error", r.error}, {"clauses", clauses}});
    } else {
      out.text(fmt::format("{} {}  ({}, {:.2f} s virtual)\n", r.passed() ? "PASS" : "FAIL", r.name, r.result, r.virtual_seconds));
      for (const std::string& f : r.failures()) out.text(fmt::format("  {}: {}\n", s.file.string(), f));
    }
    outcomes.push_back(std::move(r));
  }
  if (!o.junit.empty()) {
    if (Status st = scenario::writeText(o.junit, junitXml(outcomes)); !st.ok()) {
      out.result(st, kExitFailed, 0);
      return kExitFailed;
    }
  }
  const int code = failed == 0 ? kExitOk : kExitScenario;
  const Status status = failed == 0 ? Status::Ok()
                                    : Status(ResultCode::kGeneric, fmt::format("{} of {} scenario(s) failed", failed, outcomes.size()));
  out.result(status, code, 0, {{"scenarios", outcomes.size()}, {"failed", failed}});
  return code;
}

int listCommand(const std::string& dir, const Output& out) {
  int code = kExitOk;
  for (const fs::path& file : scenario::scenarioFiles({fs::path(dir)})) {
    auto s = scenario::loadScenario(file);
    if (!s) {
      code = kExitInput;
      if (out.json()) out.event("load_error", 0, {{"message", s.error().message()}});
      else std::cerr << s.error().message() << '\n';
      continue;
    }
    std::string tags;
    for (const auto& t : s->tags) tags += (tags.empty() ? "" : ",") + t;
    if (out.json()) out.event("scenario", 0, {{"name", s->name}, {"tags", s->tags}, {"description", s->description}});
    else out.text(fmt::format("{:<40} {:<28} {}\n", s->name, tags, s->description));
  }
  out.result(code == kExitOk ? Status::Ok() : Status(ResultCode::kInvalidArgument, "some scenario files did not load"), code, 0);
  return code;
}

}  // namespace

void addScenarioCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("scenario", "Run or list YAML burn scenarios on virtual recorders");
  cmd->require_subcommand(1);
  auto o = std::make_shared<ScenarioCliOptions>();
  auto* run = cmd->add_subcommand("run", "Run scenario files (a folder: its *.yaml) and check their expectations");
  run->footer(
      "\nExit 0 if every expectation held, 7 if any did not, 3 if a file did not load (then nothing runs).\n"
      "Examples:\n"
      "  discmaster scenario run scenarios/library\n"
      "  discmaster scenario run --out out --junit out/junit.xml --shard 1/4 scenarios/library\n");
  run->add_option("paths", o->paths, "Scenario files or folders")->required();
  run->add_option("--out", o->out, "Outputs go to DIR/<name>/ (trace.txt, trace.csv, report.json, plot.svg)")->capture_default_str();
  run->add_option("--junit", o->junit, "Write JUnit XML, one testcase per scenario");
  run->add_option("--shard", o->shard, "Run only shard K of N (files in order, every N-th from K)");
  run->add_flag("--json", o->json, "JSON Lines on stdout; the last object is the result");
  run->callback([o, &exit_code] { exit_code = runCommand(*o, Output(o->json)); });

  auto dir = std::make_shared<std::string>();
  auto list_json = std::make_shared<bool>(false);
  auto* list = cmd->add_subcommand("list", "List the scenarios in DIR: name, tags, description");
  list->footer("\nExample:\n  discmaster scenario list scenarios/library\n");
  list->add_option("dir", *dir, "A folder of scenario files")->required();
  list->add_flag("--json", *list_json, "JSON Lines on stdout");
  list->callback([dir, list_json, &exit_code] { exit_code = listCommand(*dir, Output(*list_json)); });
}

}  // namespace dm::cli
