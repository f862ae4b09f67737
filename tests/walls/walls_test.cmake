# The module walls, checked against the real compiler (cmake -P, run by ctest as walls.*):
#
#   1. includes: for each module M, a probe source including one public header of every other
#      module X is compiled with M's own compile command (from compile_commands.json). It must
#      compile exactly when M reaches X through its declared USES; so verify including server,
#      store, station or sim fails, as does any module reaching an internal/ header of another.
#   2. tabulate is pure: its library calls nothing that does I/O or reads a clock (nm).
#   3. no source in src/ includes by a relative path ("../other/x.h"), around the include path.
#   4. the secrecy wall holds at link time too: the register's library needs no symbol of the
#      e-voting module and the other way round (nm), whatever a CMake line might link.
#
# Arguments (-D): COMPILE_COMMANDS, SOURCE_DIR, WORK_DIR, NM, TABULATE_LIB, REGISTRY_LIB,
# EVOTE_LIB, and for each module
# M in MODULES (a ;-list as a |-list), REACH_<M> (|-list).
cmake_minimum_required(VERSION 3.25)
string(REPLACE "|" ";" MODULES "${MODULES}")
set(failures 0)
macro(fail message)
  message(SEND_ERROR "${message}")
  math(EXPR failures "${failures} + 1")
endmacro()

