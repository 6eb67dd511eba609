# One INTERFACE target that every Loopkeeper target links: warnings and strict Qt defines.
add_library(loopkeeper_options INTERFACE)
add_library(Loopkeeper::options ALIAS loopkeeper_options)

target_compile_features(loopkeeper_options INTERFACE cxx_std_17)
target_compile_definitions(loopkeeper_options INTERFACE
    # LibTorch declares members called `slots`; all of Loopkeeper uses Q_SIGNALS/Q_SLOTS/Q_EMIT.
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(loopkeeper_options INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
        -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
    if(LOOPKEEPER_WERROR)
        target_compile_options(loopkeeper_options INTERFACE -Werror)
    endif()
endif()

# Hardening that Debian expects of packaged binaries (lintian checks for it).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(loopkeeper_options INTERFACE
        $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2> -fstack-protector-strong)
    target_link_options(loopkeeper_options INTERFACE -Wl,-z,relro -Wl,-z,now)
endif()
