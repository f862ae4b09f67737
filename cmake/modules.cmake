# Modules and their walls (DESIGN.md "Layout"): one library per folder of src/, and each module
# sees only the modules it declares — enforced by the compiler's include path, not by habit.
#
#   ashyq_module(NAME [USES module...] [LIBS library...] [SOURCES extra.cc...])
#
# builds ashyq_NAME from src/NAME/*.cc and src/NAME/internal/*.cc. Its include path is:
#   - its own folder, whole (build/include/NAME/self/NAME -> src/NAME), internal/ included;
#   - the public headers of each module it USES (and of theirs, transitively), nothing else.
# A module's public headers are src/NAME/*.h; src/NAME/internal/*.h are for the module itself
# (and its tests) only. There is no global src/ include path: a module that includes a header of
# a module it does not declare fails to compile. USES must be allowed by DESIGN.md's layering
# (ASHYQ_ALLOWED_<NAME> below); a module that declares more stops the configuration.
# tests/walls checks both, and that tabulate does no I/O and reads no clock.

# What DESIGN.md lets each module use. Dependencies point downward only:
#   core <- crypto <- {registry, protocol, ledger, evote} <- {tabulate, store, record, decide}
#        <- {station, server, verify, observe, audit} <- tools;   sim may use everything.
# Walls: registry and evote never use each other; verify, observe and audit never use server,
# store, station (or sim).
set(ASHYQ_TIER1 crypto)
set(ASHYQ_TIER2 registry protocol ledger evote)
set(ASHYQ_TIER3 tabulate store record decide)
set(ASHYQ_TIER4 station server verify observe audit)
set(ASHYQ_ALLOWED_core "")
set(ASHYQ_ALLOWED_crypto core)
foreach(m IN LISTS ASHYQ_TIER2)
  set(ASHYQ_ALLOWED_${m} core crypto)
endforeach()
set(ASHYQ_ALLOWED_registry core crypto)  # never evote: ballot secrecy by construction
set(ASHYQ_ALLOWED_evote core crypto)     # never registry
foreach(m IN LISTS ASHYQ_TIER3)
  set(ASHYQ_ALLOWED_${m} core ${ASHYQ_TIER1} ${ASHYQ_TIER2})
endforeach()
foreach(m station server)
  set(ASHYQ_ALLOWED_${m} core ${ASHYQ_TIER1} ${ASHYQ_TIER2} ${ASHYQ_TIER3})
endforeach()
foreach(m verify observe audit)  # read only the published record
  set(ASHYQ_ALLOWED_${m} core ${ASHYQ_TIER1} ${ASHYQ_TIER2} tabulate record decide)
endforeach()
set(ASHYQ_ALLOWED_sim core ${ASHYQ_TIER1} ${ASHYQ_TIER2} ${ASHYQ_TIER3} ${ASHYQ_TIER4})

set_property(GLOBAL PROPERTY ASHYQ_MODULES "")

function(ashyq_module name)
  cmake_parse_arguments(M "" "" "USES;LIBS;SOURCES" ${ARGN})
  foreach(u IN LISTS M_USES)
    if(NOT u IN_LIST ASHYQ_ALLOWED_${name})
      message(FATAL_ERROR "module ${name} may not use ${u} (DESIGN.md layering; cmake/modules.cmake "
                          "ASHYQ_ALLOWED_${name}: ${ASHYQ_ALLOWED_${name}})")
    endif()
    if(NOT TARGET ashyq_${u})
      message(FATAL_ERROR "module ${name} uses ${u}, which is not defined yet (declare it first)")
    endif()
  endforeach()
  set(src ${PROJECT_SOURCE_DIR}/src/${name})
  file(GLOB sources CONFIGURE_DEPENDS ${src}/*.cc ${src}/internal/*.cc)
  file(GLOB headers CONFIGURE_DEPENDS ${src}/*.h)
  if(NOT sources AND NOT M_SOURCES)
    return()
  endif()

  # The include farms: symbolic links, remade at each configuration.
  set(farm ${CMAKE_BINARY_DIR}/include/${name})
  file(REMOVE_RECURSE ${farm})
  file(MAKE_DIRECTORY ${farm}/public/${name} ${farm}/self)
  foreach(h IN LISTS headers)
    get_filename_component(file ${h} NAME)
    file(CREATE_LINK ${h} ${farm}/public/${name}/${file} SYMBOLIC)
  endforeach()
  file(CREATE_LINK ${src} ${farm}/self/${name} SYMBOLIC)

  add_library(ashyq_${name} STATIC ${sources} ${M_SOURCES})
  target_include_directories(ashyq_${name} PRIVATE ${farm}/self INTERFACE ${farm}/public)
  foreach(u IN LISTS M_USES)
    target_link_libraries(ashyq_${name} PUBLIC ashyq_${u})
  endforeach()
  target_link_libraries(ashyq_${name} PUBLIC ${M_LIBS})

  set_property(GLOBAL APPEND PROPERTY ASHYQ_MODULES ${name})
  set_property(GLOBAL PROPERTY ASHYQ_USES_${name} ${M_USES})
endfunction()

# The modules `name` reaches through USES, transitively (what its include path shows).
function(ashyq_module_reach name out)
  set(reach "")
  set(queue ${name})
  while(queue)
    list(POP_FRONT queue m)
    get_property(uses GLOBAL PROPERTY ASHYQ_USES_${m})
    foreach(u IN LISTS uses)
      if(NOT u IN_LIST reach)
        list(APPEND reach ${u})
        list(APPEND queue ${u})
      endif()
    endforeach()
  endwhile()
  set(${out} ${reach} PARENT_SCOPE)
endfunction()
