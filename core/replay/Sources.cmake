# Traffic replay to the edge fleet: drift schedule, image transforms, a small keep-alive HTTP
# client and the Replayer; `loopkeeper-cli replay` is its command line.
target_sources(loopkeeper_core PRIVATE
    cli/ReplayCommands.cpp
    replay/DriftSchedule.cpp
    replay/DriftSchedule.h
    replay/HttpClient.cpp
    replay/HttpClient.h
    replay/ImageTransforms.cpp
    replay/ImageTransforms.h
    replay/Replayer.cpp
    replay/Replayer.h
)
