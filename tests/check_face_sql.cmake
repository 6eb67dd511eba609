# Fails if a face (core/cli, core/api, core/http, core/node, ui, app) under SOURCE_DIR runs SQL
# of its own: SQL statements in its source (SELECT ... FROM, INSERT INTO, UPDATE ... SET,
# DELETE FROM, CREATE/ALTER/DROP TABLE, PRAGMA, BEGIN ...), calls of the Database's
# prepare/exec/queryInt API, storage::Statement or storage::Transaction, or SQLite's C API.
# Faces ask the modules' query services and stores instead (docs/limits.md, "List queries").
# Comment lines are not code and are skipped. Run with: cmake -DSOURCE_DIR=... -P this-file
cmake_policy(SET CMP0007 NEW)
if(NOT SOURCE_DIR)
    message(FATAL_ERROR "pass -DSOURCE_DIR=<tree to check>")
endif()

set(faces core/cli core/api core/http core/node ui app)
set(globs "")
foreach(face IN LISTS faces)
    list(APPEND globs "${SOURCE_DIR}/${face}/*")
endforeach()
file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}" ${globs})

# What SQL of one's own looks like, each with the reason printed for it.
set(patterns
    "\"[ \t]*SELECT[ \t]"                                   "an SQL SELECT in a string"
    "SELECT[ \t].*[ \t]FROM[ \t]"                          "an SQL SELECT ... FROM"
    "INSERT[ \t]+(OR[ \t]+[A-Z]+[ \t]+)?INTO[ \t]"        "an SQL INSERT INTO"
    "REPLACE[ \t]+INTO[ \t]"                               "an SQL REPLACE INTO"
    "UPDATE[ \t]+[A-Za-z_]+[ \t]+SET[ \t]"                 "an SQL UPDATE ... SET"
    "DELETE[ \t]+FROM[ \t]"                                "an SQL DELETE FROM"
    "(CREATE|ALTER|DROP)[ \t]+(TABLE|INDEX|UNIQUE|VIEW|TRIGGER|VIRTUAL)[ \t]" "SQL that changes the schema"
    "PRAGMA[ \t]+[a-z_]+"                                  "an SQL PRAGMA"
    "BEGIN[ \t]+(IMMEDIATE|DEFERRED|EXCLUSIVE|TRANSACTION)" "an SQL BEGIN"
    "(\\.|->)(prepare|queryInt|lastInsertRowId)[ \t]*\\(" "a call of the Database's prepare/queryInt API"
    "(\\.|->)exec[ \t]*\\([ \t]*[^)Q \t]"                  "a call of the Database's exec() with SQL"
    "storage::(Statement|Transaction)"                     "a statement or transaction of its own"
    "sqlite3_[a-z0-9_]+[ \t]*\\("                          "a call of SQLite's C API"
    "#[ \t]*include[ \t]*[<\"]sqlite3\\.h"                 "SQLite's C API"
)
list(LENGTH patterns count)
math(EXPR last "${count} - 1")

set(violations "")
set(checked 0)
foreach(f IN LISTS files)
    if(NOT f MATCHES "\\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inl)$")
        continue()
    endif()
    math(EXPR checked "${checked} + 1")
    foreach(i RANGE 0 ${last} 2)
        math(EXPR j "${i} + 1")
        list(GET patterns ${i} pattern)
        list(GET patterns ${j} reason)
        file(STRINGS "${SOURCE_DIR}/${f}" hits REGEX "${pattern}")
        foreach(line IN LISTS hits)
            string(STRIP "${line}" line)
            if(line STREQUAL "")
                continue() # what followed a ";" of a line that matched
            endif()
            # Comment lines say what code does; they do not run it.
            if(line MATCHES "^[ \t]*(//|/\\*|\\*)")
                continue()
            endif()
            list(APPEND violations "${f}: ${reason}: ${line}")
        endforeach()
    endforeach()
endforeach()
if(violations)
    list(REMOVE_DUPLICATES violations)
    string(REPLACE ";" "\n  " text "${violations}")
    message(FATAL_ERROR
        "Faces run SQL of their own; move it into the module's store or query service:\n  ${text}")
endif()
message(STATUS "no SQL of their own in ${checked} source files of the faces")
