// Scenario: one loaded scenario file as plain values (what scenarios/schema.yaml describes), and
// Comparison, an expectation such as "<20" or ">=1" or an exact value. The loader fills these;
// the runner only reads them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/result_code.h"

namespace dm::scenario {

inline constexpr int kScenarioSchema = 1;

struct Comparison {
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  Op op = Op::kEq;
  double value = 0;
  std::string text;  // as written, for messages: "<20"
  bool holds(double observed) const;
};

struct Stall {
  double at_fraction = 0;   // of the image's blocks, 0..1
  int64_t for_ns = 0;
};

// A generated audio track: `seconds` of a stereo tone (or, without tone_hz, noise from the seed).
struct AudioTrackSpec {
  double seconds = 5;
  std::optional<double> tone_hz;
};

struct Expectations {
  std::optional<ResultCode> result;
  std::optional<Comparison> underruns, relinks, sessions, tracks, min_buf_pct, virtual_seconds, blocks_written;
  std::optional<std::string> disc_state;
  std::optional<bool> image_matches_source, verified;
  std::vector<std::string> quirks_met;                   // names in the burn report's quirk lines
  std::vector<std::string> trace_contains, trace_lacks;  // substrings of trace lines
  std::vector<std::string> trace_order;                  // lines containing these, in this order
  std::optional<std::vector<std::string>> phases;        // the burn's phases, exactly, in order
  struct After {
    std::string after, lacks;  // no line containing `lacks` after the first containing `after`
  };
  std::vector<After> trace_after;
  // The disc's tracks afterwards: index 1 address and recorded length in sectors, ISRC if given.
  struct TocEntry {
    int32_t start = 0;
    uint32_t length = 0;
    std::optional<std::string> isrc;
    std::optional<int> control;  // the Q CONTROL nibble: 4 data, 0 audio (1 pre-emphasis, 2 copy)
  };
  std::optional<std::vector<TocEntry>> toc;
  std::optional<std::string> catalog;        // the disc's Media Catalog Number
  std::optional<bool> exported_cue_matches;  // cd-info reads the exported BIN/CUE's tracks as the TOC has them
  // The burn report says a cancel came while the drive closed the disc and was refused, and how
  // often QueryCancel was asked while the drive flushed or closed.
  std::optional<bool> cd_info_reads_disc;  // cd-info through the SG_IO bridge: the recorder's tracks and sessions
  std::optional<bool> exported_tracks_match_source;  // bchunk's split of the BIN/CUE equals the cue sheet's tracks
  std::optional<bool> cancel_refused;
  std::optional<Comparison> cancel_polls_closing;
};

struct Scenario {
  std::filesystem::path file;
  std::string name, description;
  std::vector<std::string> tags;
  uint64_t seed = 1;
  // drive
  std::string profile;
  std::optional<bool> underrun_protection;
  std::vector<std::string> quirks;  // catalogue names (emulator/quirks/quirk.h), checked by the loader
  // medium
  std::string medium_type = "cd-r80";
  std::string medium_state = "blank";
  int prior_sessions = 0;
  bool medium_type_given = false;
  // medium.image: a pre-recorded disc made from an .iso or a .cue (absolute path); the state is the
  // image's (closed) unless medium.state says appendable.
  std::filesystem::path medium_image;
  // stage: a folder, or a tree generated from a seed
  std::filesystem::path stage_folder;  // absolute; empty: generated
  uint64_t stage_seed = 1;
  int stage_files = 8;
  uint64_t stage_bytes = 1 << 20;
  std::string volume_name;
  std::vector<AudioTrackSpec> stage_audio;  // non-empty: an audio CD instead of a data image
  std::filesystem::path stage_cue;          // absolute; non-empty: the audio a CDRWIN cue sheet describes
  bool isAudio() const { return !stage_audio.empty() || !stage_cue.empty(); }
  // host
  std::optional<double> feed_bytes_per_second;
  double jitter_fraction = 0;  // 0..1: each chunk's feed time is scaled by 1 ± up to this, from the seed
  std::vector<Stall> stalls;
  // faults
  std::optional<double> cancel_at_fraction;  // the host cancels once this share of blocks is written
  std::string cancel_during;                 // or once the burn is in this phase: "flushing", "closing"
  struct EjectButton {
    double at_fraction = 0;
    bool emergency = false;  // the mechanical emergency eject, which no lock stops
  };
  std::optional<EjectButton> eject_button;
  // record
  bool simulate = false, bufe = true, verify = false, multisession = false;
  bool dao = false;  // record.write_type: dao (Session-At-Once with a cue sheet) instead of tao
  bool raw = false;  // record.write_type: raw (write type 3: the host writes lead-in, P-W and lead-out)
  std::optional<double> speed_x;
  std::string blank = "none";
  Expectations expect;
};

}  // namespace dm::scenario
