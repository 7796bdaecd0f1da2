// The expectations about the disc's table of contents: `expect.toc` (each track's index 1 address,
// length and ISRC as the recorder holds them), `expect.catalog` (the Media Catalog Number) and
// `expect.exported_cue_matches` (the disc exported as BIN/CUE, read back by cd-info, an independent
// reader, has the same track starts, kinds and lead-out), `expect.exported_tracks_match_source`
// (that BIN/CUE split by bchunk: each audio track equals its source bit for bit, each data track
// too and isoinfo reads its volume), `expect.cd_info_reads_disc` (cd-info reading the disc through
// the SG_IO bridge lists the recorder's tracks, kinds and session starts), and the export a reader
// mounting the last session sees.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/burn/dao_layout.h"

#include "emulator/media/medium.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/scenario_runner.h"

namespace dm::scenario {

// Appends the clauses `e` asks for; `scratch` is a folder for the exported image (removed after).
// `sources`: the tracks as burned (a cue sheet's), for exported_tracks_match_source; or null.
// `profile`: the drive profile cd-info's recorder is made with.
void checkDiscLayout(ScenarioOutcome& o, const Expectations& e, const vrec::Medium& medium,
                     const std::filesystem::path& scratch, const burn::DaoDisc* sources, const std::string& profile);

// The last session's first data track as a reader mounting that session sees the disc (Linux's
// `mount -o sbsector=`, isoinfo -T): a file whose block N is the disc's block N — other blocks
// left as holes — with the session's volume descriptors also at blocks 16…, so isoinfo, xorriso
// and bsdtar find the session's file system and its absolute addresses. Returns why not.
std::optional<std::string> exportLastSessionIso(const vrec::Medium& medium, const std::filesystem::path& path);

}  // namespace dm::scenario
