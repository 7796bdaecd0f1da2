// `discmaster emulate`: runs an unmodified program with a virtual recorder at /dev/srN. The command
// opens the recorder, serves it on a Unix socket in a fresh temp dir (tools/sgio_bridge/server.h),
// and runs CMD with LD_PRELOAD=libdiscmaster_sgio.so (tools/sgio_bridge/shim.cc) and the socket and
// device path in its environment; every process and thread CMD starts shares the one drive, on the
// recorder's virtual clock (server.h), and sees a one-device sysfs (fake_sysfs.h). When
// CMD exits, the medium is saved (--medium-file), exported (--export-image), the trace written
// (--trace), and emulate exits with CMD's status (128+signal if it was killed).
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "tools/discmaster/commands.h"
#include "tools/discmaster/device.h"
#include "tools/discmaster/exit_codes.h"
#include "tools/discmaster/output.h"
#include "tools/sgio_bridge/fake_sysfs.h"
#include "tools/sgio_bridge/protocol.h"
#include "tools/sgio_bridge/server.h"

namespace dm::cli {
namespace {

namespace fs = std::filesystem;

struct EmulateOptions {
  DeviceChoice device;
  std::string drive;  // --drive PROFILE: shorthand for -d virtual:PROFILE
  std::string as = "/dev/sr0";
  std::string trace_file, export_image;
  bool json = false;
  std::vector<std::string> command;
};

// The bridge library: $DISCMASTER_SGIO_LIB, else lib/ beside the binary's bin/, else the build tree.
fs::path shimPath() {
  if (const char* env = std::getenv("DISCMASTER_SGIO_LIB"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path() / "lib" / "libdiscmaster_sgio.so";
    if (fs::exists(beside, ec)) return beside;
  }
  return DM_SGIO_LIB_PATH;
}

bool validDevicePath(const std::string& p) {
  for (const char* prefix : {"/dev/sr", "/dev/scd", "/dev/sg"}) {
    const std::string_view pre(prefix);
    if (p.rfind(pre, 0) == 0 && p.size() > pre.size() &&
        p.find_first_not_of("0123456789", pre.size()) == std::string::npos) {
      return true;
    }
  }
  return false;
}

struct Outcome {
  Status status;
  int child_exit = -1;
  Json fields = Json::object();
};

Outcome runEmulate(EmulateOptions o) {
  if (!o.drive.empty()) o.device.device = "virtual:" + o.drive;
  if (o.command.empty()) return {Status(ResultCode::kInvalidArgument, "expected -- CMD ARGS...")};
  if (!validDevicePath(o.as)) {
    return {Status(ResultCode::kInvalidArgument, fmt::format("--as {}: expected /dev/srN, /dev/scdN or /dev/sgN", o.as))};
  }
  const fs::path shim = shimPath();
  std::error_code ec;
  if (!fs::exists(shim, ec)) {
    return {Status(ResultCode::kFileAccess, fmt::format("{}: the SG_IO bridge library is missing", shim.string()))};
  }
  auto dev = openDevice(o.device);
  if (!dev) return {dev.error()};
  if (Status s = dev->requireVirtual("emulate -d"); !s.ok()) return {s};

  char dir_template[] = "/tmp/discmaster-emulate-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) return {Status(ResultCode::kFileAccess, "mkdtemp failed")};
  const fs::path dir = dir_template;
  const fs::path socket = dir / "sgio.sock";
  std::ofstream(dir / sgio::kPlaceholderName).flush();
  std::ofstream(dir / sgio::kGenericPlaceholderName).flush();
  const auto n = static_cast<unsigned>(std::stoul(o.as.substr(o.as.find_first_of("0123456789"))));
  sgio::Server server(*dev->recorder);
  std::string setup_err = sgio::writeFakeSysfs(dir, n, dev->recorder->profile());
  if (setup_err.empty()) setup_err = server.listen(socket);
  if (!setup_err.empty()) {
    fs::remove_all(dir, ec);
    return {Status(ResultCode::kGeneric, fmt::format("emulate: {}", setup_err))};
  }
  server.start();

  // The child gets the bridge in front of whatever LD_PRELOAD it already had.
  std::string preload = shim.string();
  if (const char* old = std::getenv("LD_PRELOAD"); old != nullptr && *old != '\0') preload += std::string(":") + old;
  std::fflush(stdout);
  std::fflush(stderr);
  // Like a shell: the terminal's SIGINT/SIGQUIT are for the child; emulate waits for it.
  struct sigaction ignore{}, old_int{}, old_quit{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGINT, &ignore, &old_int);
  ::sigaction(SIGQUIT, &ignore, &old_quit);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
    ::setenv("LD_PRELOAD", preload.c_str(), 1);
    ::setenv(sgio::kSocketEnv, socket.c_str(), 1);
    ::setenv(sgio::kDeviceEnv, o.as.c_str(), 1);
    std::vector<char*> argv;
    for (std::string& a : o.command) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr, "discmaster emulate: %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  int wait_status = 0;
  if (pid > 0) {
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
  }
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  server.stop();
  fs::remove_all(dir, ec);
  if (pid < 0) return {Status(ResultCode::kGeneric, fmt::format("fork: {}", std::strerror(errno)))};

  Outcome out;
  out.child_exit = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  out.fields = {{"device", dev->name},
                {"as", o.as},
                {"child_exit", out.child_exit},
                {"commands", server.commandsServed()},
                {"rejected", server.commandsRejected()},
                {"sleeps", server.sleepsServed()},
                {"medium_after", dev->recorder->medium().describe()},
                {"virtual_seconds", static_cast<double>(dev->recorder->now()) / 1e9}};
  out.status = saveMedium(o.device, *dev);
  if (!o.trace_file.empty()) {
    std::ofstream f(o.trace_file, std::ios::binary);
    f << dev->recorder->traceText();
    if (!f && out.status.ok()) out.status = Status(ResultCode::kFileAccess, fmt::format("--trace {}: cannot write", o.trace_file));
  }
  if (!o.export_image.empty() && out.status.ok()) {
    if (auto err = dev->recorder->exportIso(o.export_image)) {
      out.status = Status(ResultCode::kFileAccess, fmt::format("--export-image: {}", err->message));
    }
  }
  return out;
}

}  // namespace

void addEmulateCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("emulate", "Run an unmodified program with a virtual recorder at /dev/srN");
  cmd->footer(
      "\nThe program runs with LD_PRELOAD=libdiscmaster_sgio.so: /dev/srN (and /dev/scdN, /dev/sgN) exist\n"
      "for it and its children, and SG_IO and the CD-ROM ioctls reach the virtual recorder. emulate exits\n"
      "with the program's exit status (128+signal if killed).\n"
      "\nExamples:\n"
      "  discmaster emulate -- cdrskin --devices\n"
      "  discmaster emulate --medium-file disc.vrec -- cdrskin -v dev=/dev/sr0 -data -tao hello.iso\n"
      "  discmaster emulate --medium-file disc.vrec -- cd-info --no-device-info /dev/sr0\n"
      "  discmaster emulate --medium-image album.cue -- cd-read --mode=audio --start=0 -n 75 -x t1.pcm /dev/sr0\n"
      "  discmaster emulate -d virtual:plextor-px-w5224a --export-image out.iso -- \\\n"
      "      xorriso -outdev /dev/sr0 -write_type tao -add docs/ --\n"
      "  discmaster emulate --as /dev/sr1 --trace run.trace -- wodim dev=/dev/sr1 -checkdrive\n");
  auto o = std::make_shared<EmulateOptions>();
  cmd->add_option("-d,--device", o->device.device, "virtual[:PROFILE]")->capture_default_str();
  cmd->add_option("--drive", o->drive, "Drive profile (scenarios/drives), same as -d virtual:PROFILE");
  cmd->add_option("--medium", o->device.medium, "Medium kind the virtual recorder starts with")->capture_default_str();
  cmd->add_option("--medium-file", o->device.medium_file,
                  "Load the disc from F if it exists (else start blank) and save it after the program exits");
  addMediumImageOption(*cmd, o->device);
  cmd->add_option("--as", o->as, "The device path the program sees (/dev/srN; /dev/scdN and /dev/sgN alias it)")
      ->capture_default_str();
  cmd->add_option("--quirk", o->device.quirks, "Switch a firmware quirk on (repeatable; discmaster quirks list)");
  cmd->add_option("--trace", o->trace_file, "Write the emulator's event trace to F");
  cmd->add_option("--export-image", o->export_image, "Write the medium's data track as an ISO after the program exits");
  cmd->add_flag("--json", o->json, "JSON Lines on stdout after the program exits; the last object is the result");
  cmd->add_option("command", o->command, "-- CMD ARGS...: the program to run")->required();
  cmd->callback([o, cmd, &exit_code] {
    noteMediumChoice(*cmd, o->device);
    const Output out(o->json);
    Outcome r = runEmulate(*o);
    // The child's failure is the answer (an export after a failed burn fails too); emulate's own
    // failures use the code table.
    exit_code = r.child_exit > 0 || r.status.ok() ? r.child_exit : exitCodeFor(r.status.code());
    const double t = r.fields.contains("virtual_seconds") ? r.fields["virtual_seconds"].get<double>() : 0.0;
    if (!r.status.ok() || o->json) out.result(r.status, exit_code, t, r.fields);
  });
}

}  // namespace dm::cli
