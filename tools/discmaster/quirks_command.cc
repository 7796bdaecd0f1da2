// `discmaster quirks list|doc`: the firmware quirk catalogue of the virtual recorder
// (emulator/quirks/quirk.cc) as a table, as JSON Lines, or as the Markdown page checked in as
// emulator/quirks/CATALOGUE.md, so the page is always generated from the table and never edited.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include <string>

#include "emulator/quirks/quirk.h"
#include "tools/discmaster/commands.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"
#include "tools/discmaster/quirks_doc.h"

namespace dm::cli {
namespace {

void listQuirks(const Output& out) {
  Json names = Json::array();
  for (const vrec::QuirkInfo& q : vrec::allQuirks()) {
    names.push_back(std::string(q.name));
    out.event("quirk", 0.0,
              {{"name", q.name}, {"area", q.area}, {"summary", q.summary}, {"description", q.description},
               {"source", q.source}});
    out.text(fmt::format("{}\n  {} — {}\n  source: {}\n", q.name, q.area, q.summary, q.source));
  }
  out.text(fmt::format("{} quirks; switch them on in a drive profile with `quirks: [name, …]`\n", names.size()));
  out.result(Status::Ok(), kExitOk, 0.0, {{"count", names.size()}, {"quirks", names}});
}

}  // namespace

void addQuirksCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("quirks", "The virtual recorder's firmware quirk catalogue");
  cmd->require_subcommand(1);
  cmd->footer(
      "\nExamples:\n"
      "  discmaster quirks list\n"
      "  discmaster quirks list --json\n"
      "  discmaster quirks doc > emulator/quirks/CATALOGUE.md\n");
  auto* list = cmd->add_subcommand("list", "Name, area, summary and source of every quirk");
  auto json = std::make_shared<bool>(false);
  list->add_flag("--json", *json, "JSON Lines on stdout: one object per quirk, then the result");
  list->callback([json, &exit_code] {
    listQuirks(Output(*json));
    exit_code = kExitOk;
  });
  auto* doc = cmd->add_subcommand("doc", "The catalogue as a Markdown page (emulator/quirks/CATALOGUE.md)");
  doc->callback([&exit_code] {
    std::fputs(quirkCatalogueMarkdown().c_str(), stdout);
    exit_code = kExitOk;
  });
}

}  // namespace dm::cli
