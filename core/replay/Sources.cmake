# Traffic replay to the edge fleet: drift schedule, image transforms, a small keep-alive HTTP
# client and the Replayer; `loopkeeper-cli replay` is its command line. DemoData and DemoAgents
# generate the demo's agent data (`loopkeeper-cli demo-agents`).
target_sources(loopkeeper_core PRIVATE
    cli/DemoCommands.cpp
    cli/ReplayCommands.cpp
    replay/DemoAgents.cpp
    replay/DemoAgents.h
    replay/DemoData.cpp
    replay/DemoData.h
    replay/DriftSchedule.cpp
    replay/DriftSchedule.h
    replay/HttpClient.cpp
    replay/HttpClient.h
    replay/ImageTransforms.cpp
    replay/ImageTransforms.h
    replay/Replayer.cpp
    replay/Replayer.h
)
