# Finds every system dependency (Debian packages) through its CMake config or pkg-config,
# and exposes each as an imported target named mercato::dep::<name>.
find_package(Threads REQUIRED)
find_package(Protobuf 3.21 REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)

function(mercato_pkg name module)
  pkg_check_modules(${name} REQUIRED IMPORTED_TARGET GLOBAL ${module})
  add_library(mercato::dep::${name} ALIAS PkgConfig::${name})
endfunction()

if(MERCATO_BUILD_SERVER OR MERCATO_BUILD_TESTS)
  mercato_pkg(libpq libpq)
  mercato_pkg(hiredis hiredis)
  mercato_pkg(rdkafka rdkafka)
  mercato_pkg(rdkafkapp rdkafka++)
  mercato_pkg(sqlite3 sqlite3)
  mercato_pkg(sodium libsodium)
  mercato_pkg(httplib cpp-httplib)
  mercato_pkg(curl libcurl)
  find_package(spdlog CONFIG REQUIRED)
  find_package(CLI11 CONFIG REQUIRED)
  find_package(nlohmann_json CONFIG REQUIRED)
  # Delivery zones: Boost.Geometry (header-only) for outlines and their R-tree; Abseil's time zones
  # (already gRPC's dependency) for weekly slot templates in local time.
  find_package(Boost 1.74 REQUIRED)
  find_package(absl CONFIG REQUIRED)
endif()
if(MERCATO_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()
