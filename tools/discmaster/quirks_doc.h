// The Markdown page of the firmware quirk catalogue, generated from emulator/quirks/quirk.cc;
// emulator/quirks/CATALOGUE.md is this text, and a test keeps the two equal.
#pragma once

#include <string>

namespace dm::cli {

std::string quirkCatalogueMarkdown();

}  // namespace dm::cli
