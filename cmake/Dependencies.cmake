# Every dependency comes from Debian 12's packages (tools/setup.sh installs them), found the way
# each one ships: libcdio, libiso9660 and libsndfile only have pkg-config files; yaml-cpp 0.7 exports a plain
# `yaml-cpp` target; the rest ship CMake package configs.

find_package(PkgConfig REQUIRED)
pkg_check_modules(CDIO REQUIRED IMPORTED_TARGET libcdio libiso9660)
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(Threads REQUIRED)

if(DM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(DM_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
