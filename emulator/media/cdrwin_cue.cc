// The cue sheet parser (see cdrwin_cue.h): a line at a time, tokens with their columns, every value
// checked where it stands so the error can point at it.
#include "emulator/media/cdrwin_cue.h"

#include <algorithm>
#include <cctype>

namespace vrec {
namespace {

struct Token {
  std::string text;
  int column = 0;
  bool quoted = false;
};

struct Failure {
  CdrwinPlace place;
  std::string what;
};

// Splits a line into words and "quoted strings"; an unterminated quote is an error.
std::optional<Failure> tokenize(std::string_view line, int line_number, std::vector<Token>& out) {
  size_t i = 0;
  while (i < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[i])) != 0) {
      ++i;
      continue;
    }
    Token t;
    t.column = static_cast<int>(i) + 1;
    if (line[i] == '"') {
      const size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) return Failure{{line_number, t.column}, "unterminated quoted string"};
      t.text = std::string(line.substr(i + 1, end - i - 1));
      t.quoted = true;
      i = end + 1;
    } else {
      size_t end = i;
      while (end < line.size() && std::isspace(static_cast<unsigned char>(line[end])) == 0) ++end;
      t.text = std::string(line.substr(i, end - i));
      i = end;
    }
    out.push_back(std::move(t));
  }
  return std::nullopt;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::optional<int64_t> parseMsf(std::string_view s) {
  // mm:ss:ff with two or more minute digits, seconds < 60, frames < 75.
  const size_t a = s.find(':');
  const size_t b = a == std::string_view::npos ? a : s.find(':', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const std::string_view m = s.substr(0, a);
  const std::string_view sec = s.substr(a + 1, b - a - 1);
  const std::string_view f = s.substr(b + 1);
  if (!allDigits(m) || m.size() > 3 || !allDigits(sec) || sec.size() != 2 || !allDigits(f) || f.size() != 2) {
    return std::nullopt;
  }
  const int64_t mv = std::stoll(std::string(m));
  const int64_t sv = std::stoll(std::string(sec));
  const int64_t fv = std::stoll(std::string(f));
  if (sv >= 60 || fv >= 75) return std::nullopt;
  return (mv * 60 + sv) * 75 + fv;
}

bool validIsrc(std::string_view s) {
  if (s.size() != 12) return false;
  for (size_t i = 0; i < 12; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool ok = i < 5 ? (std::isdigit(c) != 0 || (c >= 'A' && c <= 'Z')) : std::isdigit(c) != 0;
    if (!ok) return false;
  }
  return true;
}

class Parser {
 public:
  Parser(CdrwinSheet& sheet, bool audio_files) : sheet_(sheet), audio_files_(audio_files) {}

  std::optional<Failure> line(int number, const std::vector<Token>& tokens);
  std::optional<Failure> finish(int last_line);

 private:
  std::optional<Failure> needArgs(int number, const std::vector<Token>& t, size_t count, const char* usage) const {
    if (t.size() >= count + 1) return std::nullopt;
    const int column = t.back().column + static_cast<int>(t.back().text.size());
    return Failure{{number, column}, std::string("expected ") + usage};
  }
  std::optional<Failure> closeTrack();
  CdrwinTrack* track() { return sheet_.tracks.empty() ? nullptr : &sheet_.tracks.back(); }

  CdrwinSheet& sheet_;
  bool audio_files_ = false;
  uint16_t session_ = 1;
};

std::optional<Failure> Parser::closeTrack() {
  CdrwinTrack* t = track();
  if (t == nullptr) return std::nullopt;
  const bool has_one = std::any_of(t->indexes.begin(), t->indexes.end(), [](const CdrwinIndex& i) { return i.number == 1; });
  if (!has_one) return Failure{t->place, "track " + std::to_string(t->number) + " has no INDEX 01"};
  return std::nullopt;
}

std::optional<Failure> Parser::line(int n, const std::vector<Token>& t) {
  const std::string command = upper(t[0].text);
  const auto at = [n](const Token& token) { return CdrwinPlace{n, token.column}; };
  if (command == "REM") {
    if (t.size() >= 3 && upper(t[1].text) == "SESSION") {
      if (!allDigits(t[2].text) || std::stoi(t[2].text) < 1 || std::stoi(t[2].text) > 99) {
        return Failure{at(t[2]), "session number '" + t[2].text + "' is not 1-99"};
      }
      const int s = std::stoi(t[2].text);
      if (s != session_ && s != session_ + 1) return Failure{at(t[2]), "sessions must count up by one"};
      if (s != session_ && sheet_.tracks.empty()) return Failure{at(t[2]), "the first session must be 01"};
      session_ = static_cast<uint16_t>(s);
    }
    return std::nullopt;
  }
  if (command == "CATALOG") {
    if (auto f = needArgs(n, t, 1, "a 13-digit media catalog number")) return f;
    if (!allDigits(t[1].text) || t[1].text.size() != 13) return Failure{at(t[1]), "CATALOG needs 13 digits, got '" + t[1].text + "'"};
    sheet_.catalog = t[1].text;
    return std::nullopt;
  }
  if (command == "FILE") {
    if (auto f = needArgs(n, t, 2, "FILE \"name\" BINARY")) return f;
    const std::string type = upper(t[2].text);
    const bool audio_type = type == "WAVE" || type == "AIFF" || type == "FLAC" || type == "MP3";
    if (type != "BINARY" && !(audio_files_ && audio_type)) {
      return Failure{at(t[2]), "file type '" + t[2].text + "' is not supported (" +
                                   (audio_files_ ? "BINARY, WAVE, AIFF, FLAC or MP3" : "only BINARY: raw sectors, little-endian audio") + ")"};
    }
    if (auto f = closeTrack()) return f;
    sheet_.files.push_back(CdrwinFile{t[1].text, at(t[1]), type});
    return std::nullopt;
  }
  if (command == "TRACK") {
    if (auto f = needArgs(n, t, 2, "TRACK nn MODE")) return f;
    if (sheet_.files.empty()) return Failure{at(t[0]), "TRACK before any FILE"};
    if (auto f = closeTrack()) return f;
    const int expected = sheet_.tracks.empty() ? 1 : sheet_.tracks.back().number + 1;
    if (!allDigits(t[1].text) || std::stoi(t[1].text) != expected) {
      return Failure{at(t[1]), "track number '" + t[1].text + "': expected " + std::to_string(expected) +
                                   " (tracks count up by one from 01, at most 99)"};
    }
    if (expected > 99) return Failure{at(t[1]), "more than 99 tracks"};
    CdrwinTrack track;
    track.number = static_cast<uint8_t>(expected);
    const std::string mode = upper(t[2].text);
    if (mode == "AUDIO") {
      track.mode = CdrwinTrackMode::kAudio;
    } else if (mode == "MODE1/2048") {
      track.mode = CdrwinTrackMode::kMode1Cooked;
    } else if (mode == "MODE1/2352") {
      track.mode = CdrwinTrackMode::kMode1Raw;
    } else if (mode == "MODE2/2352") {
      track.mode = CdrwinTrackMode::kMode2Raw;
    } else {
      return Failure{at(t[2]), "unknown track mode '" + t[2].text + "' (AUDIO, MODE1/2048, MODE1/2352, MODE2/2352)"};
    }
    if (track.mode != CdrwinTrackMode::kAudio && sheet_.files.back().type != "BINARY") {
      return Failure{at(t[2]), "a " + sheet_.files.back().type + " file holds audio: its tracks are AUDIO"};
    }
    track.file = sheet_.files.size() - 1;
    track.session = session_;
    track.place = at(t[0]);
    sheet_.tracks.push_back(std::move(track));
    return std::nullopt;
  }
  CdrwinTrack* tr = track();
  if (command == "TITLE" || command == "PERFORMER") {
    if (auto f = needArgs(n, t, 1, "a quoted string")) return f;
    std::string& target = tr == nullptr ? (command == "TITLE" ? sheet_.title : sheet_.performer)
                                        : (command == "TITLE" ? tr->title : tr->performer);
    target = t[1].text;
    return std::nullopt;
  }
  if (command == "SONGWRITER" || command == "COMPOSER" || command == "ARRANGER" || command == "MESSAGE" ||
      command == "CDTEXTFILE") {
    return std::nullopt;  // accepted; not carried into the disc
  }
  if (tr == nullptr) return Failure{at(t[0]), "'" + t[0].text + "' outside a TRACK"};
  if (command == "INDEX") {
    if (auto f = needArgs(n, t, 2, "INDEX nn mm:ss:ff")) return f;
    if (!allDigits(t[1].text) || t[1].text.size() > 2) return Failure{at(t[1]), "index number '" + t[1].text + "' is not 00-99"};
    const int number = std::stoi(t[1].text);
    const int expected = tr->indexes.empty() ? (number == 0 ? 0 : 1) : tr->indexes.back().number + 1;
    if (number != expected) {
      return Failure{at(t[1]), "INDEX " + t[1].text + ": expected INDEX " + (expected < 10 ? "0" : "") + std::to_string(expected)};
    }
    const auto frames = parseMsf(t[2].text);
    if (!frames) return Failure{at(t[2]), "time '" + t[2].text + "' is not mm:ss:ff (seconds < 60, frames < 75)"};
    const CdrwinTrack* previous = sheet_.tracks.size() > 1 ? &sheet_.tracks[sheet_.tracks.size() - 2] : nullptr;
    const int64_t floor = !tr->indexes.empty() ? tr->indexes.back().frames + 1
                          : (previous != nullptr && previous->file == tr->file) ? previous->indexes.back().frames + 1
                                                                                 : 0;
    if (*frames < floor) return Failure{at(t[2]), "INDEX time " + t[2].text + " is not after the previous index"};
    tr->indexes.push_back(CdrwinIndex{static_cast<uint8_t>(number), *frames, at(t[0])});
    return std::nullopt;
  }
  if (command == "PREGAP" || command == "POSTGAP") {
    if (auto f = needArgs(n, t, 1, "mm:ss:ff")) return f;
    const auto frames = parseMsf(t[1].text);
    if (!frames) return Failure{at(t[1]), "time '" + t[1].text + "' is not mm:ss:ff (seconds < 60, frames < 75)"};
    if (command == "PREGAP" && !tr->indexes.empty()) return Failure{at(t[0]), "PREGAP must come before the track's INDEX lines"};
    (command == "PREGAP" ? tr->pregap : tr->postgap) = static_cast<uint32_t>(*frames);
    return std::nullopt;
  }
  if (command == "ISRC") {
    if (auto f = needArgs(n, t, 1, "a 12-character ISRC")) return f;
    if (!validIsrc(t[1].text)) {
      return Failure{at(t[1]), "ISRC '" + t[1].text + "' is not 5 letters/digits and 7 digits (e.g. USRC17607839)"};
    }
    tr->isrc = t[1].text;
    return std::nullopt;
  }
  if (command == "FLAGS") {
    for (size_t i = 1; i < t.size(); ++i) {
      const std::string flag = upper(t[i].text);
      if (flag == "DCP") {
        tr->dcp = true;
      } else if (flag == "PRE") {
        tr->pre = true;
      } else if (flag == "4CH") {
        tr->four_channel = true;
      } else if (flag != "SCMS") {
        return Failure{at(t[i]), "unknown flag '" + t[i].text + "' (DCP, PRE, 4CH, SCMS)"};
      }
    }
    return std::nullopt;
  }
  return Failure{at(t[0]), "unknown command '" + t[0].text + "'"};
}

std::optional<Failure> Parser::finish(int last_line) {
  if (auto f = closeTrack()) return f;
  if (sheet_.tracks.empty()) return Failure{{last_line, 1}, "the cue sheet has no TRACK"};
  for (size_t i = 0; i < sheet_.files.size(); ++i) {
    const bool used = std::any_of(sheet_.tracks.begin(), sheet_.tracks.end(), [i](const CdrwinTrack& t) { return t.file == i; });
    if (!used) return Failure{sheet_.files[i].place, "FILE '" + sheet_.files[i].name + "' has no TRACK"};
  }
  return std::nullopt;
}

}  // namespace