# -- 1. includes ---------------------------------------------------------------------------
file(READ ${COMPILE_COMMANDS} commands)
string(JSON count LENGTH "${commands}")
math(EXPR last "${count} - 1")
file(MAKE_DIRECTORY ${WORK_DIR})
set(probes 0)
foreach(m IN LISTS MODULES)
  # M's compile command: the first entry compiling a source of src/M/.
  set(command "")
  foreach(i RANGE ${last})
    string(JSON file GET "${commands}" ${i} file)
    if(file MATCHES "^${SOURCE_DIR}/src/${m}/[^/]+\\.cc$")
      string(JSON command GET "${commands}" ${i} command)
      string(JSON directory GET "${commands}" ${i} directory)
      break()
    endif()
  endforeach()
  if(command STREQUAL "")
    fail("no compile command for a source of src/${m}")
    continue()
  endif()
  separate_arguments(args UNIX_COMMAND "${command}")
  # Drop a launcher (ccache), the output and the source: keep the compiler and its flags.
  list(GET args 0 first)
  if(first MATCHES "ccache$")
    list(POP_FRONT args)
  endif()
  set(flags "")
  set(skip FALSE)
  foreach(a IN LISTS args)
    if(skip)
      set(skip FALSE)
    elseif(a STREQUAL "-o" OR a STREQUAL "-MF" OR a STREQUAL "-MT")
      set(skip TRUE)
    elseif(NOT a STREQUAL "-c" AND NOT a STREQUAL "-MD" AND NOT a MATCHES "\\.cc$")
      list(APPEND flags ${a})
    endif()
  endforeach()
  string(REPLACE "|" ";" reach "${REACH_${m}}")
  foreach(x IN LISTS MODULES)
    if(x STREQUAL m)
      continue()
    endif()
    file(GLOB headers ${SOURCE_DIR}/src/${x}/*.h)
    list(SORT headers)
    list(GET headers 0 header)
    get_filename_component(header ${header} NAME)
    set(probe ${WORK_DIR}/${m}_includes_${x}.cc)
    file(WRITE ${probe} "#include \"${x}/${header}\"\n")
    execute_process(COMMAND ${flags} -fsyntax-only ${probe} WORKING_DIRECTORY ${directory}
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
    math(EXPR probes "${probes} + 1")
    if(x IN_LIST reach AND NOT rc EQUAL 0)
      fail("${m} declares ${x} but cannot include ${x}/${header}:\n${err}")
    elseif(NOT x IN_LIST reach AND rc EQUAL 0)
      fail("${m} can include ${x}/${header} without declaring ${x}: the wall is open")
    endif()
    # Another module's internal headers are never reachable.
    file(GLOB internal ${SOURCE_DIR}/src/${x}/internal/*.h)
    if(internal)
      list(GET internal 0 ih)
      get_filename_component(ih ${ih} NAME)
      file(WRITE ${probe} "#include \"${x}/internal/${ih}\"\n")
      execute_process(COMMAND ${flags} -fsyntax-only ${probe} WORKING_DIRECTORY ${directory}
                      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
      math(EXPR probes "${probes} + 1")
      if(rc EQUAL 0)
        fail("${m} can include ${x}/internal/${ih}: internal headers are the module's own")
      endif()
    endif()
  endforeach()
endforeach()

# -- 2. tabulate is pure ---------------------------------------------------------------------
execute_process(COMMAND ${NM} -u -C ${TABULATE_LIB} OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  fail("nm failed on ${TABULATE_LIB}")
endif()
string(REPLACE "\n" ";" undefined "${undefined}")
# C library calls that touch files, the clock, the environment or randomness; C++ streams,
# filesystem and clocks; Ashyq's own file and clock functions.
set(forbidden open open64 openat openat64 creat read write pread pread64 pwrite pwrite64 fopen fopen64
    fread fwrite fgets fputs printf fprintf puts stat stat64 fstat fstat64 lstat mkdir unlink rename remove
    fsync syncfs opendir readdir time clock_gettime gettimeofday clock localtime localtime_r gmtime gmtime_r
    getenv rand random getrandom)
set(impure "")
foreach(line IN LISTS undefined)
  string(STRIP "${line}" line)
  string(REGEX REPLACE "^U " "" symbol "${line}")
  string(REGEX REPLACE "@.*$" "" plain "${symbol}")
  if(plain IN_LIST forbidden
     OR symbol MATCHES "std::(__cxx11::)?basic_[io]?fstream"
     OR symbol MATCHES "std::filesystem::"
     OR symbol MATCHES "std::chrono::_V2::[a-z]+_clock::now"
     OR symbol MATCHES "std::random_device"
     OR symbol MATCHES "^ashyq::(ReadFile|ReadRegularFile|WriteFileAtomic|SyncFileSystem|MakeDirectories|UtcNow)\\(")
    list(APPEND impure "${symbol}")
  endif()
endforeach()
if(impure)
  fail("tabulate must do no I/O and read no clock (DESIGN.md), but calls: ${impure}")
endif()

# -- 3. no relative includes around the walls -------------------------------------------------
file(GLOB_RECURSE sources ${SOURCE_DIR}/src/*.h ${SOURCE_DIR}/src/*.cc)
foreach(s IN LISTS sources)
  file(STRINGS ${s} relative REGEX "^[ \t]*#[ \t]*include[ \t]*\"\\.\\./")
  if(relative)
    fail("${s} includes by a relative path (${relative}): include \"module/header.h\"")
  endif()
endforeach()

# -- 4. registry and evote: no symbol of one needed by the other ------------------------------
foreach(pair "REGISTRY_LIB;evote" "EVOTE_LIB;registry")
  list(GET pair 0 var)
  list(GET pair 1 other)
  if(NOT ${var})
    fail("${var} not given: the secrecy wall cannot be checked")
    continue()
  endif()
  execute_process(COMMAND ${NM} -u -C ${${var}} OUTPUT_VARIABLE undefined RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    fail("nm failed on ${${var}}")
  endif()
  string(REGEX MATCHALL "ashyq::${other}::[^\n]*" crossing "${undefined}")
  if(crossing)
    fail("${${var}} needs symbols of ${other} (registry and evote never reach each other): ${crossing}")
  endif()
endforeach()

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} wall check(s) failed (${probes} include probes)")
endif()
message(STATUS "walls hold: ${probes} include probes, tabulate pure, no relative includes, "
               "registry and evote link apart")
