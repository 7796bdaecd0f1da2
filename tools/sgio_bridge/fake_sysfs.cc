// The run's faked sysfs tree (see fake_sysfs.h). Attribute files hold what the kernel's scsi
// layer prints: INQUIRY fields at their full padded width and a newline, type 5 (TYPE_ROM).
#include "tools/sgio_bridge/fake_sysfs.h"

#include <fmt/format.h>

#include <fstream>
#include <system_error>

#include "tools/sgio_bridge/protocol.h"

namespace dm::sgio {
namespace fs = std::filesystem;

namespace {

std::string padded(const std::string& s, size_t width) {
  std::string out = s.substr(0, width);
  out.resize(width, ' ');
  return out;
}

}  // namespace

std::string writeFakeSysfs(const fs::path& dir, unsigned n, const vrec::DriveProfile& profile) {
  const fs::path device = dir / "sys" / "bus" / "scsi" / "devices" / fmt::format("{}:0:0:0", n);
  std::error_code ec;
  fs::create_directories(device / "block" / fmt::format("sr{}", n), ec);
  if (ec) return fmt::format("{}: {}", device.string(), ec.message());
  const std::pair<const char*, std::string> files[] = {
      {"type", "5"},
      {"vendor", padded(profile.vendor, 8)},
      {"model", padded(profile.product, 16)},
      {"rev", padded(profile.revision, 4)},
  };
  for (const auto& [name, value] : files) {
    std::ofstream f(device / name);
    f << value << '\n';
    if (!f) return fmt::format("{}: cannot write", (device / name).string());
  }
  std::ofstream dev(device / "block" / fmt::format("sr{}", n) / "dev");
  dev << fmt::format("11:{}\n", n);
  return dev ? "" : fmt::format("{}: cannot write", device.string());
}

}  // namespace dm::sgio