int64_t CdrwinTrack::indexOneFrame() const {
  for (const CdrwinIndex& i : indexes) {
    if (i.number == 1) return i.frames;
  }
  return indexes.front().frames;
}

std::string_view cdrwinTrackModeName(CdrwinTrackMode mode) {
  switch (mode) {
    case CdrwinTrackMode::kAudio: return "AUDIO";
    case CdrwinTrackMode::kMode1Cooked: return "MODE1/2048";
    case CdrwinTrackMode::kMode1Raw: return "MODE1/2352";
    default: return "MODE2/2352";
  }
}

CdrwinParse parseCdrwinSheet(std::string_view text, const std::string& name, bool audio_files) {
  CdrwinSheet sheet;
  Parser parser(sheet, audio_files);
  int number = 0;
  size_t start = 0;
  const auto fail = [&name](const Failure& f) {
    return CdrwinParse{std::nullopt, name + ":" + std::to_string(f.place.line) + ":" + std::to_string(f.place.column) + ": " + f.what};
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // a UTF-8 byte order mark
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    std::vector<Token> tokens;
    if (auto f = tokenize(line, number, tokens)) return fail(*f);
    if (!tokens.empty()) {
      if (auto f = parser.line(number, tokens)) return fail(*f);
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  if (auto f = parser.finish(number)) return fail(*f);
  return CdrwinParse{std::move(sheet), {}};
}

}  // namespace vrec
