# One static library per module (docs/ARCHITECTURE.md, "Modules"). A module names the modules
# it uses, all of them below it; the build links exactly those, and the module_layering test
# (tests/check_module_layering.cmake) fails when a file includes a header of a module that is
# not below its own. loopkeeper_write_module_graph() writes the graph that test reads.

# loopkeeper_module(NAME [DEPENDS module...] SOURCES file...)
# Creates the static library loopkeeper_NAME (alias Loopkeeper::NAME) from SOURCES (relative to
# the current folder) and links it to the libraries of the modules in DEPENDS.
function(loopkeeper_module name)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "DEPENDS;SOURCES")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "loopkeeper_module(${name}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
    endif()
    set(target loopkeeper_${name})
    add_library(${target} STATIC ${arg_SOURCES})
    add_library(Loopkeeper::${name} ALIAS ${target})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC loopkeeper_options Qt6::Core Qt6::Concurrent Qt6::Network)
    foreach(dep IN LISTS arg_DEPENDS)
        target_link_libraries(${target} PUBLIC loopkeeper_${dep})
    endforeach()
    file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
    loopkeeper_record_module(${name} DIR ${dir} DEPENDS ${arg_DEPENDS} SOURCES ${arg_SOURCES})
endfunction()

# Records a module (or an executable's folder) in the graph without creating a library.
function(loopkeeper_record_module name)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIR" "DEPENDS;SOURCES")
    set_property(GLOBAL APPEND PROPERTY LOOPKEEPER_MODULES ${name})
    set_property(GLOBAL PROPERTY LOOPKEEPER_MODULE_${name}_DIR "${arg_DIR}")
    set_property(GLOBAL PROPERTY LOOPKEEPER_MODULE_${name}_DEPENDS "${arg_DEPENDS}")
    set_property(GLOBAL PROPERTY LOOPKEEPER_MODULE_${name}_SOURCES "${arg_SOURCES}")
endfunction()

# Writes the recorded graph to FILE as CMake variables (LK_MODULES, LK_MODULE_<m>_DIR,
# LK_MODULE_<m>_DEPENDS, LK_MODULE_<m>_SOURCES).
function(loopkeeper_write_module_graph file)
    get_property(modules GLOBAL PROPERTY LOOPKEEPER_MODULES)
    set(text "# Written by cmake/LoopkeeperModules.cmake; read by tests/check_module_layering.cmake.\n")
    string(APPEND text "set(LK_MODULES ${modules})\n")
    foreach(m IN LISTS modules)
        foreach(what DIR DEPENDS SOURCES)
            get_property(value GLOBAL PROPERTY LOOPKEEPER_MODULE_${m}_${what})
            string(APPEND text "set(LK_MODULE_${m}_${what} ${value})\n")
        endforeach()
    endforeach()
    file(WRITE ${file} "${text}")
endfunction()

# Adds files that a module compiles in a target of its own (e.g. its torch objects) to its
# recorded sources.
function(loopkeeper_record_module_sources name)
    set_property(GLOBAL APPEND PROPERTY LOOPKEEPER_MODULE_${name}_SOURCES ${ARGN})
endfunction()
