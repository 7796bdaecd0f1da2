// What `discmaster burn` shares between its data path (burn_command.cc) and its audio path
// (audio_burn.cc): the parsed options, the outcome handed to the result line, and small helpers.
#pragma once

#include <optional>
#include <string>

#include "engine/base/result.h"
#include "engine/burn/tao_burner.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/output.h"
#include "tools/discmaster/staging.h"

namespace dm::cli {

struct BurnCliOptions {
  DeviceChoice device;
  StageOptions stage;  // with --audio, stage.paths are the audio files in track order
  burn::BurnOptions burn;
  std::string speed;  // "16" or "16x"; empty = maximum
  bool audio = false;
  bool tao = false, dao = false, raw = false, no_bufe = false, dry_run = false, json = false;
  bool yes = false;  // real drives: no confirmation question
  std::optional<uint32_t> gap_blocks;  // --audio --dao: pregap between tracks (default 150)
  std::string export_image, trace_file;
};

struct Outcome {
  Status status;
  Json fields = Json::object();
  bool input_error = false;  // the PATHs could not be staged: exit 3 whatever the code
};

// Returns the Outcome of a failed Status from a function returning Outcome.
#define DM_TRY_OUTCOME(expr)                  \
  do {                                        \
    if (::dm::Status s_ = (expr); !s_.ok()) { \
      return ::dm::cli::Outcome{s_};          \
    }                                         \
  } while (false)

// The write type the flags ask for, or an error when they exclude each other.
Result<const char*> chosenWriteType(const BurnCliOptions& o);  // "TAO", "DAO", "RAW" or "" (default)

// "16", "16x" or "max"/empty (nullopt) → the speed multiple.
Result<std::optional<double>> parseSpeed(const std::string& text);
Status writeFile(const std::string& path, const std::string& text);

// `burn --audio`: every PATH an audio file, one TAO track each.
Outcome runAudioBurn(BurnCliOptions& options, const Output& out);

}  // namespace dm::cli
